"""The release PR through the release service: opened, updated, left alone, closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.errors import GitHubUnavailableError
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.marker import parse_marker
from tests.contract.conftest import World
from tests.contract.test_release_service_world import (
    BRANCH,
    TODAY,
    ReleaseWorld,
    make_release_world,
)
from tests.gitrepo import git

pytestmark = pytest.mark.contract


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return make_release_world(world, github, tmp_path)


def tag_main(release_world: ReleaseWorld, tag: str) -> None:
    """Tag main's head, as an earlier release would have."""
    main = release_world.state()["branches"]["main"]
    release_world.world.client.post(
        f"{release_world.world.api}/git/refs", {"ref": f"refs/tags/{tag}", "sha": main}
    )


def revert(release_world: ReleaseWorld, sha: str) -> None:
    """Revert ``sha`` in a pull request and merge it."""
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "revert-it", "origin/main")
    git(dev, "revert", "--no-edit", sha)
    git(dev, "push", "--quiet", "--force", "origin", "revert-it")
    reply = release_world.world.client.post(
        f"{release_world.world.api}/pulls",
        {"title": "revert it", "head": "revert-it", "base": "main"},
    )
    release_world.merge(reply.body["number"], method="merge")


def test_the_first_release_pr_is_opened_within_budget(release_world: ReleaseWorld) -> None:
    world = release_world.world
    world.forget()
    outcome = release_world.reconcile()
    assert outcome.events == ("release_pr_opened",)
    assert outcome.version == "0.1.0"
    assert len(world.requests()) == outcome.github_calls.total <= 7
    (pull,) = release_world.open_pulls()
    assert outcome.pull_request is not None
    assert outcome.pull_request.number == pull["number"]
    assert pull["title"] == "chore(release): v0.1.0"
    assert pull["head"] == BRANCH
    assert pull["labels"] == [PENDING_LABEL]
    marker = parse_marker(pull["body"])
    assert marker is not None
    base = release_world.state()["branches"]["main"]
    assert (marker.version, marker.tag, marker.base_sha, marker.date) == (
        "0.1.0",
        "v0.1.0",
        base,
        TODAY,
    )
    assert "### Features\n\n* app (" in pull["body"]
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.startswith("# Changelog\n\n## 0.1.0 (2026-11-26)\n\n### Features\n\n* app (")
    assert release_world.file_at(f"{BRANCH}~1", "README.md") == "hello"
    assert release_world.parents(BRANCH) == [base]


def test_a_rerun_with_nothing_new_writes_nothing(release_world: ReleaseWorld) -> None:
    opened = release_world.reconcile()
    before = release_world.state()
    release_world.world.forget()
    again = release_world.reconcile()
    assert again.events == ("release_pr_unchanged",)
    assert again.pull_request is not None
    assert opened.pull_request is not None
    assert again.pull_request.number == opened.pull_request.number
    assert len(release_world.world.requests()) == again.github_calls.total <= 3
    assert release_world.writes() == []
    assert release_world.state() == before


def test_a_rerun_the_next_day_keeps_the_release_pr(release_world: ReleaseWorld) -> None:
    release_world.reconcile()
    release_world.today = "2026-11-27"
    release_world.world.forget()
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    assert release_world.writes() == []


def test_another_merge_updates_the_same_release_pr_within_budget(
    release_world: ReleaseWorld,
) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    first_head = release_world.state()["branches"][BRANCH]
    release_world.today = "2026-11-28"
    base = release_world.merge_change("feat!: drop the old API")
    release_world.world.forget()
    updated = release_world.reconcile()
    assert updated.events == ("release_pr_updated",)
    assert len(release_world.world.requests()) == updated.github_calls.total <= 6
    (pull,) = release_world.open_pulls()
    assert pull["number"] == opened.pull_request.number
    assert pull["title"] == "chore(release): v0.1.0"
    assert pull["labels"] == [PENDING_LABEL]
    head = release_world.state()["branches"][BRANCH]
    assert head != first_head
    assert release_world.parents(BRANCH) == [base]
    marker = release_world.marker(pull["number"])
    assert marker is not None
    assert (marker.base_sha, marker.date) == (base, "2026-11-28")
    assert "### ⚠ Breaking Changes\n\n* drop the old API" in pull["body"]
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.count("## 0.1.0 (2026-11-28)") == 1
    assert "drop the old API" in changelog


def test_a_new_version_retitles_the_release_pr(release_world: ReleaseWorld) -> None:
    tag_main(release_world, "v1.0.0")
    release_world.merge_change("fix: a bug")
    opened = release_world.reconcile()
    assert opened.version == "1.0.1"
    release_world.merge_change("feat: a feature")
    updated = release_world.reconcile()
    assert (updated.events, updated.version) == (("release_pr_updated",), "1.1.0")
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): v1.1.0"


def test_a_docs_only_merge_moves_the_release_branch_to_the_new_base(
    release_world: ReleaseWorld,
) -> None:
    release_world.reconcile()
    base = release_world.merge_change("docs: explain widgets", files={"docs/widgets.md": "w\n"})
    assert release_world.reconcile().events == ("release_pr_updated",)
    assert release_world.parents(BRANCH) == [base]
    assert release_world.file_at(BRANCH, "docs/widgets.md") == "w"


def test_the_release_pr_is_closed_when_everything_was_reverted(
    release_world: ReleaseWorld,
) -> None:
    world = release_world.world
    tag_main(release_world, "v1.0.0")
    fix = release_world.merge_change("fix: a bug", method="squash")
    opened = release_world.reconcile()
    assert opened.events == ("release_pr_opened",)
    assert opened.pull_request is not None
    number = opened.pull_request.number
    revert(release_world, fix)
    closed = release_world.reconcile()
    assert closed.events == ("release_pr_closed",)
    assert closed.pull_request is not None
    assert closed.pull_request.number == number
    pull = release_world.pull(number)
    assert (pull["state"], pull["merged"], pull["labels"]) == ("closed", False, [])
    assert BRANCH not in release_world.state()["branches"]
    (comment,) = release_world.comments(number)
    assert "nothing on main asks for a release any more" in comment
    world.forget()
    assert release_world.reconcile().events == ("nothing_to_release",)
    assert release_world.writes() == []
    assert len(world.requests()) <= 3


def test_a_close_that_stopped_half_way_is_finished_without_a_second_comment(
    release_world: ReleaseWorld,
) -> None:
    world = release_world.world
    tag_main(release_world, "v1.0.0")
    fix = release_world.merge_change("fix: a bug", method="squash")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    revert(release_world, fix)
    world.fault("DELETE", "/git/refs/heads/", status=502, times=10)
    with pytest.raises(GitHubUnavailableError):
        release_world.reconcile()
    world.client.delete("/_sim/faults")
    assert len(release_world.comments(opened.pull_request.number)) == 1
    assert release_world.reconcile().events == ("release_pr_closed",)
    assert release_world.pull(opened.pull_request.number)["state"] == "closed"
    assert len(release_world.comments(opened.pull_request.number)) == 1
