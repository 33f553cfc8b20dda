"""Commit authors from ``git log``, streamed: a range's authors, and which emails wrote before."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from sys import intern

import git

from regent.adapters.git.failures import stderr_of
from regent.adapters.git.log import read_fields, read_records
from regent.core.errors import HistoryError
from regent.core.notes.contributors import CommitAuthor

AUTHOR_ARGUMENTS = ("-z", "--no-merges", "--format=%H%x00%aN%x00%aE")
"""Mailmapped names and emails (``.mailmap`` folds one person's addresses), merges left out."""
EMAIL_ARGUMENTS = ("-z", "--format=%aE")


def commit_authors(repo: git.Repo, *, until: str, since: str | None) -> Iterator[CommitAuthor]:
    """The author of each non-merge commit in ``since..until``, newest first, one ``git log``."""
    revision = f"{since}..{until}" if since else until
    process = repo.git.log(*AUTHOR_ARGUMENTS, "--end-of-options", revision, as_process=True)
    names: dict[str, str] = {}  # a history has many commits but few authors: each kept once
    for sha, written, email in read_records(process.proc.stdout):
        yield CommitAuthor(sha.lstrip("\n"), names.setdefault(written, written), intern(email))
    _finish(process)


def earlier_authors(repo: git.Repo, *, until: str, emails: Collection[str]) -> frozenset[str]:
    """Which of ``emails`` (lower case) authored a commit reachable from ``until``: one
    streamed ``git log``, stopped as soon as every one is found."""
    wanted = set(emails)
    if not wanted:
        return frozenset()
    found: set[str] = set()
    process = repo.git.log(*EMAIL_ARGUMENTS, "--end-of-options", until, as_process=True)
    for field in read_fields(process.proc.stdout):
        email = field.strip("\n").lower()
        if email in wanted and email not in found:
            found.add(email)
            if len(found) == len(wanted):
                process.proc.kill()
                process.proc.wait()
                return frozenset(found)
    _finish(process)
    return frozenset(found)


def _finish(process: git.Git.AutoInterrupt) -> None:
    try:
        process.wait()
    except git.GitCommandError as error:
        raise HistoryError(f"git log failed: {stderr_of(error)}") from None
