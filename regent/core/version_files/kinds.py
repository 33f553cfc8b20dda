"""The kinds of version files Release Regent bumps, and how a file's name implies its kind."""

from __future__ import annotations

import enum


class VersionFileKind(enum.StrEnum):
    """The format of a file that holds the project's version."""

    PYPROJECT = "pyproject"
    PACKAGE_JSON = "package-json"
    PACKAGE_LOCK = "package-lock"
    CARGO = "cargo"
    SETUP_CFG = "setup-cfg"
    PYTHON = "python"
    GENERIC = "generic"


ROOT_MANIFESTS: tuple[tuple[str, VersionFileKind], ...] = (
    ("pyproject.toml", VersionFileKind.PYPROJECT),
    ("package.json", VersionFileKind.PACKAGE_JSON),
    ("package-lock.json", VersionFileKind.PACKAGE_LOCK),
    ("Cargo.toml", VersionFileKind.CARGO),
    ("setup.cfg", VersionFileKind.SETUP_CFG),
)

_KINDS_BY_NAME: dict[str, VersionFileKind] = {
    **dict(ROOT_MANIFESTS),
    "npm-shrinkwrap.json": VersionFileKind.PACKAGE_LOCK,
}


def kind_for_path(path: str) -> VersionFileKind | None:
    """The kind a repository path's file name implies; None when the name says nothing."""
    name = path.rsplit("/", 1)[-1]
    if name in _KINDS_BY_NAME:
        return _KINDS_BY_NAME[name]
    if name.endswith(".py"):
        return VersionFileKind.PYTHON
    return None


def default_file_name(kind: VersionFileKind) -> str:
    """How messages name a file of ``kind`` when the caller gave no path."""
    for name, manifest_kind in ROOT_MANIFESTS:
        if manifest_kind is kind:
            return name
    return f"the {kind} version file"
