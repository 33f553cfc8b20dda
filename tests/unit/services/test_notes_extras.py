"""Credits read once per range (services/release_notes_extras.py), over a real checkout and the
fake port: a commit GitHub does not have yet leaves git names, never a failed plan."""

from __future__ import annotations

from regent.adapters.git.history import GitHistory
from regent.services.release_notes_extras import NotesExtras
from tests.gitrepo import git
from tests.release_world import ReleaseWorld


def test_a_range_is_read_once_and_an_unpushed_commit_keeps_git_names(
    release_world: ReleaseWorld,
) -> None:
    checkout = release_world.checkout
    env = {"GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "1+ann@users.noreply.github.com"}
    git(checkout, "commit", "--quiet", "--allow-empty", "-m", "feat: local", env=env)
    local = git(checkout, "rev-parse", "HEAD")
    pushed = git(checkout, "rev-parse", "HEAD~1")
    extras = NotesExtras(GitHistory(checkout), release_world.github)
    release_world.remote.forget()

    on_github = extras.credits(None, pushed)
    assert extras.credits(None, pushed) is on_github
    assert release_world.remote.calls() == ["commit_accounts"]

    unpushed = extras.credits(None, local)
    assert [person.display for person in unpushed.contributors] == ["Test Author", "Ann"]
    assert unpushed.first_time == ()  # a first release names no first-timers
