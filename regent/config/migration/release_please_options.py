"""release-please's per-package options (``ReleaserConfigOptions``), given at the top of
``release-please-config.json`` or under a package, as ``.release-regent.yml`` settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from posixpath import join, normpath

from regent.config.migration.result import Draft, merge_into, put
from regent.config.migration.shared import (
    NO_EQUIVALENT,
    section_settings,
    sections_from_types,
    settings_problem,
    shown,
    version_file_entry,
)

DEFAULT_BUMP_TYPES = frozenset({"feat", "fix", "perf"})
RELEASE_TYPE_FILES = {
    "node": "package.json",
    "python": "pyproject.toml or setup.cfg",
    "rust": "Cargo.toml",
    "simple": "",
    "go": "",
}
TAG_OPTIONS = frozenset({"include-component-in-tag", "include-v-in-tag", "tag-separator"})
NAME_OPTIONS = frozenset({"component", "package-name", "$schema"})
JSON_PATH_KINDS = {
    ("package.json", "$.version"),
    ("pyproject.toml", "$.project.version"),
    ("pyproject.toml", "$.tool.poetry.version"),
    ("Cargo.toml", "$.package.version"),
}
SKIPPED = {
    "changelog-host": "release notes link to the repository the Action runs in",
    "pull-request-header": "the release PR body comes from a template: set templates.pr_body",
    "pull-request-footer": "the release PR body comes from a template: set templates.pr_body",
    "skip-github-release": "Release Regent always tags the release and creates its GitHub Release",
    "exclude-paths": "every commit of the branch (or of a component's path) counts",
    "snapshot-label": "Java snapshot releases are not made",
    "skip-snapshot": "Java snapshot releases are not made",
    "skip-changelog": "the changelog file is always updated",
    "label": "the release PR's state labels are Release Regent's own (release-regent: pending)",
    "release-label": "the released PR's state label is Release Regent's own",
}


@dataclass(frozen=True, slots=True)
class PackageScope:
    """Where a package's options land: its path (``.`` for the root) and how it is named."""

    path: str
    name: str
    one_of_several: bool = False
    """A component: messages name its options by its path."""

    def file(self, relative: str) -> str:
        """A path release-please reads relative to the package, from the repository root."""
        return normpath(join(self.path, relative.lstrip("/")))


def map_options(
    options: Mapping[str, object],
    *,
    scope: PackageScope,
    draft: Draft,
    inherited: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The settings ``options`` stand for (nested mappings); what has none is listed unmapped.

    ``inherited``: the top-level options a package's own ones are read beside.
    """
    mapped: dict[str, object] = {}
    seen = {**(inherited or {}), **options}
    for key, value in options.items():
        setting = package_setting(scope.path, key) if scope.one_of_several else key
        if key in TAG_OPTIONS or key in NAME_OPTIONS or key in _SCOPED_ELSEWHERE:
            continue
        handler = _HANDLERS.get(key)
        if handler is None:
            draft.skip(setting, SKIPPED.get(key, NO_EQUIVALENT))
            continue
        part: dict[str, object] = {}
        handler(value, part, _Context(setting, scope, draft, seen))
        if (problem := settings_problem(part)) is not None:
            draft.skip(setting, f"{shown(value)} cannot be used here ({problem})")
        else:
            merge_into(mapped, part)
    return mapped


def package_setting(path: str, key: str) -> str:
    """How messages name the option ``key`` of the package at ``path``."""
    return f'packages["{path}"].{key}'


_SCOPED_ELSEWHERE = frozenset({"prerelease-type", "release-as"})


@dataclass(frozen=True, slots=True)
class _Context:
    setting: str
    scope: PackageScope
    draft: Draft
    options: Mapping[str, object]


def _flag(value: object, context: _Context) -> bool | None:
    if isinstance(value, bool):
        return value
    context.draft.skip(context.setting, f"expected true or false, not {shown(value)}")
    return None


def _breaking_pre_major(value: object, mapped: dict[str, object], context: _Context) -> None:
    if (flag := _flag(value, context)) is not None:
        put(mapped, "bump.breaking_before_1_0", "minor" if flag else "major")


def _feature_pre_major(value: object, mapped: dict[str, object], context: _Context) -> None:
    if (flag := _flag(value, context)) is not None:
        put(mapped, "bump.feature_before_1_0", "patch" if flag else "minor")


RELEASE_TYPE_NOTES = {
    "python": "release-type python also updated setup.py and the package's __version__: list "
    "the module under version_files (setup.py is not bumped)",
    "simple": "release-type simple kept the version in version.txt, which is not bumped here "
    "(a file holding only the version has no line to mark): tags carry the version",
}


def _release_type(value: object, mapped: dict[str, object], context: _Context) -> None:
    if isinstance(value, str) and value in RELEASE_TYPE_NOTES:
        context.draft.note(f"{context.setting}: {RELEASE_TYPE_NOTES[value]}")
    if value not in RELEASE_TYPE_FILES:
        context.draft.skip(
            context.setting,
            f"release-type {shown(value)} updates files Release Regent does not know; it bumps "
            "package.json, pyproject.toml, Cargo.toml and setup.cfg: list other files under "
            "version_files as generic files",
        )


def _prerelease(value: object, mapped: dict[str, object], context: _Context) -> None:
    """``prerelease: true`` marks GitHub Releases as prereleases: here a release is one when its
    version is (``versioning: prerelease`` gives the channel)."""
    if value is True and context.options.get("versioning") != "prerelease":
        context.draft.skip(
            context.setting,
            "a GitHub Release is a prerelease here when its version is one: set prerelease: "
            "CHANNEL (release-please's versioning: prerelease with prerelease-type maps to it)",
        )


def _versioning(value: object, mapped: dict[str, object], context: _Context) -> None:
    """The prerelease strategy releases ``prerelease-type``'s channel; others have no match."""
    channel = context.options.get("prerelease-type")
    if value == "prerelease" and isinstance(channel, str):
        put(mapped, "prerelease", channel)
    elif value == "prerelease":
        context.draft.skip(context.setting, "without prerelease-type there is no channel to use")
    elif value != "default":
        context.draft.skip(context.setting, "only the default and prerelease strategies map")


def _sections(value: object, mapped: dict[str, object], context: _Context) -> None:
    sections = sections_from_types(value, setting=context.setting, draft=context.draft)
    if sections is None:
        return
    put(mapped, "changelog.sections", section_settings(sections))
    # A visible entry makes release-please release: a patch, for a type other than these.
    for name in (name for types in sections.values() for name in types):
        if name.lower() not in DEFAULT_BUMP_TYPES and name.lower() != "feature":
            bump = mapped.setdefault("bump", {})
            assert isinstance(bump, dict)
            bump.setdefault("types", {})[name] = "patch"


def _changelog_path(value: object, mapped: dict[str, object], context: _Context) -> None:
    if isinstance(value, str) and value:
        put(mapped, "changelog.path", context.scope.file(value))
    else:
        context.draft.skip(context.setting, f"expected a path, not {shown(value)}")


def _changelog_type(value: object, mapped: dict[str, object], context: _Context) -> None:
    if value != "default":
        context.draft.skip(context.setting, "release notes are always Release Regent's own")


def _extra_files(value: object, mapped: dict[str, object], context: _Context) -> None:
    entries = value if isinstance(value, list) else [value]
    files = mapped.setdefault("version_files", [])
    assert isinstance(files, list)
    for entry in entries:
        path = _extra_file_path(entry, context)
        listed = path and version_file_entry(context.scope.file(path), draft=context.draft)
        if listed:
            files.append(listed)
    if not files:
        del mapped["version_files"]


def _extra_file_path(entry: object, context: _Context) -> str | None:
    """The path of an extra file Release Regent can bump as release-please would, or None."""
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
        context.draft.skip(context.setting, f"{shown(entry)} is not a path or {{type, path}}")
        return None
    path, json_path = entry["path"], entry.get("jsonpath")
    if entry.get("glob") is True:
        context.draft.skip(context.setting, f"{path}: glob patterns are not read; list each file")
    elif entry.get("type") == "generic" or (path.rsplit("/", 1)[-1], json_path) in JSON_PATH_KINDS:
        return str(path)
    else:
        context.draft.skip(
            context.setting,
            f"{path} ({entry.get('type')} {json_path or ''}): Release Regent bumps the version "
            "of package.json, pyproject.toml, Cargo.toml and setup.cfg, or a marked line",
        )
    return None


def _version_file(value: object, mapped: dict[str, object], context: _Context) -> None:
    _extra_files([value], mapped, context)


def _text(path: str) -> Callable[[object, dict[str, object], _Context], None]:
    def handle(value: object, mapped: dict[str, object], context: _Context) -> None:
        if isinstance(value, str):
            put(mapped, path, value)
        else:
            context.draft.skip(context.setting, f"expected text, not {shown(value)}")

    return handle


def _boolean(path: str) -> Callable[[object, dict[str, object], _Context], None]:
    def handle(value: object, mapped: dict[str, object], context: _Context) -> None:
        if (flag := _flag(value, context)) is not None:
            put(mapped, path, flag)

    return handle


def _labels(value: object, mapped: dict[str, object], context: _Context) -> None:
    names = [name.strip() for name in str(value).split(",") if name.strip()]
    put(mapped, "release_pr.labels", names)


_HANDLERS: dict[str, Callable[[object, dict[str, object], _Context], None]] = {
    "release-type": _release_type,
    "bump-minor-pre-major": _breaking_pre_major,
    "bump-patch-for-minor-pre-major": _feature_pre_major,
    "prerelease": _prerelease,
    "versioning": _versioning,
    "changelog-sections": _sections,
    "changelog-path": _changelog_path,
    "changelog-type": _changelog_type,
    "extra-files": _extra_files,
    "version-file": _version_file,
    "initial-version": _text("initial_version"),
    "draft": _boolean("release.draft"),
    "draft-pull-request": _boolean("release_pr.draft"),
    "extra-label": _labels,
}
