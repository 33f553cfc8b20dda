"""The Action's job summary lists the commits since the last stable release by effect."""

from __future__ import annotations

from regent.core.changes import CommitChange, Effect
from regent.core.model import PullRequest, PullState
from regent.core.policy import ChangelogPolicy
from regent.core.release_pr.actions import (
    NothingToRelease,
    ReleaseDecision,
    ReleasePrAction,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.report import LISTED_COMMITS
from regent.core.versioning.bump import Bump
from regent.runtimes.action.report import job_summary
from regent.services.release import ReconcileOutcome

CHANGELOG = ChangelogPolicy()


def outcome(commits: tuple[CommitChange, ...], *, reason: str = "only docs") -> ReconcileOutcome:
    decision = ReleaseDecision(
        base_branch="main",
        release_branch="release-regent/main",
        base_sha="a" * 40,
        actions=(NothingToRelease(reason=reason),),
        commits=commits,
    )
    return ReconcileOutcome(decision, decision.events, None, None, None, None)


def change(number: int, effect: Effect, subject: str, note: str | None = None) -> CommitChange:
    bump = Bump.MINOR if effect is Effect.COUNTED else Bump.NONE
    return CommitChange(f"{number:07x}".ljust(40, "0"), effect, subject, bump=bump, note=note)


def test_commits_are_counted_by_effect_newest_first_and_cells_are_escaped() -> None:
    commits = (
        change(1, Effect.COUNTED, "feat: a | b"),
        change(2, Effect.SKIPPED, "WIP", "not a Conventional Commit"),
        change(3, Effect.CANCELLED, "fix: c", "reverted by 0000004"),
    )
    summary = job_summary(outcome(commits), repository="acme/widget", changelog=CHANGELOG)
    assert "<summary>Commits: 1 counted, 1 skipped, 1 cancelled by reverts</summary>" in summary
    rows = [line for line in summary.splitlines() if line.startswith("| `")]
    assert rows == [
        "| `0000003` | cancelled | none | no | fix: c | reverted by 0000004 |",
        "| `0000002` | skipped | none | no | WIP | not a Conventional Commit |",
        "| `0000001` | counted | minor | yes | feat: a \\| b |  |",
    ]


def test_a_long_history_is_cut_with_a_pointer_to_regent_plan() -> None:
    commits = tuple(change(n, Effect.COUNTED, f"feat: {n}") for n in range(1, LISTED_COMMITS + 8))
    summary = job_summary(outcome(commits), repository="acme/widget", changelog=CHANGELOG)
    assert len([line for line in summary.splitlines() if line.startswith("| `")]) == LISTED_COMMITS
    assert "... and 7 older commits (see `regent plan`)." in summary


def test_no_commits_no_table() -> None:
    assert "Commits:" not in job_summary(outcome(()), repository="acme/widget", changelog=CHANGELOG)


def test_commit_text_in_the_summary_is_escaped() -> None:
    hostile = "feat: <!-- hide --> @octocat \x1b[31m\\| ## x"
    summary = job_summary(
        outcome((change(1, Effect.COUNTED, hostile),)),
        repository="acme/widget",
        changelog=CHANGELOG,
    )
    (row,) = [line for line in summary.splitlines() if line.startswith("| `")]
    assert row == (
        "| `0000001` | counted | minor | yes | "
        "feat: <\u2060!-- hide --> @\u2060octocat \ufffd[31m\\\\\\| ## x |  |"
    )
    assert "<!--" not in summary


def test_commit_text_quoted_in_a_reason_is_escaped() -> None:
    reason = "Release-As footer of 0000001 ignored: '<!-- @octocat'"
    summary = job_summary(outcome((), reason=reason), repository="acme/widget", changelog=CHANGELOG)
    assert "<!--" not in summary
    assert "ignored: '<\u2060!-- @\u2060octocat'" in summary


def test_branch_names_in_the_summary_are_escaped() -> None:
    decision = ReleaseDecision(
        base_branch="<!--@x",
        release_branch="release-regent/<!--@x",
        base_sha="a" * 40,
        actions=(NothingToRelease(reason="only docs"),),
        commits=(),
    )
    done = ReconcileOutcome(decision, decision.events, None, None, None, None)
    summary = job_summary(done, repository="acme/widget", changelog=CHANGELOG)
    assert "<!--" not in summary
    assert "`release-regent/<\u2060!--@\u2060x`" in summary


HOSTILE_BODY = "</details><img src=x onerror=alert(1)> @acme/everyone \x1b[2J"


def pull(body: str) -> PullRequest:
    return PullRequest(
        number=7,
        title="chore(release): v1.1.0",
        body=body,
        head_branch="release-regent/main",
        head_sha="b" * 40,
        base_branch="main",
        state=PullState.OPEN,
        merged=False,
        merge_commit_sha=None,
        labels=(),
        draft=False,
        html_url="https://github.test/acme/widget/pull/7",
    )


def with_action(action: ReleasePrAction) -> ReconcileOutcome:
    decision = ReleaseDecision(
        base_branch="main", release_branch="release-regent/main", base_sha="a" * 40,
        actions=(action,),
    )  # fmt: skip
    return ReconcileOutcome(decision, (), pull(HOSTILE_BODY), None, None, "1.1.0", dry_run=True)


def notes(summary: str) -> str:
    return summary.partition("<summary>Release notes</summary>")[2]


def test_the_summary_shows_the_body_the_run_computed_not_the_one_on_github() -> None:
    update = UpdateReleasePr(
        pull=pull(HOSTILE_BODY), version="1.1.0", tag="v1.1.0", base_sha="a" * 40, files=None,
        title=None, body="### Features\n\n* gears", labels=None, reason="the body differs",
    )  # fmt: skip
    assert notes(
        job_summary(with_action(update), repository="acme/widget", changelog=CHANGELOG)
    ) == ("\n\n### Features\n\n* gears\n\n</details>\n")


def test_a_body_the_run_did_not_compute_is_not_shown() -> None:
    skipped = job_summary(
        with_action(SkipReleasePr(pull(HOSTILE_BODY), "release")),
        repository="a/b",
        changelog=CHANGELOG,
    )
    assert "Release notes" not in skipped
    assert "<img" not in skipped
