"""The Action's job summary for a comment's commands: a row per command, user text escaped."""

from __future__ import annotations

import pytest

from regent.runtimes.action.report import command_summary
from regent.services.commands import CommandDone, CommandOutcome, CommandResult

PIN = CommandDone(
    "set-version", "!set-version 2.0.0", CommandResult.ACCEPTED, "the pending release is pinned"
)
DENIED = CommandDone(
    "release",
    "!release major",
    CommandResult.DENIED,
    "only people with write | maintain",
    reply_url="https://github.com/acme/widget/pull/7#issuecomment-9",
)


@pytest.mark.parametrize(
    ("done", "row"),
    [
        (PIN, "| `!set-version 2.0.0` | accepted | the pending release is pinned | |"),
        (
            DENIED,
            "| `!release major` | denied | only people with write \\| maintain | "
            "[reply](https://github.com/acme/widget/pull/7#issuecomment-9) |",
        ),
    ],
    ids=["accepted", "denied-with-reply"],
)
def test_a_row_per_command(done: CommandDone, row: str) -> None:
    summary = command_summary(CommandOutcome("acme/widget", 7, "alice", (done,)))
    assert summary.splitlines()[0] == "## Release Regent: commands on acme/widget#7 by alice"
    assert row in summary.splitlines()


def test_the_author_is_escaped() -> None:
    summary = command_summary(CommandOutcome("acme/widget", 7, "<img src=x>", (PIN,)))
    assert "<img" not in summary
