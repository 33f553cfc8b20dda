"""The checkout's history, telling a listener how many commits each walk has read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from regent.adapters.git.history import GitHistory
from regent.adapters.git.log import FilesWalk, LogWalk


class CountedHistory(GitHistory):
    """``GitHistory`` whose walks report each batch of commits read to ``on_read``."""

    def __init__(self, path: Path, *, on_read: Callable[[int], None] | None = None) -> None:
        super().__init__(path)
        self._on_read = on_read

    def walk(self, *, until: str, since: str | None) -> LogWalk:
        walk = super().walk(until=until, since=since)
        if self._on_read is not None:
            walk.on_read = self._on_read
        return walk

    def walk_files(self, *, until: str, exclude: Sequence[str] = ()) -> FilesWalk:
        walk = super().walk_files(until=until, exclude=exclude)
        if self._on_read is not None:
            walk.on_read = self._on_read
        return walk
