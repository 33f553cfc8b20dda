"""Cargo workspace dependencies in Cargo.toml: its ``[package] name`` and every ``path``
dependency's ``version`` (in ``[dependencies]``, ``[dev-dependencies]``,
``[build-dependencies]``, their ``[target.*]`` forms and ``[workspace.dependencies]``), each
with where its string is written; ``{ workspace = true }`` members inherit the root's."""

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

CARGO = "cargo"
_KINDS = ("dependencies", "dev-dependencies", "build-dependencies")
_INLINE_TOKEN = re.compile(
    r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[\[\]{}]|(?<![A-Za-z0-9_-])version[ \t]*=[ \t]*"
)
_PLAIN = re.compile(r"\"(?P<basic>[^\"\\\n]*)\"|'(?P<literal>[^'\n]*)'")


def cargo_name(text: str, *, path: str) -> str | None:
    """The crate's ``[package] name``, or None (a virtual workspace root)."""
    name = toml_table(parse_toml(text, path=path), ("package",)).get("name")
    return name if isinstance(name, str) else None


def cargo_dependencies(
    text: str, *, path: str, packages: frozenset[str]
) -> tuple[DependencyRef, ...]:
    """Every ``path`` dependency on one of ``packages`` that writes a ``version``, and every
    ``{ workspace = true }`` one (inherited: the root's entry holds its requirement)."""
    document = parse_toml(text, path=path)
    written = {a.key: a.value_start for a in assignments(text)}
    refs: list[DependencyRef] = []
    for table, entries in _dependency_tables(document):
        for key, entry in entries.items():
            if not isinstance(entry, Mapping):
                continue
            package = entry.get("package", key)
            if package not in packages:
                continue
            if entry.get("workspace") is True:
                refs.append(DependencyRef(package, "", 0, 0, CARGO, inherited=True))
                continue
            version = entry.get("version")
            if "path" in entry and isinstance(version, str):
                ref = _ref(text, written, (*table, key), package, version)
                if ref is not None:
                    refs.append(ref)
    return tuple(refs)


def _dependency_tables(
    document: Mapping[str, Any],
) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    tables: list[tuple[str, ...]] = [(kind,) for kind in _KINDS]
    targets = document.get("target")
    if isinstance(targets, Mapping):
        tables += [("target", target, kind) for target in targets for kind in _KINDS]
    tables.append(("workspace", "dependencies"))
    for table in tables:
        entries = toml_table(document, table)
        if entries:
            yield table, entries


def _ref(
    text: str,
    written: Mapping[tuple[str, ...], int],
    key: tuple[str, ...],
    package: str,
    version: str,
) -> DependencyRef | None:
    """Where ``version`` is written: ``version = "..."`` under ``[dependencies.api]`` (or
    ``api.version = ...``), else inside the inline table ``api = { ..., version = "..." }``;
    None when it is written another way (an escape, a multi-line string): kept as it is."""
    start = written.get((*key, "version"))
    if start is None:
        inline = written.get(key)
        start = None if inline is None else _inline_version(text, inline)
    found = None if start is None else _PLAIN.match(text, start)
    if found is None:
        return None
    group = "basic" if found["basic"] is not None else "literal"
    if found[group] != version:
        return None
    workspace = key[:2] == ("workspace", "dependencies")
    return DependencyRef(
        package, version, found.start(group), found.end(group), CARGO, workspace=workspace
    )


def _inline_version(text: str, start: int) -> int | None:
    """Where the value of the inline table's own ``version`` key starts (at ``start``: ``{``)."""
    for token in direct_tokens(_INLINE_TOKEN, text, start):
        if token.group().startswith("version"):
            return token.end()
    return None
