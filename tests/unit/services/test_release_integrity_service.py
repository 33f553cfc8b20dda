"""An open release PR's state marker is believed only when its branch holds what it says.

The marker lets a run leave an up-to-date release PR alone without reading the branch; a run
stopped between moving the branch and editing the PR, or a push to the branch, makes it lie.
The branch is read by git (no API call) whenever the marker claims the wanted state.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regent.core.errors import ConfigError, GitHubUnavailableError
from regent.core.release_pr.title import ReleasePrError
from regent.services.release import Overrides
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld


def stopped_after_the_branch(release_world: ReleaseWorld) -> None:
    """A run for 0.5.0 (a one-off release_as) moved the branch, then could not edit the PR."""
    release_world.remote.fail("update_release_pull", times=10)
    with pytest.raises(GitHubUnavailableError):
        release_world.reconcile(overrides=Overrides(release_as="0.5.0"))
    release_world.remote.heal()


def pushed_to_the_branch(release_world: ReleaseWorld) -> None:
    """Someone amended the release commit by hand (so it still sits on the base head)."""
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "hand", f"origin/{BRANCH}")
    (dev / "CHANGELOG.md").write_text("# Changelog\n\n## 0.5.0\n", encoding="utf-8")
    git(dev, "commit", "--quiet", "--all", "--amend", "-m", "chore: by hand")
    git(dev, "push", "--quiet", "--force", "origin", f"hand:{BRANCH}")


def pushed_a_link_to_the_branch(release_world: ReleaseWorld) -> None:
    """Someone amended the release commit: CHANGELOG.md is a link to a file outside it."""
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "link", f"origin/{BRANCH}")
    (dev / "CHANGELOG.md").unlink()
    (dev / "CHANGELOG.md").symlink_to("/proc/self/environ")
    git(dev, "commit", "--quiet", "--all", "--amend", "-m", "chore: a link")
    git(dev, "push", "--quiet", "--force", "origin", f"link:{BRANCH}")


@pytest.mark.parametrize(
    "lie", [stopped_after_the_branch, pushed_to_the_branch, pushed_a_link_to_the_branch]
)
def test_a_marker_that_disagrees_with_its_branch_is_ignored_and_the_branch_rewritten(
    release_world: ReleaseWorld, lie: Callable[[ReleaseWorld], None]
) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    lie(release_world)
    shown = release_world.marker(number)
    assert shown is not None
    assert shown.version == "0.1.0"

    outcome = release_world.reconcile()
    assert outcome.events == ("release_pr_updated",)
    assert "its state marker says v0.1.0" in str(outcome.decision)
    assert "the release branch holds other files" in str(outcome.decision)
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "## 0.5.0" not in changelog
    assert "## 0.1.0" in changelog
    assert release_world.parents(BRANCH) == [release_world.remote.base]
    release_world.remote.forget()
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    assert release_world.remote.writes() == []


def test_a_merged_pr_whose_branch_was_changed_by_hand_is_refused(
    release_world: ReleaseWorld,
) -> None:
    remote = release_world.remote
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    pushed_to_the_branch(release_world)
    remote.merge(number, method="squash")
    remote.forget()
    with pytest.raises(ReleasePrError, match=rf"#{number} \(v0\.1\.0\): CHANGELOG\.md tops with"):
        release_world.reconcile()
    assert remote.calls()[:4] == ["release_pulls", "commit_accounts", "comment", "set_labels"]
    assert release_world.state()["tags"] == {}
    assert release_world.releases() == []
    assert release_world.pull(number)["labels"] == []
    (comment,) = remote.comments(number)
    assert "CHANGELOG.md tops with 0.5.0" in comment
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): v0.1.0"
    remote.forget()
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    assert remote.writes() == []
    assert len(remote.comments(number)) == 1


def test_a_merged_pr_whose_changelog_is_a_link_is_refused_once_main_is_fixed(
    release_world: ReleaseWorld,
) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    pushed_a_link_to_the_branch(release_world)
    release_world.remote.merge(number, method="merge")
    with pytest.raises(ConfigError, match="symbolic link"):
        release_world.reconcile()  # main itself now holds the link: a config error to fix
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "unlink", "origin/main")
    (dev / "CHANGELOG.md").unlink()
    (dev / "CHANGELOG.md").write_text("# Changelog\n", encoding="utf-8")
    git(dev, "commit", "--quiet", "--all", "-m", "fix: the changelog is a file again")
    git(dev, "push", "--quiet", "origin", "unlink:main")
    with pytest.raises(ReleasePrError, match=rf"#{number} \(v0\.1\.0\): its files cannot be read"):
        release_world.reconcile()
    assert release_world.state()["tags"] == {}
    assert release_world.pull(number)["labels"] == []
    (comment,) = release_world.remote.comments(number)
    assert "symbolic link" in comment
    assert release_world.reconcile().events == ("release_pr_unchanged",)


def test_a_merged_pr_already_tagged_on_its_merge_commit_is_finished_not_refused(
    release_world: ReleaseWorld,
) -> None:
    """A run checked and tagged it, then stopped (or a maintainer tagged it to ship it as is):
    the tag stands, so the release is finished even if its files no longer pass the check."""
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    pushed_to_the_branch(release_world)
    merge_sha = release_world.remote.merge(number, method="merge")
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "tag", "v0.1.0", merge_sha)
    git(dev, "push", "--quiet", "origin", "v0.1.0")

    outcome = release_world.reconcile()

    assert "released" in outcome.events
    assert outcome.tag == "v0.1.0"
    assert [release["tag_name"] for release in release_world.releases()] == ["v0.1.0"]
    (comment,) = release_world.remote.comments(number)
    assert comment.startswith("Released v0.1.0")
