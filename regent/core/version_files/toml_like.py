"""Versions in TOML manifests (pyproject.toml, Cargo.toml), found by table and edited in place.

``tomllib`` says which tables hold a version string; a small statement scanner then finds where
that string is written, so only its characters change.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from regent.core.version_files.spans import VersionFileError, VersionSpan

PYPROJECT_TABLES: tuple[tuple[str, ...], ...] = (("project",), ("tool", "poetry"))
CARGO_TABLES: tuple[tuple[str, ...], ...] = (("package",), ("workspace", "package"))

_KEY_PART = r"[A-Za-z0-9_-]+|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'"
MAX_KEY_PARTS = 32
_DEEP_KEY = re.compile(
    rf"(?:^|[{{,])[ \t]*(?:\[\[?[ \t]*)?(?:{_KEY_PART})"
    rf"(?:[ \t]*+\.[ \t]*+(?:{_KEY_PART})){{{MAX_KEY_PARTS},}}+",
    re.MULTILINE,
)
_KEY_PARTS = re.compile(
    r"(?P<bare>[A-Za-z0-9_-]+)|\"(?P<basic>(?:[^\"\\\n]|\\.)*)\"|'(?P<literal>[^'\n]*)'"
)
_HEADER = re.compile(r"[ \t]*\[\[?(?P<key>[^\[\]\n]+)\]")
_ASSIGNMENT = re.compile(
    rf"[ \t]*(?P<key>(?:{_KEY_PART})(?:[ \t]*\.[ \t]*(?:{_KEY_PART}))*)[ \t]*=[ \t]*"
)
_STATEMENT_TOKEN = re.compile(
    r"\"\"\"(?:[^\\]|\\.)*?\"\"\"\"{0,2}"
    r"|'''.*?''''{0,2}"
    r"|\"(?:[^\"\\\n]|\\.)*\""
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}\n]",
    re.DOTALL,
)
_PLAIN_STRING = re.compile(r"\"(?P<basic>[^\"\\\n]*)\"(?!\")|'(?P<literal>[^'\n]*)'(?!')")


@dataclass(frozen=True, slots=True)
class Assignment:
    """A ``key = value`` statement: its full key path and where its value starts."""

    key: tuple[str, ...]
    value_start: int


def locate_toml(
    text: str, *, path: str, tables: tuple[tuple[str, ...], ...]
) -> tuple[VersionSpan, ...]:
    """The ``version`` strings of ``tables`` that exist, in the order of ``tables``."""
    document = parse_toml(text, path=path)
    written = {assignment.key: assignment.value_start for assignment in assignments(text)}
    spans: list[VersionSpan] = []
    for table in tables:
        value = toml_table(document, table).get("version")
        if isinstance(value, str):
            spans.append(_span(text, written.get((*table, "version")), value, table, path=path))
    return tuple(spans)


def parse_toml(text: str, *, path: str) -> dict[str, Any]:
    """The document; tomllib is quadratic in the parts of one dotted key, so long ones are
    refused first, and it recurses into nested arrays and inline tables."""
    deep = _DEEP_KEY.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        raise VersionFileError(
            path,
            f"line {line} has a dotted key or table name of more than {MAX_KEY_PARTS} parts; "
            "a manifest nests far less: fix it or remove it from version_files",
        )
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise VersionFileError(
            path,
            "nests arrays or tables too deeply to be a manifest; fix it or remove it "
            "from version_files",
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise VersionFileError(
            path, f"is not valid TOML ({error}); fix it or remove it from version_files"
        ) from None


def toml_table(document: Mapping[str, Any], table: tuple[str, ...]) -> Mapping[str, Any]:
    current: Any = document
    for name in table:
        current = current.get(name) if isinstance(current, Mapping) else None
    return current if isinstance(current, Mapping) else {}


def _span(
    text: str, value_start: int | None, value: str, table: tuple[str, ...], *, path: str
) -> VersionSpan:
    written = None if value_start is None else _PLAIN_STRING.match(text, value_start)
    group = "basic" if written and written["basic"] is not None else "literal"
    if written is None or written[group] != value:
        raise VersionFileError(
            path,
            f"the version {value!r} in [{'.'.join(table)}] is not written as a one-line "
            f'`version = "{value}"` under that table header; write it that way so it can be bumped',
        )
    return VersionSpan(written.start(group), written.end(group), value)


def assignments(text: str) -> Iterator[Assignment]:
    """Every key/value statement with its full dotted key path (table header path first)."""
    table: tuple[str, ...] = ()
    position = 0
    while position < len(text):
        header = _HEADER.match(text, position)
        assignment = _ASSIGNMENT.match(text, position)
        if header:
            table = _key_path(header["key"])
        elif assignment:
            yield Assignment((*table, *_key_path(assignment["key"])), assignment.end())
        position = _statement_end(text, position)


def _key_path(raw: str) -> tuple[str, ...]:
    """``tool . "poetry"`` -> ``("tool", "poetry")`` (escapes in quoted parts stay as written)."""
    return tuple(
        next(name for name in part.groups() if name is not None)
        for part in _KEY_PARTS.finditer(raw)
    )


def _statement_end(text: str, position: int) -> int:
    """Just past the newline ending the statement at ``position`` (strings, arrays span lines)."""
    depth = 0
    for token in _STATEMENT_TOKEN.finditer(text, position):
        lexeme = token.group()
        if lexeme in ("[", "{"):
            depth += 1
        elif lexeme in ("]", "}"):
            depth -= 1
        elif lexeme == "\n" and depth <= 0:
            return token.end()
    return len(text)


def direct_tokens(pattern: re.Pattern[str], text: str, start: int) -> Iterator[re.Match[str]]:
    """The tokens of ``pattern`` (strings, brackets and what else it matches) directly inside
    the array or inline table whose bracket is at ``start``, up to the bracket closing it;
    nested arrays and tables are passed over; nothing when no bracket opens at ``start``."""
    depth = 0
    for token in pattern.finditer(text, start):
        lexeme = token.group()
        if lexeme in ("[", "{"):
            depth += 1
        elif lexeme in ("]", "}"):
            depth -= 1
            if depth <= 0:
                return
        elif depth == 1:
            yield token
        elif depth <= 0:  # ``start`` holds no bracket
            return
