"""Python workspace dependencies in pyproject.toml: its ``[project] name`` and the PEP 508
requirements naming a workspace package in ``[project] dependencies``,
``[project.optional-dependencies]`` and ``[dependency-groups]`` (uv's
``[tool.uv.sources] api = { workspace = true }`` says where it comes from; the requirement
says which versions), each with where its string is written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from regent.core.version_files.dependencies import DependencyRef
from regent.core.version_files.toml_like import (
    assignments,
    direct_tokens,
    parse_toml,
    toml_table,
)

PYTHON = "python"
_ARRAY_TOKEN = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*|[\[\]{}]")
_NAME = re.compile(r"[ \t]*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)")


def normalised(name: str) -> str:
    """A distribution name as PEP 503 compares it (``My_Api`` and ``my-api`` are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_name(text: str, *, path: str) -> str | None:
    """The project's ``[project] name`` (normalised), or None."""
    name = toml_table(parse_toml(text, path=path), ("project",)).get("name")
    return normalised(name) if isinstance(name, str) else None


def pyproject_dependencies(
    text: str, *, path: str, packages: frozenset[str]
) -> tuple[DependencyRef, ...]:
    """Every requirement on one of ``packages`` (normalised names) in the dependency lists."""
    document = parse_toml(text, path=path)
    written = {a.key: a.value_start for a in assignments(text)}
    refs: list[DependencyRef] = []
    for key in _requirement_lists(document):
        start = written.get(key)
        if start is None:
            continue
        for requirement, at in _strings(text, start):
            name = _NAME.match(requirement)
            package = normalised(name["name"]) if name else None
            if package in packages and package is not None:
                refs.append(DependencyRef(package, requirement, at, at + len(requirement), PYTHON))
    return tuple(refs)


def _requirement_lists(document: Mapping[str, Any]) -> Iterator[tuple[str, ...]]:
    if isinstance(toml_table(document, ("project",)).get("dependencies"), list):
        yield ("project", "dependencies")
    for table in (("project", "optional-dependencies"), ("dependency-groups",)):
        for group, value in toml_table(document, table).items():
            if isinstance(value, list):
                yield (*table, group)


def _strings(text: str, start: int) -> Iterator[tuple[str, int]]:
    """The plain strings directly in the array at ``start`` (escaped ones are skipped: kept)."""
    for token in direct_tokens(_ARRAY_TOKEN, text, start):
        lexeme = token.group()
        if lexeme[0] in "\"'" and "\\" not in lexeme:
            yield lexeme[1:-1], token.start() + 1
