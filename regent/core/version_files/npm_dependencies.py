"""npm workspace dependencies in package.json: its ``name`` and the requirements of its
dependency objects, each with where its string is written."""

from __future__ import annotations

import json
from typing import Any

from regent.core.version_files.dependencies import DependencyRef
from regent.core.version_files.json_like import DECODER, skip_whitespace
from regent.core.version_files.spans import VersionFileError

NPM = "npm"
_BOM = "\ufeff"
DEPENDENCY_FIELDS = frozenset(
    {"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}
)


def package_json_name(text: str, *, path: str) -> str | None:
    """The package's ``name``, or None."""
    document = _document(text, path=path)
    name = None if document is None else document.get("name")
    return name if isinstance(name, str) else None


def package_json_dependencies(
    text: str, *, path: str, packages: frozenset[str]
) -> tuple[DependencyRef, ...]:
    """Every requirement on one of ``packages`` in the four dependency objects."""
    if _document(text, path=path) is None:
        return ()
    refs: list[DependencyRef] = []
    start = skip_whitespace(text, len(_BOM) if text.startswith(_BOM) else 0)
    for key, value_start, _ in _members(text, start):
        if key in DEPENDENCY_FIELDS and text[value_start] == "{":
            for name, start, value in _members(text, value_start):
                if name in packages and isinstance(value, str):
                    refs.append(DependencyRef(name, value, start + 1, start + 1 + len(value), NPM))
    return tuple(_plain(refs, text))


def _plain(refs: list[DependencyRef], text: str) -> list[DependencyRef]:
    """The refs written without escapes (their decoded value is their text)."""
    return [ref for ref in refs if text[ref.start : ref.end] == ref.requirement]


def _document(text: str, *, path: str) -> dict[str, Any] | None:
    """The manifest's top-level object (None: not an object)."""
    try:
        document = json.loads(text.removeprefix(_BOM))
    except (RecursionError, ValueError) as error:
        raise VersionFileError(path, f"is not valid JSON ({error}); fix it") from None
    return document if isinstance(document, dict) else None


def _members(text: str, start: int) -> list[tuple[str, int, Any]]:
    """The members of the object at ``start``: name, where its value starts, its value."""
    members: list[tuple[str, int, Any]] = []
    position = skip_whitespace(text, start + 1)
    while text[position] != "}":
        name, after_name = DECODER.raw_decode(text, position)
        value_start = skip_whitespace(text, skip_whitespace(text, after_name) + 1)
        value, value_end = DECODER.raw_decode(text, value_start)
        members.append((name, value_start, value))
        position = skip_whitespace(text, value_end)
        if text[position] == ",":
            position = skip_whitespace(text, position + 1)
    return members
