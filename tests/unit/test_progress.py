"""Progress shows the commits read on a terminal only, and only after the delay."""

from __future__ import annotations

import io
import os
import pty
from collections.abc import Iterator

import pytest

from regent.cli.progress import CLEAR_LINE, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def terminal() -> Iterator[tuple[io.TextIOWrapper, int]]:
    leader, follower = pty.openpty()
    with open(follower, "w", encoding="utf-8") as out:
        yield out, leader
    os.close(leader)


def shown(terminal: tuple[io.TextIOWrapper, int]) -> str:
    """Everything written to the terminal: its writer is closed, then the leader read to the
    end (a pty hands writes over asynchronously, so one read may see only part of them)."""
    out, leader = terminal
    out.close()
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # EIO: the writer is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode()


def test_a_terminal_sees_the_count_once_the_delay_has_passed(
    terminal: tuple[io.TextIOWrapper, int],
) -> None:
    out = terminal[0]
    clock = Clock()
    progress = Progress(out, after=2.0, clock=clock)
    progress.commits_read(2000)
    clock.now += 2.0
    progress.commits_read(2000)
    progress.done()
    assert shown(terminal) == f"{CLEAR_LINE}regent: 4,000 commits read{CLEAR_LINE}"


def test_a_short_run_shows_nothing(terminal: tuple[io.TextIOWrapper, int]) -> None:
    out = terminal[0]
    progress = Progress(out, after=2.0, clock=Clock())
    progress.commits_read(100_000)
    progress.done()
    out.write("plan\n")
    out.flush()
    assert shown(terminal).strip() == "plan"


def test_a_pipe_or_file_never_sees_progress() -> None:
    out = io.StringIO()
    progress = Progress(out, after=0.0, clock=Clock())
    progress.commits_read(5)
    progress.done()
    assert (out.getvalue(), progress.read) == ("", 5)
