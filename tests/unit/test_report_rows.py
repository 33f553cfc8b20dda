"""One commit row model for every report: what a commit's row says, from a table of cases."""

from __future__ import annotations

from collections import Counter

import pytest

from regent.core.changes import CommitChange, Effect
from regent.core.policy import ChangelogPolicy
from regent.core.report import commit_heading, commit_rows, effect_totals
from regent.core.versioning.bump import Bump

SHA = "c" * 40
NO_SECTION = "type 'chore' does not bump the version and has no release-notes section"


def change(effect: Effect = Effect.COUNTED, **fields: object) -> CommitChange:
    return CommitChange(SHA, effect, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("commit", "policy", "heading", "included", "note"),
    [
        (change(type="feat", scope="api", description="gears", bump=Bump.MINOR),
         ChangelogPolicy(), "feat(api): gears", True, None),
        (change(type="fix", breaking=True, description="drop v1", bump=Bump.MAJOR),
         ChangelogPolicy(), "fix!: drop v1", True, None),
        (change(type="chore", description="tidy"),
         ChangelogPolicy(), "chore: tidy", False, NO_SECTION),
        (change(type="chore", description="tidy"),
         ChangelogPolicy(show_other_types=True), "chore: tidy", True, None),
        (change(Effect.SKIPPED, subject="WIP", note="not a Conventional Commit"),
         ChangelogPolicy(), "WIP", False, "not a Conventional Commit"),
        (change(Effect.CANCELLED, type="fix", description="c", note="reverted by 0000004"),
         ChangelogPolicy(), "fix: c", False, "reverted by 0000004"),
    ],
)  # fmt: skip
def test_a_commit_row_reads_as_the_commit_and_says_why_it_is_left_out(
    commit: CommitChange, policy: ChangelogPolicy, heading: str, included: bool, note: str | None
) -> None:
    [row] = commit_rows((commit,), policy=policy)
    assert (commit_heading(row), row["included"], row["note"]) == (heading, included, note)


def test_rows_are_newest_first() -> None:
    older, newer = change(subject="older"), change(subject="newer")
    rows = commit_rows((older, newer), policy=ChangelogPolicy())
    assert [row["description"] for row in rows] == ["newer", "older"]


@pytest.mark.parametrize(
    ("effects", "totals"),
    [
        (["counted", "skipped", "counted"], "2 counted, 1 skipped"),
        (["cancelled", "counted"], "1 counted, 1 cancelled by reverts"),
        ([], ""),
    ],
)
def test_effect_totals_name_the_effects_that_occur_in_one_order(
    effects: list[str], totals: str
) -> None:
    assert effect_totals(Counter(effects)) == totals
