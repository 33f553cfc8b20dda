"""Reading the commands out of a comment body, in one pass over its lines.

A line is a command when, stripped, it starts (in any case) with ``/release-regent`` or with
``!set-version``, ``!release`` or ``!release-regent``, each followed by a space or the line's
end. Lines that only show text are skipped: quoted lines (``>``), fenced code blocks (to their
closing fence, or the body's end as CommonMark reads an unclosed one) and HTML comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from regent.core.commands.floors import FLOOR_BUMPS
from regent.core.commands.values import (
    CommandKind,
    Explain,
    InvalidCommand,
    ParsedCommand,
    ReleaseFloor,
    SetVersion,
)
from regent.core.text import cut

LINE_BREAK = re.compile(r"\r\n|\r|\n")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
SLASH_PREFIX = "/release-regent"
BANG_PREFIX = "!release-regent"
SHORT_FORMS = {"!set-version": CommandKind.SET_VERSION, "!release": CommandKind.RELEASE}
COMMAND_STARTS = ("!", "/")
"""The first characters of a command line: any other line is passed over unsplit."""
KINDS = {kind.value: kind for kind in CommandKind}
NAMES = ", ".join(KINDS)
AUTO = "auto"


def read_commands(body: str) -> tuple[ParsedCommand, ...]:
    """The commands in ``body``, in order, one per command line (an invalid line included)."""
    return tuple(
        command for line in _shown_lines(body) if (command := _read_line(line)) is not None
    )


def _shown_lines(body: str) -> Iterator[str]:
    """The lines of ``body`` outside quotes, fenced code and HTML comments."""
    fence: _Fence | None = None
    in_comment = False
    for line in LINE_BREAK.split(body):
        stripped = line.strip()
        if fence is not None:
            fence = None if fence.closed_by(line) else fence
        elif in_comment:
            in_comment = "-->" not in line
        elif (opened := _Fence.opened_by(line)) is not None:
            fence = opened
        elif stripped.startswith("<!--"):
            in_comment = "-->" not in stripped.removeprefix("<!--")
        elif stripped[:1] in COMMAND_STARTS:
            yield stripped


@dataclass(frozen=True, slots=True)
class _Fence:
    """An open fenced code block: its fence character and length (CommonMark)."""

    mark: str
    length: int

    @classmethod
    def opened_by(cls, line: str) -> _Fence | None:
        """The block ``line`` opens, if it opens one (a backtick fence's info has no backtick)."""
        found = FENCE.match(line)
        if found is None:
            return None
        fence = found.group(1)
        if fence[0] == "`" and "`" in line[found.end() :]:
            return None
        return cls(fence[0], len(fence))

    def closed_by(self, line: str) -> bool:
        """Whether ``line`` closes this block: the same character, at least as long, alone."""
        found = FENCE.match(line)
        fence = found.group(1) if found else ""
        return (
            found is not None
            and fence[0] == self.mark
            and len(fence) >= self.length
            and not line[found.end() :].strip()
        )


def _read_line(line: str) -> ParsedCommand | None:
    """The command a stripped line gives, or None when the line is not for us."""
    words = line.split(maxsplit=4)  # a prefix, a name and three arguments tell two from more
    head = words[0].lower()
    if head in (SLASH_PREFIX, BANG_PREFIX):
        if len(words) == 1:
            return _invalid(line, f"name a command after {words[0]}: {NAMES}")
        name, arguments = words[1].lower(), words[2:]
    elif head in SHORT_FORMS:
        name, arguments = SHORT_FORMS[head].value, words[1:]
    else:
        return None
    kind = KINDS.get(name)
    if kind is None:
        return _invalid(line, f"{cut(name, quoted=True)} is not a command; the commands: {NAMES}")
    return _READERS[kind](line, arguments)


def _set_version(line: str, arguments: list[str]) -> ParsedCommand:
    if len(arguments) not in (1, 2):
        return _invalid(
            line,
            "set-version takes one version, such as 2.0.0, or auto to drop the override; "
            "on a monorepo's release PR, a component first (api 2.0.0, or api auto)",
            CommandKind.SET_VERSION,
        )
    *component, version = arguments
    return SetVersion(
        None if version.lower() == AUTO else version,
        component[0].lower() if component else None,
    )


def _release(line: str, arguments: list[str]) -> ParsedCommand:
    level = arguments[0].lower() if len(arguments) == 1 else None
    bump = next((bump for bump in FLOOR_BUMPS if bump.label == level), None)
    if bump is None:
        return _invalid(line, "release takes one level: major, minor or patch", CommandKind.RELEASE)
    return ReleaseFloor(bump)


def _explain(line: str, arguments: list[str]) -> ParsedCommand:
    if arguments:
        return _invalid(line, "explain takes nothing after it", CommandKind.EXPLAIN)
    return Explain()


def _invalid(line: str, problem: str, kind: CommandKind | None = None) -> InvalidCommand:
    return InvalidCommand(cut(line), problem, kind)


_READERS = {
    CommandKind.SET_VERSION: _set_version,
    CommandKind.RELEASE: _release,
    CommandKind.EXPLAIN: _explain,
}
