"""What planning components needs of the history beyond ``HistoryReader``: the files of each
commit, in the same single pass."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

from regent.core.history import RawCommit
from regent.core.notes.contributors import CommitAuthor
from regent.core.ports import HistoryReader


class FilesWalk(Protocol):
    """One pass over a range, each commit with the paths it changes (a merge commit: none);
    ``boundary`` is known once the commits are consumed."""

    boundary: frozenset[str]

    def __iter__(self) -> Iterator[tuple[RawCommit, tuple[str, ...]]]: ...


class FileHistoryReader(HistoryReader, Protocol):
    """Local history that also reads the files each commit changes."""

    def walk_files(self, *, until: str, exclude: Sequence[str] = ()) -> FilesWalk:
        """The commits of ``until`` not reachable from any of ``exclude``, newest first, with
        their changed files, in one pass (one ``git log --name-only``)."""

    def walked_authors(self) -> Mapping[str, CommitAuthor]:
        """The author of each non-merge commit the finished ``walk_files`` read, by sha, newest
        first (the components' credits: no second pass)."""

    def merge_bases(self, shas: Sequence[str]) -> tuple[str, ...]:
        """The best common ancestors of all of ``shas`` (none when they share no history)."""

    def tags_merged_later(self, sha: str, *, glob: str) -> Callable[[], list[str]]:
        """``tags_merged_into`` started now and finished when called: git walks the history
        on another core while the caller does other work (such as reading the range)."""
