"""Commits read so far, on a terminal's stderr, once a run has taken a couple of seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

PROGRESS_AFTER = 2.0
"""Seconds into the run before progress shows."""
CLEAR_LINE = "\r\x1b[K"


class Progress:
    """Counts commits read and shows the count on ``out`` when it is a terminal.

    Nothing shows before ``after`` seconds of ``clock`` (a short run stays silent) nor on a
    pipe or file, so logs and JSON never see it.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        after: float = PROGRESS_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._out = out
        self._on_terminal = out.isatty()
        self._clock = clock
        self._from = clock() + after
        self.read = 0
        self._shown = False

    def commits_read(self, count: int) -> None:
        """``count`` more commits were read."""
        self.read += count
        if self._on_terminal and self._clock() >= self._from:
            self._out.write(f"{CLEAR_LINE}regent: {self.read:,} commits read")
            self._out.flush()
            self._shown = True

    def done(self) -> None:
        """Clear the progress line, if one was shown, before the plan is printed."""
        if self._shown:
            self._out.write(CLEAR_LINE)
            self._out.flush()
            self._shown = False
