"""What the release logic needs from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from regent.core.changelog import ReleaseNotes
from regent.core.history import RawCommit


class HistoryReader(Protocol):
    """Local git history of the branch being released."""

    def head_sha(self) -> str | None: ...

    def ensure_full_history(self) -> None: ...

    def tags_merged_into(self, sha: str, *, glob: str) -> list[str]: ...

    def commits(self, *, until: str, since: str | None) -> Iterable[RawCommit]: ...

    def shas(self, *, until: str, since: str | None) -> frozenset[str]: ...

    def repository_url(self) -> str | None: ...

    def read_file(self, relative: str) -> str | None: ...


class NotesRenderer(Protocol):
    """Turns the release notes model into Markdown."""

    def release_notes(self, notes: ReleaseNotes) -> str: ...

    def changelog_entry(self, notes: ReleaseNotes, *, release_notes: str) -> str: ...
