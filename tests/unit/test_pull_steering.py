"""Merged pull requests steering a plan: override blocks, bump floors, and their reasons."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory
from regent.adapters.jinja_renderer import JinjaRenderer
from regent.core.analysis import CommitOverride, analyse_commits
from regent.core.model import PullRequest, PullState
from regent.core.plan import ReleasePlan, VersionOverride, plan_release
from regent.core.plan_overrides import PlanOverride
from regent.core.policy import BumpPolicy, ReleasePolicy, TemplatePolicy
from regent.core.pull_steering import (
    PULLS_NOT_READ,
    BumpFloor,
    PullSteering,
    commit_override_text,
    pull_steering,
)
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases
from regent.services.planning import PlanningService
from tests.gitrepo import GitRepo
from tests.unit.test_analysis import chain, sha


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Intro\n\nBEGIN_COMMIT_OVERRIDE\nfeat: a\nfix: b\nEND_COMMIT_OVERRIDE\n\nOutro",
            "feat: a\nfix: b",
            id="release-please-form",
        ),
        pytest.param(
            "BEGIN_COMMIT_OVERRIDE\r\nfeat: a\r\n\r\nbody\r\nEND_COMMIT_OVERRIDE",
            "feat: a\n\nbody",
            id="crlf",
        ),
        pytest.param(
            "  BEGIN_COMMIT_OVERRIDE  \nfix: a\n END_COMMIT_OVERRIDE", "fix: a", id="blanks"
        ),
        pytest.param("BEGIN_COMMIT_OVERRIDE\nfeat: a\n", None, id="no-end"),
        pytest.param("END_COMMIT_OVERRIDE\nBEGIN_COMMIT_OVERRIDE\nfix: a", None, id="end-first"),
        pytest.param(
            "Say BEGIN_COMMIT_OVERRIDE in prose\nfix: a\nEND_COMMIT_OVERRIDE", None, id="in-prose"
        ),
        pytest.param(
            "see BEGIN_COMMIT_OVERRIDE\nBEGIN_COMMIT_OVERRIDE\nfix: a\nEND_COMMIT_OVERRIDE",
            "fix: a",
            id="prose-then-block",
        ),
        pytest.param("", None, id="empty"),
    ],
)
def test_commit_override_block(body: str, expected: str | None) -> None:
    assert commit_override_text(body) == expected


def pull(
    number: int,
    *,
    merge_sha: str | None,
    body: str = "",
    labels: tuple[str, ...] = (),
    merged: bool = True,
) -> PullRequest:
    return PullRequest(
        number=number,
        title=f"PR {number}",
        body=body,
        head_branch=f"topic-{number}",
        head_sha="f" * 40,
        base_branch="main",
        state=PullState.CLOSED,
        merged=merged,
        merge_commit_sha=merge_sha,
        labels=labels,
        draft=False,
        html_url=f"https://github.com/o/r/pull/{number}",
        merged_at="2026-01-01T00:00:00Z" if merged else None,
    )


def test_steering_keeps_merged_pulls_only_and_the_highest_floor() -> None:
    override = "BEGIN_COMMIT_OVERRIDE\nfeat: right\nEND_COMMIT_OVERRIDE"
    steering = pull_steering(
        [
            pull(1, merge_sha=sha(1), body=override, labels=("bug", "release-regent: bump-patch")),
            pull(
                2,
                merge_sha=sha(2),
                labels=("Release-Regent: bump-minor", "release-regent: bump-patch"),
            ),
            pull(
                3,
                merge_sha=sha(3),
                body=override,
                labels=("release-regent: bump-major",),
                merged=False,
            ),
            pull(4, merge_sha=sha(4), labels=("release-regent: bump-huge",)),
        ]
    )
    assert steering.overrides == {sha(1): CommitOverride(1, "feat: right")}
    assert steering.floors == {
        sha(1): BumpFloor(Bump.PATCH, 1, "release-regent: bump-patch"),
        sha(2): BumpFloor(Bump.MINOR, 2, "Release-Regent: bump-minor"),
    }


def decide(
    messages: list[str],
    *,
    steering: PullSteering,
    tags: tuple[str, ...] = ("v1.0.0",),
    override: VersionOverride | None = None,
) -> ReleasePlan:
    changes = analyse_commits(
        chain(*messages), bump_policy=BumpPolicy(), overrides=steering.overrides
    )
    return plan_release(
        policy=ReleasePolicy(),
        scheme=SEMVER,
        history=find_releases(list(tags), template=TagTemplate("v{version}"), scheme=SEMVER),
        changes=changes,
        steering=steering,
        override=override,
    )


MINOR_FLOOR = PullSteering(floors={sha(2): BumpFloor(Bump.MINOR, 12, "release-regent: bump-minor")})


@pytest.mark.parametrize(
    ("messages", "steering", "version", "reason"),
    [
        pytest.param(
            ["fix: a (#11)", "fix: b (#12)"],
            MINOR_FLOOR,
            "1.1.0",
            "2 commits since v1.0.0 ask for a patch bump, raised to minor by"
            " #12 (release-regent: bump-minor).",
            id="floor-raises-a-patch",
        ),
        pytest.param(
            ["docs: a (#11)", "chore: b (#12)"],
            MINOR_FLOOR,
            "1.1.0",
            "No commit since v1.0.0 asks for a release, raised to minor by"
            " #12 (release-regent: bump-minor).",
            id="floor-releases-what-would-not",
        ),
        pytest.param(
            ["feat!: a (#11)", "fix: b (#12)"],
            MINOR_FLOOR,
            "2.0.0",
            "1 breaking change since v1.0.0 (0000000) asks for a major bump.",
            id="floor-below-the-commits-changes-nothing",
        ),
        pytest.param(
            ["fix: a (#11)", "fix: b (#12)"],
            PullSteering(floors={sha(9): BumpFloor(Bump.MAJOR, 9, "release-regent: bump-major")}),
            "1.0.1",
            "2 patch-level changes since v1.0.0 (0000000, 0000000) ask for a patch bump.",
            id="floor-of-a-pull-not-in-range",
        ),
    ],
)
def test_floors_raise_the_release_bump(
    messages: list[str], steering: PullSteering, version: str, reason: str
) -> None:
    plan = decide(messages, steering=steering)
    assert plan.next_version == version
    assert plan.reason == reason


def test_a_floor_before_1_0_follows_the_pre_1_0_rule() -> None:
    steering = PullSteering(floors={sha(1): BumpFloor(Bump.MAJOR, 1, "release-regent: bump-major")})
    plan = decide(["fix: a (#1)"], steering=steering, tags=("v0.3.0",))
    assert plan.next_version == "0.4.0"
    assert plan.reason.endswith(
        "raised to major by #1 (release-regent: bump-major), counted as minor before 1.0.0."
    )


def test_plan_lists_every_override_with_its_source() -> None:
    steering = replace(
        MINOR_FLOOR, overrides={sha(1): CommitOverride(11, "feat: right\nfix: also")}
    )
    plan = decide(["fix: wrong (#11)", "fix: b (#12)"], steering=steering)
    assert plan.overrides == (
        PlanOverride("bump-floor", "minor", "#12 (release-regent: bump-minor)"),
        PlanOverride("commit-override", "feat: right; fix: also", "#11 BEGIN_COMMIT_OVERRIDE"),
    )
    pinned = decide(
        ["fix: b (#12)"],
        steering=MINOR_FLOOR,
        override=VersionOverride("3.0.0", "!set-version by @ann in #20", "set-version"),
    )
    assert pinned.overrides[0] == PlanOverride(
        "set-version", "3.0.0", "!set-version by @ann in #20"
    )
    assert pinned.reason == "3.0.0 is forced by the !set-version by @ann in #20."


class MergedPulls:
    """An in-memory MergedPullsReader that records each listing asked for."""

    def __init__(self, pulls: list[PullRequest]) -> None:
        self.pulls = pulls
        self.asked: list[tuple[str, str | None]] = []

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        self.asked.append((base_branch, since))
        return tuple(self.pulls)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial import")
    repo.tag("v1.0.0")
    return repo


def planner(repo: GitRepo, pulls: MergedPulls | None) -> PlanningService:
    history = GitHistory(repo.path)
    return PlanningService(
        history=history,
        renderer=JinjaRenderer(overrides=TemplatePolicy(), repository_root=repo.path),
        policy=ReleasePolicy(),
        pulls=pulls,
        base_branch="main",
    )


def test_planning_reads_merged_pulls_once_per_range_since_the_tag(repo: GitRepo) -> None:
    tag_time = GitHistory(repo.path).commit_time(repo.head())
    squash = repo.commit("fix: wrong words (#7)")
    override = "BEGIN_COMMIT_OVERRIDE\nfeat: right words\nEND_COMMIT_OVERRIDE"
    pulls = MergedPulls([pull(7, merge_sha=squash, body=override)])
    service = planner(repo, pulls)
    first = service.prepare(today="2026-01-01", channel=None)
    service.plan(channel=None)
    assert pulls.asked == [("main", tag_time)]
    assert (first.plan.next_version, first.plan.skipped) == ("1.1.0", None)
    assert "right words" in first.release_notes
    assert "wrong words" not in first.release_notes


def test_planning_without_pulls_says_what_it_skipped(repo: GitRepo) -> None:
    repo.commit("fix: a (#7)")
    plan = planner(repo, None).plan(channel=None)
    assert (plan.next_version, plan.skipped, plan.overrides) == ("1.0.1", PULLS_NOT_READ, ())
