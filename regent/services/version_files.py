"""Find the version files of a checkout and compute their bumped contents."""

from __future__ import annotations

from collections.abc import Callable

from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy
from regent.core.version_files import (
    ROOT_MANIFESTS,
    VersionFileKind,
    VersionFileUpdate,
    kind_for_path,
    read_version,
    update_version,
)


def plan_version_files(
    read_file: Callable[[str], str | None], *, policy: ReleasePolicy, new_version: str
) -> tuple[VersionFileUpdate, ...]:
    """Updates for auto-detected root manifests that carry a version, then the configured files.

    ``read_file`` gives a file's text by its path from the repository root (None: absent).
    """
    updates: list[VersionFileUpdate] = []
    seen: set[str] = set()
    if policy.detect_version_files:
        for path, kind in ROOT_MANIFESTS:
            text = read_file(path)
            if text is not None and read_version(kind, text) is not None:
                updates.append(update_version(kind, text, new_version, path=path))
                seen.add(path)
    for spec in policy.version_files:
        if spec.path in seen:
            continue
        kind = _kind(spec.path, spec.kind)
        text = read_file(spec.path)
        if text is None:
            raise ConfigError(
                f"version_files: {spec.path} does not exist in the repository", key="version_files"
            )
        updates.append(update_version(kind, text, new_version, path=spec.path))
        seen.add(spec.path)
    return tuple(updates)


def _kind(path: str, configured: str | None) -> VersionFileKind:
    if configured is not None:
        return VersionFileKind(configured)
    detected = kind_for_path(path)
    if detected is None:
        raise ConfigError(
            f"version_files: cannot tell how to update {path}; give its kind "
            f"({', '.join(kind.value for kind in VersionFileKind)}), "
            f"e.g. {{path: {path}, kind: generic}}",
            key="version_files",
        )
    return detected
