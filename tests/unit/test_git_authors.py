"""The authors git gives the notes (adapters/git/authors.py): a range's non-merge commits with
mailmapped names and emails, newest first; which emails wrote before, in one streamed pass."""

from __future__ import annotations

from pathlib import Path

from regent.adapters.git.history import GitHistory
from regent.core.notes.contributors import CommitAuthor
from tests.gitrepo import GitRepo, commit_dates, git


def commit_as(repo: GitRepo, name: str, email: str, message: str) -> str:
    repo.counter += 1
    env = {**commit_dates(60 * repo.counter), "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    git(repo.path, "commit", "--quiet", "--allow-empty", "-m", message, env=env)
    return repo.head()


def test_a_ranges_authors_newest_first_without_merges_and_mailmapped(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    start = commit_as(repo, "Old", "old@x.org", "chore: start")
    repo.write(".mailmap", "Ann Lee <ann@x.org> <ann@home.example>\n")
    git(repo.path, "add", ".mailmap")
    ann = commit_as(repo, "ann", "ann@home.example", "feat: a")
    repo.branch("side")
    bob = commit_as(repo, "Bob", "bob@x.org", "fix: b")
    repo.checkout("main")
    git(repo.path, "merge", "--quiet", "--no-ff", "-m", "Merge side", "side", env=commit_dates(999))

    history = GitHistory(repo.path)
    listed = list(history.commit_authors(until="HEAD", since=start))

    assert listed == [
        CommitAuthor(bob, "Bob", "bob@x.org"),
        CommitAuthor(ann, "Ann Lee", "ann@x.org"),
    ]
    assert [a.sha for a in history.commit_authors(until="HEAD", since=None)][-1] == start


def test_earlier_authors_are_the_emails_found_before(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    commit_as(repo, "Old", "Old@X.org", "chore: start")
    commit_as(repo, "Ann", "ann@x.org", "feat: a")
    tagged = repo.head()
    history = GitHistory(repo.path)

    assert history.earlier_authors(until=tagged, emails={"old@x.org", "new@x.org"}) == {"old@x.org"}
    assert history.earlier_authors(until=tagged, emails={"ann@x.org", "old@x.org"}) == {
        "ann@x.org",
        "old@x.org",
    }  # all found: the walk stops there
    assert history.earlier_authors(until=tagged, emails=set()) == frozenset()
