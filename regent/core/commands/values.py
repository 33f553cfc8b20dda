"""What a comment can ask of Release Regent: one value per command line, and the line each
stands for (``command_line``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from regent.core.versioning.bump import Bump


class CommandKind(StrEnum):
    """The commands Release Regent takes in a pull request comment."""

    SET_VERSION = "set-version"
    RELEASE = "release"
    EXPLAIN = "explain"


@dataclass(frozen=True, slots=True)
class SetVersion:
    """On the release PR: the pending release becomes ``version`` (None: ``auto``, which drops
    the override); with ``component`` (``!set-version api 2.0.0``), that component's release in
    a monorepo's release PR. The texts are the configuration's and the scheme's to judge."""

    version: str | None
    component: str | None = None
    kind: ClassVar[CommandKind] = CommandKind.SET_VERSION


@dataclass(frozen=True, slots=True)
class ReleaseFloor:
    """On another open PR: the release that contains it bumps at least ``bump``."""

    bump: Bump
    kind: ClassVar[CommandKind] = CommandKind.RELEASE


@dataclass(frozen=True, slots=True)
class Explain:
    """On any PR: reply with the projected next version and why."""

    kind: ClassVar[CommandKind] = CommandKind.EXPLAIN


@dataclass(frozen=True, slots=True)
class InvalidCommand:
    """A line meant for Release Regent that does not parse: the line (cut to a bound) and what
    is wrong with it. ``kind`` is the command it names, None when it names none we know."""

    line: str
    problem: str
    kind: CommandKind | None = None


ParsedCommand = SetVersion | ReleaseFloor | Explain | InvalidCommand


def command_line(command: ParsedCommand) -> str:
    """The one way of writing ``command`` (the line as written, for an invalid one): the same
    for every spelling of a command, so it keys replies and audit lines."""
    if isinstance(command, SetVersion):
        named = f"{command.component} " if command.component is not None else ""
        return f"!set-version {named}{command.version or 'auto'}"
    if isinstance(command, ReleaseFloor):
        return f"!release {command.bump.label}"
    if isinstance(command, Explain):
        return "!release-regent explain"
    return command.line
