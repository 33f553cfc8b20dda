"""A generous guard for worst-case inputs: fail instead of hanging when a parser is not linear."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

GUARD_SECONDS = 30
"""Far above a linear parse of any worst case here; the quadratic parsers took minutes."""


@contextmanager
def guard(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Raise AssertionError if the block still runs after ``seconds`` (SIGALRM, main thread)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"still parsing after {seconds} s: not linear")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
