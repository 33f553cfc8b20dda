"""orjson (the `fast` extra) and the standard library write the same plan document."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.cli.json_encoding import STANDARD, JsonEncoder, best_encoder, fast_encoder
from regent.cli.plan_output import ROWS_PER_WRITE, write_plan_json
from regent.core.analysis import analyse_commits
from regent.core.history import RawCommit
from regent.core.plan import plan_release
from regent.core.policy import ReleasePolicy
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases
from regent.services.planning import PreparedRelease

FAST = fast_encoder()
needs_orjson = pytest.mark.skipif(FAST is None, reason="the fast extra (orjson) is not installed")
HOSTILE = 'fix: "quoted" \\ back, tab\t, NUL-free \x01\x1b[31m, é, ⚠, 😀'


def prepared(count: int, *, notes: str) -> PreparedRelease:
    policy = ReleasePolicy()
    commits = [RawCommit(f"{n:040x}", (), f"{HOSTILE} {n}") for n in range(count, 0, -1)]
    plan = plan_release(
        policy=policy,
        scheme=SEMVER,
        history=find_releases(["v1.0.0"], template=TagTemplate("v{version}"), scheme=SEMVER),
        changes=analyse_commits(commits, bump_policy=policy.bump),
    )
    return PreparedRelease(plan, None, notes, "CHANGELOG.md", ())


def document(release: PreparedRelease, encoder: JsonEncoder, *, pretty: bool) -> object:
    out = io.StringIO()
    write_plan_json(out, release, policy=ReleasePolicy(), pretty=pretty, encoder=encoder)
    return json.loads(out.getvalue())


@needs_orjson
@pytest.mark.parametrize("pretty", [False, True])
def test_both_encoders_write_the_same_document(pretty: bool) -> None:
    assert FAST is not None
    release = prepared(ROWS_PER_WRITE + 7, notes="notes ✓ 😀 \x00 \ud800 lone surrogate\n")
    fast = document(release, FAST, pretty=pretty)
    assert fast == document(release, STANDARD, pretty=pretty)
    assert fast == document(release, STANDARD, pretty=not pretty)
    assert isinstance(fast, dict)
    assert fast["commits"][0]["description"].endswith(f"😀 {ROWS_PER_WRITE + 7}")


def test_the_fastest_installed_encoder_is_used() -> None:
    assert best_encoder().name == ("json" if FAST is None else "orjson")


def containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)


@needs_orjson
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), containers))
def test_any_plain_value_reads_back_the_same_from_both(value: object) -> None:
    """Integers past 64 bits, which orjson refuses, are written by the standard library."""
    assert FAST is not None
    assert json.loads(FAST.compact(value)) == json.loads(STANDARD.compact(value)) == value
    assert json.loads(FAST.indented(value)) == value
