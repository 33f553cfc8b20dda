"""Workspace dependencies in manifests: which packages a manifest depends on, where each
requirement is written, and the requirement rewritten for a dependency's new version (pure).

Every ecosystem keeps an explicit version and its operator and rewrites only the version:
``^1.2.0`` -> ``^1.3.0``, ``workspace:~1.2.0`` -> ``workspace:~1.3.0``, ``>=1.2`` -> ``>=1.3``
(the precision written is kept). A requirement with no version of its own (``workspace:*``,
``workspace:^``, ``*``, a bare name) or of several clauses (``>=1.2, <2``, ``1.x || 2.x``) is
kept as it is: it follows the workspace without an edit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SEMVER = r"(?P<version>\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)"
_PEP440 = (
    r"(?P<version>\d+(?:\.\d+)*"
    r"(?:[._-]?(?:a|b|c|rc|alpha|beta|pre|preview|post|dev)[._-]?\d*)*)"
)
_RELEASE = re.compile(r"\d+(?:\.\d+)*")
_NPM = re.compile(rf"(?P<prefix>workspace:)?(?P<op>\^|~|>=|=|v|)[ \t]*{_SEMVER}")
_CARGO = re.compile(rf"(?P<prefix>)(?P<op>\^|~|>=|=|)[ \t]*{_SEMVER}")
_PYTHON_SPECIFIER = re.compile(rf"(?P<prefix>)(?P<op>===|==|~=|>=)[ \t]*{_PEP440}")


@dataclass(frozen=True, slots=True)
class DependencyRef:
    """One dependency on a workspace package as a manifest writes it.

    ``start``/``end`` are where ``requirement`` sits in the manifest's text; ``inherited`` is a
    Cargo member's ``{ workspace = true }``, whose requirement the workspace root holds.
    """

    package: str
    requirement: str
    start: int
    end: int
    ecosystem: str
    inherited: bool = False
    workspace: bool = False
    """A Cargo ``[workspace.dependencies]`` entry, which ``inherited`` members take."""


@dataclass(frozen=True, slots=True)
class DependencyChange:
    """A requirement rewritten for a dependency's new version."""

    package: str
    version: str
    old: str
    new: str


def rewritten(requirement: str, version: str, *, ecosystem: str) -> str | None:
    """``requirement`` asking for ``version`` with its own operator; None when it is kept."""
    if ecosystem == "python":
        return _rewritten_python(requirement, version)
    found = (_NPM if ecosystem == "npm" else _CARGO).fullmatch(requirement.strip())
    if found is None:
        return None
    return _with_version(requirement, found, version)


def _rewritten_python(requirement: str, version: str) -> str | None:
    """A PEP 508 requirement (``api[extra]>=1.2 ; python_version > '3.9'``) of one clause."""
    name = re.match(r"[ \t]*[A-Za-z0-9][A-Za-z0-9._-]*[ \t]*(?:\[[^\]]*\])?[ \t]*", requirement)
    if name is None or "@" in requirement:
        return None
    marker = requirement.find(";", name.end())
    end = len(requirement) if marker < 0 else marker
    specifier = requirement[name.end() : end]
    clause = _PYTHON_SPECIFIER.fullmatch(specifier.strip())
    if clause is None:
        return None
    offset = name.end() + (len(specifier) - len(specifier.lstrip()))
    start, stop = clause.span("version")
    return _replaced(requirement, offset + start, offset + stop, clause["version"], version)


def _with_version(requirement: str, found: re.Match[str], version: str) -> str | None:
    offset = len(requirement) - len(requirement.lstrip())
    start, stop = found.span("version")
    return _replaced(requirement, offset + start, offset + stop, found["version"], version)


def _replaced(text: str, start: int, stop: int, written: str, version: str) -> str | None:
    new = _at_precision(written, version)
    if new == written:
        return None
    return f"{text[:start]}{new}{text[stop:]}"


def _at_precision(written: str, version: str) -> str:
    """``version`` with as many release numbers as ``written`` (``1.2`` and 1.3.0 -> ``1.3``);
    a full or prerelease version is written whole."""
    release = _RELEASE.match(written)
    parts = len(release.group().split(".")) if release else 3
    new_release = _RELEASE.match(version)
    if parts >= 3 or new_release is None or new_release.end() != len(version):
        return version
    return ".".join(version.split(".")[:parts])


def apply_changes(
    text: str, refs: Sequence[DependencyRef], versions: Mapping[str, str]
) -> tuple[str, tuple[DependencyChange, ...]]:
    """``text`` with each written requirement on a package of ``versions`` rewritten."""
    pieces: list[str] = []
    changes: list[DependencyChange] = []
    position = 0
    for ref in sorted(refs, key=lambda ref: ref.start):
        version = versions.get(ref.package)
        if version is None or ref.inherited:
            continue
        new = rewritten(ref.requirement, version, ecosystem=ref.ecosystem)
        if new is None:
            continue
        changes.append(DependencyChange(ref.package, version, ref.requirement, new))
        pieces += [text[position : ref.start], new]
        position = ref.end
    return "".join([*pieces, text[position:]]), tuple(changes)
