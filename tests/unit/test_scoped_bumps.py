"""Bump rules that name a scope: ``bump.types: {"chore(deps)": patch}``."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from regent.config import parse_config_text
from regent.config.models import RegentConfig
from regent.config.sections import BUMP_RULE_PATTERN
from regent.core.analysis import analyse_commits
from regent.core.commits import ConventionalCommit, parse_message
from regent.core.errors import ConfigError
from regent.core.history import RawCommit
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump


def bump_of(header: str, rules: dict[str, str]) -> Bump:
    policy = RegentConfig.model_validate({"bump": {"types": rules}}).to_policy().bump
    (change,) = analyse_commits([RawCommit(f"{1:040x}", (), header)], bump_policy=policy)
    return change.bump


@pytest.mark.parametrize(
    ("header", "rules", "expected"),
    [
        pytest.param("chore(deps): bump x", {"chore(deps)": "patch"}, Bump.PATCH, id="scoped"),
        pytest.param("chore(ci): tidy", {"chore(deps)": "patch"}, Bump.NONE, id="other-scope"),
        pytest.param("chore: tidy", {"chore(deps)": "patch"}, Bump.NONE, id="no-scope"),
        pytest.param("Chore(Deps): bump x", {"chore(deps)": "patch"}, Bump.PATCH, id="any-case"),
        pytest.param("fix(deps): bump x", {"chore(deps)": "patch"}, Bump.PATCH, id="type-first"),
        pytest.param(
            "feat(docs): a page", {"feat(docs)": "none"}, Bump.NONE, id="scoped-none-wins"
        ),
        pytest.param(
            "feat(api): a call", {"feat(docs)": "none"}, Bump.MINOR, id="bare-type-for-rest"
        ),
        pytest.param(
            "docs(api): a page",
            {"docs": "patch", "docs(api)": "minor"},
            Bump.MINOR,
            id="scoped-over-bare",
        ),
        pytest.param(
            "build(deps)!: drop py3.9", {"build(deps)": "patch"}, Bump.MAJOR, id="breaking-wins"
        ),
        pytest.param(
            "chore(web ui): x", {"chore(web ui)": "patch"}, Bump.PATCH, id="scope-with-space"
        ),
    ],
)
def test_scoped_rule(header: str, rules: dict[str, str], expected: Bump) -> None:
    assert bump_of(header, rules) == expected


def test_default_policy_has_no_scoped_rule() -> None:
    commit = RawCommit(f"{1:040x}", (), "chore(deps): bump x")
    (change,) = analyse_commits([commit], bump_policy=BumpPolicy())
    assert change.bump is Bump.NONE


@pytest.mark.parametrize(
    "key",
    ["chore()", "chore(a)(b)", "chore (deps)", "chore(deps", "(deps)", "chore(d)x", "feat!"],
)
def test_a_key_not_shaped_like_a_header_is_refused(key: str) -> None:
    with pytest.raises(ConfigError, match=r"not a commit type or type\(scope\)"):
        parse_config_text(f"bump:\n  types:\n    '{key}': patch\n", source="x.yml")


TYPES = st.text(
    alphabet=st.characters(blacklist_characters="():!", blacklist_categories=("Z", "Cc", "Cs")),
    min_size=1,
    max_size=8,
)
SCOPES = st.text(
    alphabet=st.characters(blacklist_characters="()\n\r", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=8,
)


@given(kind=TYPES, scope=SCOPES)
def test_a_scoped_key_applies_to_the_header_it_spells(kind: str, scope: str) -> None:
    header = f"{kind}({scope}): something"
    parsed = parse_message(header)
    assume(isinstance(parsed, ConventionalCommit))
    assert bump_of(header, {f"{kind}({scope})": "major"}) is Bump.MAJOR


@given(key=st.text(max_size=20))
def test_any_key_is_accepted_or_refused_with_a_config_problem(key: str) -> None:
    rules = {"bump": {"types": {key: "patch"}}}
    if re.fullmatch(BUMP_RULE_PATTERN, key):
        assert RegentConfig.model_validate(rules).to_policy().bump.bump_map()[key.lower()]
        return
    with pytest.raises(ValidationError, match=r"not a commit type or type\(scope\)"):
        RegentConfig.model_validate(rules)
