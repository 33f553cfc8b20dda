"""Read and bump the version in version files: pure text in, text out, every other byte kept.

Each format finds the exact characters of its version value and only those are replaced, so
comments, ordering, quoting, indentation, line endings, a BOM and the final newline (or its
absence) survive untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from regent.core.errors import InvalidVersionError
from regent.core.version_files.dependencies import DependencyChange
from regent.core.version_files.json_like import PACKAGE_JSON_KEYS, PACKAGE_LOCK_KEYS, locate_json
from regent.core.version_files.kinds import (
    ROOT_MANIFESTS,
    VersionFileKind,
    default_file_name,
    kind_for_path,
)
from regent.core.version_files.line_based import VERSION_MARKER, locate_marked, locate_setup_cfg
from regent.core.version_files.python_like import locate_python
from regent.core.version_files.spans import VersionFileError, VersionSpan
from regent.core.version_files.toml_like import CARGO_TABLES, PYPROJECT_TABLES, locate_toml

__all__ = [
    "ROOT_MANIFESTS",
    "VERSION_MARKER",
    "VersionFileError",
    "VersionFileKind",
    "VersionFileUpdate",
    "kind_for_path",
    "read_version",
    "update_version",
]

_BOM = "\ufeff"
PARSED_IN_PYTHON_LIMIT = 1 << 20
"""Characters of a TOML or Python version file: their parsers (tomllib, tokenize) are pure
Python, about a second per MiB; package-lock.json (parsed in C) may be far larger."""
_PARSED_IN_PYTHON = frozenset(
    {VersionFileKind.PYPROJECT, VersionFileKind.CARGO, VersionFileKind.PYTHON}
)
_WRITABLE_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+!_-]*")

_Locator = Callable[[str, str], tuple[VersionSpan, ...]]

_LOCATORS: dict[VersionFileKind, _Locator] = {
    VersionFileKind.PYPROJECT: lambda text, path: locate_toml(
        text, path=path, tables=PYPROJECT_TABLES
    ),
    VersionFileKind.CARGO: lambda text, path: locate_toml(text, path=path, tables=CARGO_TABLES),
    VersionFileKind.PACKAGE_JSON: lambda text, path: locate_json(
        text, path=path, keys=PACKAGE_JSON_KEYS
    ),
    VersionFileKind.PACKAGE_LOCK: lambda text, path: locate_json(
        text, path=path, keys=PACKAGE_LOCK_KEYS
    ),
    VersionFileKind.SETUP_CFG: lambda text, path: locate_setup_cfg(text),
    VersionFileKind.PYTHON: lambda text, path: locate_python(text, path=path),
    VersionFileKind.GENERIC: lambda text, path: locate_marked(text),
}

_MISSING: dict[VersionFileKind, str] = {
    VersionFileKind.PYPROJECT: (
        "no version in [project] or [tool.poetry] (a `dynamic` version is kept elsewhere); "
        'add `version = "..."`, or list the file that holds the version in version_files '
        "instead of this one"
    ),
    VersionFileKind.CARGO: (
        "no version in [package] or [workspace.package] (`version.workspace = true` inherits "
        'it); add `version = "..."`, or list the workspace root Cargo.toml in version_files '
        "instead of this one"
    ),
    VersionFileKind.PACKAGE_JSON: (
        'no top-level "version" string; add `"version": "0.0.0"` or remove the file from '
        "version_files"
    ),
    VersionFileKind.PACKAGE_LOCK: (
        'no top-level "version" string; regenerate the lockfile with `npm install` or remove '
        "the file from version_files"
    ),
    VersionFileKind.SETUP_CFG: (
        "no literal version in [metadata] (`attr:` and `file:` read it from elsewhere); add "
        "`version = ...`, or list the file that holds the version in version_files instead"
    ),
    VersionFileKind.PYTHON: (
        'no module-level `__version__ = "..."` with a plain string; add one or remove the file '
        "from version_files"
    ),
    VersionFileKind.GENERIC: (
        f"no line carrying the marker `{VERSION_MARKER}` next to a version; add the marker in "
        "a comment on the version's line or remove the file from version_files"
    ),
}


@dataclass(frozen=True, slots=True)
class VersionFileUpdate:
    """The outcome of bumping one file: what it said, what it says now, and its new text."""

    path: str
    kind: VersionFileKind
    old_version: str | None
    new_version: str
    new_text: str
    dependencies: tuple[DependencyChange, ...] = ()
    """The workspace requirements rewritten in it (a dependency's new version)."""


def read_version(kind: VersionFileKind, text: str, *, path: str | None = None) -> str | None:
    """The first version the file holds, or None when it holds none (a dynamic version, say)."""
    spans = _locate(kind, text, path=path or default_file_name(kind))
    return spans[0].value if spans else None


def update_version(
    kind: VersionFileKind, text: str, new_version: str, *, path: str
) -> VersionFileUpdate:
    """Write ``new_version`` over every version the file holds; raise if it holds none."""
    if not _WRITABLE_VERSION.fullmatch(new_version):
        raise InvalidVersionError(
            f"{path}: cannot write {new_version!r} as a version; a version holds only letters, "
            "digits and . + - _ !"
        )
    spans = _locate(kind, text, path=path)
    if not spans:
        raise VersionFileError(path, _MISSING[kind])
    return VersionFileUpdate(
        path=path,
        kind=kind,
        old_version=spans[0].value,
        new_version=new_version,
        new_text=_replace(text, spans, new_version),
    )


def _locate(kind: VersionFileKind, text: str, *, path: str) -> tuple[VersionSpan, ...]:
    """The file's version spans, as offsets into ``text`` itself (a leading BOM included)."""
    if kind in _PARSED_IN_PYTHON and len(text) > PARSED_IN_PYTHON_LIMIT:
        raise VersionFileError(
            path,
            f"holds more than {PARSED_IN_PYTHON_LIMIT >> 20} MiB, far more than a {kind} file "
            "needs; Release Regent does not parse it: remove it from version_files",
        )
    body = text.removeprefix(_BOM)
    shift = len(text) - len(body)
    return tuple(
        VersionSpan(span.start + shift, span.end + shift, span.value)
        for span in _LOCATORS[kind](body, path)
    )


def _replace(text: str, spans: tuple[VersionSpan, ...], new_version: str) -> str:
    pieces: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda span: span.start):
        pieces += [text[position : span.start], new_version]
        position = span.end
    return "".join([*pieces, text[position:]])
