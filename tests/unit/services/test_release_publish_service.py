"""Releasing a merged release PR through the release service: tag, release, labels, comment."""

from __future__ import annotations

from typing import Any

import pytest

from regent.core.errors import GitHubUnavailableError, TagConflictError
from regent.core.policy import PublishPolicy
from regent.core.release_pr.body import RELEASE_BODY_LIMIT, RELEASE_TRUNCATION_NOTICE
from regent.core.release_pr.labels import PENDING_LABEL, RELEASED_LABEL
from regent.core.release_pr.title import ReleasePrError
from regent.services.release import Overrides
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld


def open_release_pr(release_world: ReleaseWorld, **changes: Any) -> int:
    opened = release_world.reconcile(**changes)
    assert opened.events == ("release_pr_opened",)
    assert opened.pull_request is not None
    return opened.pull_request.number


@pytest.mark.parametrize("method", ["merge", "squash", "rebase"])
def test_a_merged_release_pr_is_released(release_world: ReleaseWorld, method: str) -> None:
    remote = release_world.remote
    number = open_release_pr(release_world)
    body = release_world.pull(number)["body"]
    merge_commit = remote.merge(number, method=method)
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "nothing_to_release")
    assert (outcome.tag, outcome.version) == ("v0.1.0", "0.1.0")
    assert outcome.pull_request is not None
    assert outcome.pull_request.number == number
    state = release_world.state()
    assert state["tags"] == {"v0.1.0": merge_commit}
    (release,) = state["releases"]
    assert (release["tag_name"], release["name"], release["draft"], release["prerelease"]) == (
        "v0.1.0",
        "v0.1.0",
        False,
        False,
    )
    assert release["body"].startswith("### Features\n\n* app (")
    assert release["body"] in body
    assert remote.latest_release_tag() == "v0.1.0"
    assert release_world.pull(number)["labels"] == [RELEASED_LABEL]
    assert BRANCH not in state["branches"]
    assert outcome.release is not None
    assert remote.comments(number) == [f"Released v0.1.0: {outcome.release.html_url}"]
    remote.forget()
    assert release_world.reconcile().events == ("nothing_to_release",)
    assert remote.writes() == []


def test_after_releasing_the_same_run_opens_the_next_release_pr(
    release_world: ReleaseWorld,
) -> None:
    number = open_release_pr(release_world)
    release_world.remote.merge(number, method="squash")
    base = release_world.merge_change("fix: after the release")
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "release_pr_opened")
    assert outcome.pull_request is not None
    assert outcome.pull_request.number != number
    assert outcome.tag == "v0.1.0"
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): v0.1.1"
    assert pull["labels"] == [PENDING_LABEL]
    assert release_world.parents(BRANCH) == [base]
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.index("## 0.1.1") < changelog.index("## 0.1.0")
    assert "after the release" in changelog.split("## 0.1.0")[0]
    assert release_world.reconcile().events == ("release_pr_unchanged",)


def test_a_dry_run_shows_the_release_and_the_next_release_pr(
    release_world: ReleaseWorld,
) -> None:
    number = open_release_pr(release_world)
    release_world.remote.merge(number, method="merge")
    release_world.merge_change("feat: more")
    release_world.remote.forget()
    before = release_world.state()
    outcome = release_world.reconcile(dry_run=True)
    assert outcome.events == ()
    assert outcome.decision.events == ("released", "release_pr_opened")
    assert "publish v0.1.0 (latest)" in str(outcome.decision)
    assert "open release PR 'chore(release): v0.2.0'" in str(outcome.decision)
    assert release_world.remote.writes() == []
    assert release_world.state() == before


def test_an_existing_tag_at_the_merge_commit_and_release_complete_the_release(
    release_world: ReleaseWorld,
) -> None:
    remote = release_world.remote
    number = open_release_pr(release_world)
    merge_commit = remote.merge(number, method="merge")
    remote.create_ref("refs/tags/v0.1.0", merge_commit)
    remote.add_release("v0.1.0", body="by hand")
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "nothing_to_release")
    (release,) = release_world.releases()
    assert release["body"] == "by hand"
    assert release_world.pull(number)["labels"] == [RELEASED_LABEL]
    assert len(remote.comments(number)) == 1


STEPS = ["ensure_tag", "ensure_release", "delete_branch", "comment", "set_labels"]


@pytest.mark.parametrize("step", STEPS)
def test_a_release_that_stopped_before_a_step_is_finished_without_duplicates(
    release_world: ReleaseWorld, step: str
) -> None:
    remote = release_world.remote
    number = open_release_pr(release_world)
    remote.merge(number, method="squash")
    remote.fail(step, times=10)
    with pytest.raises(GitHubUnavailableError):
        release_world.reconcile()
    remote.heal()
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "nothing_to_release")
    assert_released_once(release_world, number)


def assert_released_once(release_world: ReleaseWorld, number: int) -> None:
    assert list(release_world.state()["tags"]) == ["v0.1.0"]
    assert len(release_world.releases()) == 1
    assert len(release_world.remote.comments(number)) == 1
    assert release_world.pull(number)["labels"] == [RELEASED_LABEL]
    assert BRANCH not in release_world.state()["branches"]


def test_a_tag_at_another_commit_stops_the_release(release_world: ReleaseWorld) -> None:
    remote = release_world.remote
    number = open_release_pr(release_world)
    merge_commit = remote.merge(number, method="merge")
    remote.create_ref("refs/tags/v0.1.0", remote.base)
    with pytest.raises(TagConflictError) as caught:
        release_world.reconcile()
    assert remote.base in str(caught.value)
    assert merge_commit in str(caught.value)
    assert release_world.releases() == []
    assert release_world.pull(number)["labels"] == [PENDING_LABEL]


def test_a_hand_edited_body_falls_back_to_the_title(release_world: ReleaseWorld) -> None:
    number = open_release_pr(release_world)
    release_world.remote.edit_pull(number, body="Shipping the widgets.")
    release_world.remote.merge(number, method="squash")
    outcome = release_world.reconcile()
    assert outcome.tag == "v0.1.0"
    (release,) = release_world.releases()
    assert release["body"].startswith("### Features\n\n* app (")


def test_a_release_pr_without_a_readable_version_is_a_clear_error(
    release_world: ReleaseWorld,
) -> None:
    number = open_release_pr(release_world)
    release_world.remote.edit_pull(number, body="edited", title="Ship it")
    release_world.remote.merge(number, method="squash")
    with pytest.raises(ReleasePrError, match=rf"release PR #{number} was merged.*'Ship it'"):
        release_world.reconcile()
    assert release_world.state()["tags"] == {}


def test_a_prerelease_is_flagged_and_never_latest(release_world: ReleaseWorld) -> None:
    number = open_release_pr(release_world, prerelease="rc")
    assert release_world.pull(number)["title"] == "chore(release): v0.1.0-rc.1"
    release_world.remote.merge(number, method="merge")
    outcome = release_world.reconcile(prerelease="rc")
    assert outcome.tag == "v0.1.0-rc.1"
    (release,) = release_world.releases()
    assert release["prerelease"] is True
    assert release_world.remote.latest_release_tag() is None
    release_world.merge_change("fix: stable now")
    stable = release_world.reconcile(overrides=Overrides(prerelease="none"), prerelease="rc")
    assert stable.version == "0.1.0"


def test_annotated_tags_and_draft_releases_by_config(release_world: ReleaseWorld) -> None:
    publish = PublishPolicy(annotated_tag=True, draft=True)
    number = open_release_pr(release_world, release=publish)
    merge_commit = release_world.remote.merge(number, method="merge")
    outcome = release_world.reconcile(release=publish)
    assert outcome.events == ("released", "nothing_to_release")
    assert release_world.state()["tags"] == {"v0.1.0": merge_commit}
    kind = git(release_world.remote.git_dir, "cat-file", "-t", "refs/tags/v0.1.0")
    assert kind == "tag"
    (release,) = release_world.releases()
    assert release["draft"] is True
    assert release_world.reconcile(release=publish).events == ("nothing_to_release",)
    assert len(release_world.releases()) == 1


def test_notes_longer_than_a_github_release_takes_are_cut_with_a_notice(
    release_world: ReleaseWorld,
) -> None:
    """GitHub refuses a release body over 125,000 characters (the fake and the simulator too):
    long breaking-change descriptions must not block the release."""
    for part in (1, 2):
        migration = "\n".join(
            f"step {part}.{line}: move the widget setting" for line in range(2_000)
        )
        release_world.merge_change(f"fix!: new storage {part}\n\nBREAKING CHANGE: {migration}")
    number = open_release_pr(release_world)
    release_world.remote.merge(number)

    outcome = release_world.reconcile()

    assert "released" in outcome.events
    (release,) = release_world.releases()
    assert len(release["body"]) <= RELEASE_BODY_LIMIT
    assert release["body"].rstrip().endswith(RELEASE_TRUNCATION_NOTICE)
    assert "step 2.1999:" in release_world.file_at(outcome.tag or "", "CHANGELOG.md")
