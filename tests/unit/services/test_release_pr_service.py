"""The release PR through the release service: opened, updated, left alone, closed."""

from __future__ import annotations

import pytest

from regent.core.errors import GitHubUnavailableError
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.marker import parse_marker
from tests.release_world import BRANCH, TODAY, ReleaseWorld


def test_the_first_release_pr_is_opened(release_world: ReleaseWorld) -> None:
    outcome = release_world.reconcile()
    assert outcome.events == ("release_pr_opened",)
    assert outcome.version == "0.1.0"
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
    release_world.remote.forget()
    again = release_world.reconcile()
    assert again.events == ("release_pr_unchanged",)
    assert again.pull_request is not None
    assert opened.pull_request is not None
    assert again.pull_request.number == opened.pull_request.number
    assert release_world.remote.writes() == []
    assert release_world.state() == before


def test_a_rerun_the_next_day_keeps_the_release_pr(release_world: ReleaseWorld) -> None:
    release_world.reconcile()
    release_world.today = "2026-11-27"
    release_world.remote.forget()
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    assert release_world.remote.writes() == []


def test_another_merge_updates_the_same_release_pr(release_world: ReleaseWorld) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    first_head = release_world.state()["branches"][BRANCH]
    release_world.today = "2026-11-28"
    base = release_world.merge_change("feat!: drop the old API")
    updated = release_world.reconcile()
    assert updated.events == ("release_pr_updated",)
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
    release_world.tag_main("v1.0.0")
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
    remote = release_world.remote
    release_world.tag_main("v1.0.0")
    fix = release_world.merge_change("fix: a bug", method="squash")
    opened = release_world.reconcile()
    assert opened.events == ("release_pr_opened",)
    assert opened.pull_request is not None
    number = opened.pull_request.number
    release_world.revert(fix)
    closed = release_world.reconcile()
    assert closed.events == ("release_pr_closed",)
    assert closed.pull_request is not None
    assert closed.pull_request.number == number
    pull = release_world.pull(number)
    assert (pull["state"], pull["merged"], pull["labels"]) == ("closed", False, [])
    assert BRANCH not in release_world.state()["branches"]
    (comment,) = remote.comments(number)
    assert "nothing on main asks for a release any more" in comment
    remote.forget()
    assert release_world.reconcile().events == ("nothing_to_release",)
    assert remote.writes() == []


def test_a_close_that_stopped_half_way_is_finished_without_a_second_comment(
    release_world: ReleaseWorld,
) -> None:
    remote = release_world.remote
    release_world.tag_main("v1.0.0")
    fix = release_world.merge_change("fix: a bug", method="squash")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    release_world.revert(fix)
    remote.fail("delete_branch", times=10)
    with pytest.raises(GitHubUnavailableError):
        release_world.reconcile()
    remote.heal()
    assert len(remote.comments(number)) == 1
    assert release_world.reconcile().events == ("release_pr_closed",)
    assert release_world.pull(number)["state"] == "closed"
    assert len(remote.comments(number)) == 1
