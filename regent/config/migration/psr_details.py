"""python-semantic-release's version files, branches, changelog and commit parser options."""

from __future__ import annotations

import re
from collections.abc import Mapping

from regent.config.migration.result import Draft
from regent.config.migration.shared import (
    GENERIC_MARKER_NOTE,
    NO_EQUIVALENT,
    set_checked,
    settings_problem,
    shown,
    version_file_entry,
)

TOML_VERSIONS = {
    ("pyproject.toml", "project.version"),
    ("pyproject.toml", "tool.poetry.version"),
    ("Cargo.toml", "package.version"),
}
BRANCH_NAMES = re.compile(r"\^?\(?(?P<names>[\w./-]+(?:\|[\w./-]+)*)\)?\$?")
BUMP_OPTIONS = {
    "minor_tags": "minor",
    "minor_types": "minor",
    "patch_tags": "patch",
    "patch_types": "patch",
}
DEFAULT_TYPES = {"minor": ["feat"], "patch": ["fix", "perf"]}
"""The parser's types per bump when its options do not list them."""
CHANGELOG_SKIPPED = {
    "exclude_commit_patterns": "commits are listed by type (changelog.sections); none by pattern",
    "template_dir": "templates are Jinja with Release Regent's own context: see templates",
    "environment": "templates are Jinja with Release Regent's own context: see templates",
    "insertion_flag": "a release's entry goes above the previous ones",
    "mode": "a release's entry is added to the changelog; it is never rewritten whole",
}


def _add_version_file(entry: object, draft: Draft, *, setting: str) -> None:
    if (problem := settings_problem({"version_files": [entry]})) is not None:
        draft.skip(setting, problem)
        return
    files = draft.settings.setdefault("version_files", [])
    assert isinstance(files, list)
    files.append(entry)


def map_version_variables(value: object, *, draft: Draft) -> None:
    """``path:variable[:nf|tf]`` entries as version files."""
    for item in value if isinstance(value, list) else [value]:
        path, _, rest = str(item).partition(":")
        variable, _, shape = rest.partition(":")
        setting = f"version_variables: {item}"
        if shape == "tf":
            draft.skip(setting, "a version written with its tag's prefix has no equivalent")
        elif path.endswith(".py") and variable != "__version__":
            draft.note(GENERIC_MARKER_NOTE.format(path=path))
            _add_version_file({"path": path, "kind": "generic"}, draft, setting=setting)
        elif (entry := version_file_entry(path, draft=draft)) is not None:
            _add_version_file(entry, draft, setting=setting)


def map_version_toml(value: object, *, draft: Draft) -> None:
    """``path:dotted.key`` entries: the manifests Release Regent bumps by name."""
    for item in value if isinstance(value, list) else [value]:
        path, _, key = str(item).partition(":")
        if (path.rsplit("/", 1)[-1], key.partition(":")[0]) not in TOML_VERSIONS:
            draft.skip(
                f"version_toml: {item}",
                "only [project], [tool.poetry] and Cargo's [package] versions map",
            )
        elif (entry := version_file_entry(path, draft=draft)) is not None:
            _add_version_file(entry, draft, setting=f"version_toml: {item}")


def map_branches(value: object, *, draft: Draft) -> None:
    """Each ``[branches.<group>]``: its ``match`` pattern as names, a prerelease channel."""
    if not isinstance(value, Mapping):
        draft.skip("branches", "expected a table of branch groups")
        return
    entries: list[object] = []
    for group, settings in value.items():
        setting = f"branches.{group}"
        found = BRANCH_NAMES.fullmatch(
            str(settings.get("match", "")) if isinstance(settings, Mapping) else ""
        )
        if found is None or not isinstance(settings, Mapping):
            draft.skip(setting, "only a match of plain names (main, (main|master)) maps")
            continue
        channel = settings.get("prerelease_token", "rc") if settings.get("prerelease") else None
        for name in found["names"].split("|"):
            entries.append({"name": name, "prerelease": channel} if channel else name)
    problem = settings_problem({"base_branches": entries})
    if problem is None and entries:
        draft.set("base_branches", entries)
    elif problem is not None:
        draft.skip("branches", f"these branches cannot be used here ({problem})")


def map_changelog(value: object, *, draft: Draft) -> None:
    if not isinstance(value, Mapping):
        draft.skip("changelog", "expected a table")
        return
    templates = value.get("default_templates")
    path = templates.get("changelog_file") if isinstance(templates, Mapping) else None
    path = path or value.get("changelog_file")
    if path is not None:
        set_checked(draft, "changelog.path", path, setting="changelog.changelog_file")
    for key in value:
        if key in CHANGELOG_SKIPPED:
            draft.skip(f"changelog.{key}", CHANGELOG_SKIPPED[key])
        elif key not in ("default_templates", "changelog_file"):
            draft.skip(f"changelog.{key}", NO_EQUIVALENT)


def map_parser_options(value: object, *, draft: Draft) -> None:
    if not isinstance(value, Mapping):
        draft.skip("commit_parser_options", "expected a table")
        return
    lists: dict[str, list[str]] = {}
    for key, listed in value.items():
        setting = f"commit_parser_options.{key}"
        if key in BUMP_OPTIONS and isinstance(listed, list):
            lists[BUMP_OPTIONS[key]] = [str(name) for name in listed]
        elif key in ("allowed_tags", "allowed_types"):
            continue
        elif key == "parse_squash_commits" and isinstance(listed, bool):
            draft.set("commit_parsing", {"style": "strict", "squash_bodies": listed})
        elif key in ("path_filters", "scope_prefix"):
            draft.skip(
                setting, f"{shown(listed)}: a monorepo folder is a component here (components)"
            )
        else:
            draft.skip(setting, NO_EQUIVALENT)
    if lists:
        _bump_types({**DEFAULT_TYPES, **lists}, draft)


def _bump_types(lists: Mapping[str, list[str]], draft: Draft) -> None:
    """The listed types' bumps; a default type the lists leave out releases nothing."""
    types = {name: bump for bump, names in lists.items() for name in names}
    for names in DEFAULT_TYPES.values():
        for name in names:
            types.setdefault(name, "none")
    set_checked(draft, "bump.types", types, setting="commit_parser_options")
