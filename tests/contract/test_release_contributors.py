"""Contributors, pull request titles and GitHub's generated notes through a release on the
simulator: the GitHub Release and release PR mention logins and thank the people, CHANGELOG.md
mentions nobody; the listings cost ceil(commits / 100) requests per range, and GitHub's notes
one request when the release is published."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.notes.policy import EntryText, GeneratedNotes, NotesPolicy
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld

pytestmark = pytest.mark.contract

ANN = ("Ann Lee", "1+ann@users.noreply.github.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
MAINTAINER = ("Test Author", "author@example.com")  # the world's own commits: no account
COMPARE = "GET repos/compare-commits"
LIST_COMMITS = "GET repos/list-commits"
GENERATE = "POST repos/generate-release-notes"


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return ReleaseWorld.create(SimRemote(world), github, tmp_path)


def merge_as(
    release_world: ReleaseWorld, author: tuple[str, str], message: str, *, title: str
) -> str:
    """A pull request of one commit by ``author``, merged with a merge commit; the new main."""
    release_world.features += 1
    branch = f"change-{release_world.features}"
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", branch, "origin/main")
    (dev / f"change-{release_world.features}.txt").write_text("x\n", encoding="utf-8")
    git(dev, "add", "--all")
    name, email = author
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    git(dev, "commit", "--quiet", "-m", message, env=env)
    git(dev, "push", "--quiet", "--force", "origin", branch)
    number = release_world.remote.open_pull(branch, "main", title=title)
    return release_world.remote.merge(number, method="merge")


def release_first(release_world: ReleaseWorld) -> None:
    """v0.1.0 of the world's own commits, so that the next release has a previous one."""
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"], method="merge")
    release_world.reconcile()
    assert release_world.remote.latest_release_tag() == "v0.1.0"


def test_a_release_credits_its_people_and_appends_githubs_notes(
    release_world: ReleaseWorld,
) -> None:
    release_first(release_world)
    merge_as(release_world, ANN, "feat: add search", title="Search across every project")
    merge_as(release_world, BOT, "fix(deps): bump parser to 2.1", title="Bump parser")
    merge_as(release_world, MAINTAINER, "fix: crash on empty input", title="Fix the crash")
    policy = replace(
        release_world.policy.notes,
        entry_text=EntryText.PR_TITLE,
        github_generated=GeneratedNotes.APPEND,
    )
    release_world.policy = replace(release_world.policy, notes=policy)

    release_world.remote.forget()
    opened = release_world.reconcile()
    assert opened.events == ("release_pr_opened",)
    calls = release_world.remote.calls()
    assert calls.count(COMPARE) == math.ceil(6 / 100)  # 3 commits + 3 merges, one page
    assert GENERATE not in calls  # GitHub's notes are read when the release is published
    (pull,) = release_world.open_pulls()
    body = pull["body"]
    assert "* Search across every project (#" in body
    assert ") by @ann" in body
    assert ") by @dependabot[bot]" in body
    assert ") by Test Author" in body
    assert "Thanks to @ann and Test Author." in body
    assert "First-time contributors: @ann. Welcome!" in body
    assert "Automated updates by @dependabot[bot]." in body
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "Search across every project" in changelog
    assert "@" not in changelog
    assert "Contributors" not in changelog

    release_world.remote.merge(pull["number"], method="merge")
    release_world.remote.forget()
    released = release_world.reconcile()
    assert "released" in released.events
    assert release_world.remote.calls().count(GENERATE) == 1
    (release,) = [r for r in release_world.releases() if r["tag_name"] == "v0.2.0"]
    notes = release["body"]
    assert "Thanks to @ann and Test Author." in notes
    ours, _, githubs = notes.partition("## What's Changed")
    assert "First-time contributors: @ann." in ours
    assert "* Search across every project by @" in githubs
    assert "**Full Changelog**: " in githubs


def test_changelog_contributors_are_code_spans(release_world: ReleaseWorld) -> None:
    release_first(release_world)
    merge_as(release_world, ANN, "feat: add search", title="Search")
    notes = NotesPolicy(contributors_in_changelog=True)
    release_world.policy = replace(release_world.policy, notes=notes)

    release_world.reconcile()

    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "add search" in changelog
    assert "by `@ann`" in changelog
    assert "Thanks to `@ann`." in changelog
    assert "@" not in changelog.replace("`@", "")


def test_a_first_release_lists_every_commit_of_the_history(release_world: ReleaseWorld) -> None:
    release_world.remote.forget()
    release_world.reconcile()
    calls = release_world.remote.calls()
    assert calls.count(LIST_COMMITS) == 1  # no previous tag: the commits listing of main
    assert COMPARE not in calls
    (pull,) = release_world.open_pulls()
    assert "Thanks to Test Author." in pull["body"]
    assert "First-time" not in pull["body"]  # no previous release to be new since
