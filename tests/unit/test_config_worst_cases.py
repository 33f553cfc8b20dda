"""Hostile configuration files: refused quickly, with a message of bounded size."""

from __future__ import annotations

import re
from contextlib import suppress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.config import parse_config_text
from regent.config.problems import MAX_LISTED
from regent.core.errors import ConfigError
from tests.time_guard import guard

UNKNOWN_KEYS = 100_000
CASES = {
    "100000-unknown-nested-keys": "bump:\n" + "".join(f"  k{i}: 1\n" for i in range(UNKNOWN_KEYS)),
    "100000-duplicate-keys": "tag_template: 'v{version}'\n" * UNKNOWN_KEYS,
    "100000-aliases": "a: &x 1\n" + "".join(f"b{i}: *x\n" for i in range(UNKNOWN_KEYS)),
    "30000-bad-list-items": "version_files:\n" + "  - {path: a, kind: nope}\n" * 30_000,
    "100000-tab-lines": "a:\n" + "\tb: 1\n" * UNKNOWN_KEYS,
    "100000-deep-flow": "[" * UNKNOWN_KEYS + "]" * UNKNOWN_KEYS,
    "100000-deep-mapping": "a: {" * UNKNOWN_KEYS + "}" * UNKNOWN_KEYS,
    "deep-block-mapping": "".join(" " * depth + f"k{depth}:\n" for depth in range(2_000)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_configuration_is_refused_with_a_bounded_message(case: str) -> None:
    with guard(), pytest.raises(ConfigError) as refused:
        parse_config_text(CASES[case], source="c.yml")
    message = str(refused.value)
    assert len(message.splitlines()) <= 2 * MAX_LISTED + 1
    assert len(message) < 10_000


def test_100000_unknown_keys_list_the_first_and_count_the_rest() -> None:
    text = "".join(f"k{i}: 1\n" for i in range(UNKNOWN_KEYS))
    with guard(), pytest.raises(ConfigError) as refused:
        parse_config_text(text, source="c.yml")
    lines = str(refused.value).splitlines()
    assert len(lines) == MAX_LISTED + 1
    assert lines[0].startswith("c.yml:1: k0: unknown key")
    assert lines[MAX_LISTED - 1].startswith(f"c.yml:{MAX_LISTED}: k{MAX_LISTED - 1}: unknown key")
    assert (
        lines[-1]
        == f"c.yml: and {UNKNOWN_KEYS - MAX_LISTED} more problems; fix the ones above first"
    )


def test_deep_nesting_is_refused_before_the_tree_is_built() -> None:
    with pytest.raises(ConfigError, match="nests more than 64 levels") as refused:
        parse_config_text(CASES["deep-block-mapping"], source="c.yml")
    assert refused.value.line == 65


@pytest.mark.parametrize(
    ("text", "line", "character"),
    [
        pytest.param("a: 1\nb: \ud800\n", 2, "U+D800", id="lone-surrogate"),
        pytest.param("a: " + "é" * 20 + "\x07\n\n\n", 1, "U+0007", id="after-multibyte-text"),
    ],
)
def test_a_forbidden_character_is_placed_on_its_line(text: str, line: int, character: str) -> None:
    with pytest.raises(
        ConfigError, match=re.escape(f"the character {character} is not")
    ) as refused:
        parse_config_text(text, source="c.yml")
    assert refused.value.line == line


@given(text=st.text())
def test_any_text_is_a_policy_or_a_config_error(text: str) -> None:
    with suppress(ConfigError):
        parse_config_text(text, source="c.yml")


def test_a_megabyte_value_is_quoted_cut_short() -> None:
    text = "release_pr:\n  title: '" + "{" * 1_000_000 + "'\n"
    with pytest.raises(ConfigError, match=r"^c\.yml:2: release_pr\.title: ") as refused:
        parse_config_text(text, source="c.yml")
    assert len(str(refused.value)) < 500


def test_a_file_holding_one_long_text_is_not_echoed_whole() -> None:
    with pytest.raises(ConfigError, match="the top level must be a mapping") as refused:
        parse_config_text("x" * 1_000_000, source="c.yml")
    assert len(str(refused.value)) < 300
