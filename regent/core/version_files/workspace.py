"""The manifests of a workspace member, by kind: the package each names and the requirements
it writes on other members' packages (npm, Cargo, Python)."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.version_files.cargo_dependencies import CARGO, cargo_dependencies, cargo_name
from regent.core.version_files.dependencies import DependencyRef
from regent.core.version_files.kinds import VersionFileKind
from regent.core.version_files.npm_dependencies import (
    NPM,
    package_json_dependencies,
    package_json_name,
)
from regent.core.version_files.python_dependencies import (
    PYTHON,
    pyproject_dependencies,
    pyproject_name,
)

WORKSPACE_MANIFESTS: tuple[tuple[str, VersionFileKind], ...] = (
    ("package.json", VersionFileKind.PACKAGE_JSON),
    ("Cargo.toml", VersionFileKind.CARGO),
    ("pyproject.toml", VersionFileKind.PYPROJECT),
)
_ECOSYSTEMS = {
    VersionFileKind.PACKAGE_JSON: NPM,
    VersionFileKind.CARGO: CARGO,
    VersionFileKind.PYPROJECT: PYTHON,
}


@dataclass(frozen=True, slots=True)
class Manifest:
    """A workspace manifest's path from the repository root, kind and text."""

    path: str
    kind: VersionFileKind
    text: str

    @property
    def ecosystem(self) -> str:
        return _ECOSYSTEMS[self.kind]


def manifest_package(manifest: Manifest) -> str | None:
    """The package the manifest names (a Python name normalised), or None."""
    text, path = manifest.text, manifest.path
    if manifest.kind is VersionFileKind.PACKAGE_JSON:
        return package_json_name(text, path=path)
    if manifest.kind is VersionFileKind.CARGO:
        return cargo_name(text, path=path)
    return pyproject_name(text, path=path)


def manifest_dependencies(
    manifest: Manifest, packages: frozenset[str], *, text: str | None = None
) -> tuple[DependencyRef, ...]:
    """The manifest's requirements on ``packages`` (of its ecosystem); ``text``: read these
    offsets in another text of it (its version bumped)."""
    text = manifest.text if text is None else text
    path = manifest.path
    if not packages:
        return ()
    if manifest.kind is VersionFileKind.PACKAGE_JSON:
        return package_json_dependencies(text, path=path, packages=packages)
    if manifest.kind is VersionFileKind.CARGO:
        return cargo_dependencies(text, path=path, packages=packages)
    return pyproject_dependencies(text, path=path, packages=packages)
