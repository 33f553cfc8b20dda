"""What the release logic needs from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from regent.core.changelog import ReleaseNotes
from regent.core.history import RawCommit


class HistoryWalk(Protocol):
    """One pass over a commit range; ``boundary`` is known once the commits are consumed."""

    boundary: frozenset[str]

    def __iter__(self) -> Iterator[RawCommit]: ...


class HistoryReader(Protocol):
    """Local git history of the branch being released."""

    def head_sha(self) -> str | None: ...

    def ensure_full_history(self) -> None: ...

    def shallow_commits(self) -> frozenset[str]:
        """The commits whose parents a shallow clone does not hold (none in a full clone)."""

    def resolve_commit(self, revision: str) -> str | None:
        """The commit a sha, tag, branch or ``main~100`` names, or None."""

    def tag_commits(self, *, glob: str) -> list[tuple[str, str]]:
        """``(tag name, commit sha)`` of every tag matching ``glob``, annotated tags peeled."""

    def tags_merged_into(self, sha: str, *, glob: str) -> list[str]: ...

    def walk(self, *, until: str, since: str | None) -> HistoryWalk:
        """The commits in ``since..until``, newest first, read in one pass."""

    def is_ancestor(self, sha: str, of: str) -> bool: ...

    def shas(self, *, until: str, since: str | None) -> frozenset[str]: ...

    def repository_url(self) -> str | None: ...

    def read_file(self, relative: str) -> str | None: ...

    def refresh(self, branch: str, *, tags: bool = True) -> str:
        """Fetch ``branch`` (and the tags, unless ``tags`` is False) from the remote; the
        commit the branch is at there."""

    def tree_of(self, sha: str) -> str: ...

    def first_parent(self, sha: str) -> str | None: ...

    def read_file_at(self, sha: str, relative: str) -> str | None:
        """The text of ``relative`` in commit ``sha``, or None when there is no such file."""

    def file_modes_at(self, sha: str, paths: Sequence[str]) -> Mapping[str, str]:
        """The git mode (100644 or 100755) of each of ``paths`` that is a file in ``sha``."""


class NotesRenderer(Protocol):
    """Turns the release notes model into Markdown."""

    def release_notes(self, notes: ReleaseNotes) -> str: ...

    def changelog_entry(self, notes: ReleaseNotes, *, release_notes: str) -> str: ...


class ReleasePrRenderer(NotesRenderer, Protocol):
    """Also renders the release PR body (above its state marker)."""

    def release_pr_body(self, notes: ReleaseNotes, *, release_notes: str, base_branch: str) -> str:
        """The visible body of the release PR showing ``notes``."""
