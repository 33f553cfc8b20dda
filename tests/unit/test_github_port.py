"""The GitHub port's values and the call meter (pure)."""

from __future__ import annotations

import pytest

from regent.adapters.github.meter import OUTSIDE_OPERATIONS, CallMeter
from regent.core.errors import UsageError
from regent.core.model import CallCounts, Ensured, Outcome, RepoRef


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("acme/widget", RepoRef("acme", "widget"), id="plain"),
        pytest.param(" acme/widget.js ", RepoRef("acme", "widget.js"), id="trimmed"),
    ],
)
def test_repo_ref_parses(text: str, expected: RepoRef) -> None:
    assert RepoRef.parse(text) == expected
    assert str(expected) == expected.full_name == text.strip()


@pytest.mark.parametrize("text", ["acme", "/widget", "acme/", "acme/widget/extra", ""])
def test_repo_ref_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="owner/name"):
        RepoRef.parse(text)


def test_call_counts() -> None:
    before = CallCounts.of({"find_release_pull": 1})
    after = CallCounts.of({"find_release_pull": 2, "open_release_pull": 1, "unused": 0})
    assert after.total == 3
    assert after["open_release_pull"] == 1
    assert after["missing"] == 0
    assert after.since(before) == CallCounts.of({"find_release_pull": 1, "open_release_pull": 1})
    assert str(after) == "3 GitHub API calls (find_release_pull=2, open_release_pull=1)"
    assert str(CallCounts()) == "0 GitHub API calls"


def test_ensured_says_whether_it_created() -> None:
    assert Ensured("x", Outcome.CREATED).created
    assert not Ensured("x", Outcome.EXISTED).created
    assert not Ensured("x", Outcome.DIFFERS).created


def test_the_meter_counts_by_operation_and_nested_blocks_join_the_outer_one() -> None:
    meter = CallMeter()
    meter.record()
    with meter.operation("ensure_release"):
        meter.record()
        with meter.operation("find"):
            meter.record()
            assert meter.current == "ensure_release"
        meter.record("app_auth")
    assert meter.counts() == CallCounts.of(
        {OUTSIDE_OPERATIONS: 1, "ensure_release": 2, "app_auth": 1}
    )


def test_the_meter_books_waits_per_operation() -> None:
    meter = CallMeter()
    with meter.operation("comment"):
        assert meter.try_wait(3, limit=5)
        assert not meter.try_wait(3, limit=5)
        assert meter.try_wait(2, limit=5)
    with meter.operation("comment"):
        assert meter.try_wait(5, limit=5)


def test_a_tally_counts_only_the_requests_of_operations_run_with_it() -> None:
    meter, tally = CallMeter(), CallMeter()
    with meter.operation("branch_head", tally=tally):
        meter.record()
        with meter.operation("inner", tally=CallMeter()):
            meter.record("app_auth")
    with meter.operation("comment"):
        meter.record()
    assert tally.counts() == CallCounts.of({"branch_head": 1, "app_auth": 1})
    assert meter.counts() == CallCounts.of({"branch_head": 1, "app_auth": 1, "comment": 1})
