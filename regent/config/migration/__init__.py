"""Another release tool's configuration read and written as ``.release-regent.yml``: one module
per tool, each returning a ``Migration`` (settings, what it could not map and why, notes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set

from regent.config.migration.commitizen import SOURCE_FILES as COMMITIZEN_FILES
from regent.config.migration.commitizen import migrate_commitizen
from regent.config.migration.python_semantic_release import SOURCE_FILES as PSR_FILES
from regent.config.migration.python_semantic_release import migrate_python_semantic_release
from regent.config.migration.release_please import SOURCE_FILES as RELEASE_PLEASE_FILES
from regent.config.migration.release_please import migrate_release_please
from regent.config.migration.rendering import render_migration, summary_lines
from regent.config.migration.result import Migration, Unmapped
from regent.config.migration.semantic_release import SOURCE_FILES as SEMANTIC_RELEASE_FILES
from regent.config.migration.semantic_release import migrate_semantic_release
from regent.config.migration.shared import matching_tags

__all__ = [
    "TOOLS",
    "Migration",
    "Unmapped",
    "matching_tags",
    "migrate",
    "render_migration",
    "source_files",
    "summary_lines",
]

Migrate = Callable[[Mapping[str, str], Set[str] | None], Migration]


def _release_please(texts: Mapping[str, str], tags: Set[str] | None) -> Migration:
    return migrate_release_please(texts, tags=tags)


def _semantic_release(texts: Mapping[str, str], tags: Set[str] | None) -> Migration:
    return migrate_semantic_release(texts, tags=tags)


def _python_semantic_release(texts: Mapping[str, str], tags: Set[str] | None) -> Migration:
    return migrate_python_semantic_release(texts, tags=tags)


def _commitizen(texts: Mapping[str, str], tags: Set[str] | None) -> Migration:
    return migrate_commitizen(texts, tags=tags)


_TOOLS: dict[str, tuple[tuple[str, ...], Migrate]] = {
    "release-please": (RELEASE_PLEASE_FILES, _release_please),
    "semantic-release": (SEMANTIC_RELEASE_FILES, _semantic_release),
    "python-semantic-release": (PSR_FILES, _python_semantic_release),
    "commitizen": (COMMITIZEN_FILES, _commitizen),
}
TOOLS: tuple[str, ...] = tuple(_TOOLS)


def source_files(tool: str) -> tuple[str, ...]:
    """The files ``tool`` may keep its configuration in, in the order it looks for them."""
    return _TOOLS[tool][0]


def migrate(tool: str, texts: Mapping[str, str], *, tags: Set[str] | None) -> Migration:
    """The migration of ``tool``'s configuration, given the ``texts`` of its files found (by
    repository path) and the repository's tag names (None: not a git repository)."""
    return _TOOLS[tool][1](texts, tags)
