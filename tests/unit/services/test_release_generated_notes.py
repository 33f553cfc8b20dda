"""notes.github_generated: append: GitHub's generated notes below ours in the GitHub Release,
read once when it is published; the release PR body and CHANGELOG.md never carry them."""

from __future__ import annotations

from regent.core.notes.policy import GeneratedNotes, NotesPolicy
from tests.release_world import BRANCH, ReleaseWorld

APPEND = NotesPolicy(github_generated=GeneratedNotes.APPEND)


def test_githubs_notes_follow_ours_in_the_release_only(release_world: ReleaseWorld) -> None:
    release_world.merge_change("feat: search", title="Add search")
    release_world.reconcile(notes=APPEND)
    (pull,) = release_world.open_pulls()
    assert "What's Changed" not in pull["body"]
    assert "What's Changed" not in release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "generated_notes" not in release_world.remote.calls()

    release_world.remote.merge(pull["number"])
    release_world.remote.forget()
    release_world.reconcile(notes=APPEND)

    assert release_world.remote.calls().count("generated_notes") == 1
    (release,) = release_world.releases()
    ours, heading, githubs = release["body"].partition("## What's Changed\n")
    assert "### Features\n\n* search" in ours
    assert heading
    assert "* Add search by @" in githubs


def test_no_generated_notes_by_default(release_world: ReleaseWorld) -> None:
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"])
    release_world.reconcile()
    assert "generated_notes" not in release_world.remote.calls()
    (release,) = release_world.releases()
    assert "What's Changed" not in release["body"]
