"""Versions found line by line: setup.cfg's ``[metadata]`` and lines marked for a generic file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from regent.core.version_files.spans import VersionSpan

VERSION_MARKER = "x-release-regent-version"

_LINE = re.compile(r"^.*$", re.MULTILINE)
_SECTION = re.compile(r"[ \t]*\[(?P<name>[^\]\n]*)\]")
_SETUP_CFG_VERSION = re.compile(r"version[ \t]*[=:][ \t]*(?P<value>[^\s;#]+)?", re.IGNORECASE)
_SETUP_CFG_DIRECTIVES = ("attr:", "file:")
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_TOKEN_CHARACTERS = _ALPHANUMERIC | {"."}
_VERSION_TOKEN = re.compile(
    r"(?<![0-9A-Za-z.])[vV]?(?P<version>\d+\.\d+\.\d+"
    r"(?:-[0-9A-Za-z]+(?:\.\d+)*(?![0-9A-Za-z_-])"
    r"|(?:[-_.]?(?:alpha|beta|preview|pre|rc|a|b|c|post|dev)[-_.]?\d*)+)?"
    r"(?:\+[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)"
    r"(?![0-9A-Za-z]|\.\d)"
)


def locate_setup_cfg(text: str) -> tuple[VersionSpan, ...]:
    """The literal ``version`` of the ``[metadata]`` section; none for ``attr:`` or ``file:``."""
    section = None
    for start, line in _lines(text):
        header = _SECTION.match(line)
        option = _SETUP_CFG_VERSION.match(line)
        if header:
            section = header["name"].strip()
        elif section == "metadata" and option:
            value = option["value"]
            if value is None or value.lower().startswith(_SETUP_CFG_DIRECTIVES):
                return ()
            return (VersionSpan(start + option.start("value"), start + option.end("value"), value),)
    return ()


def locate_marked(text: str) -> tuple[VersionSpan, ...]:
    """On each line carrying the marker, the first version token and every repeat of it."""
    return tuple(
        span
        for start, line in _lines(text)
        if VERSION_MARKER in line
        for span in _marked_line_spans(start, line)
    )


def _marked_line_spans(start: int, line: str) -> Iterator[VersionSpan]:
    """The first version token and each repeat of it standing alone (found with ``str.find``:
    a pattern compiled per line cost 70 µs a line)."""
    first = _VERSION_TOKEN.search(line)
    if first is None:
        return
    value = first["version"]
    position = line.find(value)
    while position != -1:
        end = position + len(value)
        if _stands_alone(line, position, end):
            yield VersionSpan(start + position, start + end, value)
            position = line.find(value, end)
        else:
            position = line.find(value, position + 1)


def _stands_alone(line: str, start: int, end: int) -> bool:
    """No letter, digit or dot before ``line[start:end]`` (past one ``v``), nor a letter, digit
    or ``.digit`` after it."""
    before = start - 1 if start > 0 and line[start - 1] in "vV" else start
    if before > 0 and line[before - 1] in _TOKEN_CHARACTERS:
        return False
    after = line[end : end + 2]
    return after[:1] not in _ALPHANUMERIC and not (after[:1] == "." and after[1:].isdecimal())


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line's offset and text without its ``\\n`` (a ``\\r`` stays; no pattern takes it)."""
    for line in _LINE.finditer(text):
        yield line.start(), line.group()
