"""``regent init --from semantic-release``: ``.releaserc`` (YAML or JSON), ``release.config.*``
or package.json's ``release`` key, its branches and its plugins' options."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from regent.config.migration.reading import Settings, as_settings, read_data
from regent.config.migration.result import Draft, Migration
from regent.config.migration.semantic_release_plugins import map_plugins
from regent.config.migration.shared import NO_EQUIVALENT, set_checked, settings_problem, shown
from regent.core.errors import ConfigError

PACKAGE_JSON = "package.json"
SOURCE_FILES = (
    PACKAGE_JSON,
    ".releaserc",
    ".releaserc.json",
    ".releaserc.yaml",
    ".releaserc.yml",
    ".releaserc.js",
    ".releaserc.cjs",
    ".releaserc.mjs",
    "release.config.js",
    "release.config.cjs",
    "release.config.mjs",
)
CODE_SUFFIXES = (".js", ".cjs", ".mjs")
MAINTENANCE_GLOB = "+([0-9])?(.{+([0-9]),x}).x"
"""semantic-release's default maintenance branches (1.x, 1.2.x): here the pattern below."""
MAINTENANCE_PATTERN = "[0-9]*.x"
EXTGLOB = re.compile(r"[+@!?]\(|\{")
SKIPPED = {
    "extends": "shareable configurations are not read: copy the settings they add by hand",
    "repositoryUrl": "the repository is the one Release Regent runs in",
    "dryRun": "regent plan previews a release without writing anything",
    "ci": "regent plan previews a release without writing anything",
    "debug": "regent plan previews a release without writing anything",
}
STEPS = frozenset(
    {"verifyConditions", "analyzeCommits", "verifyRelease", "generateNotes", "prepare"}
    | {"publish", "addChannel", "success", "fail"}
)
PLUGIN_OPTIONS = frozenset({"preset", "releaseRules", "presetConfig", "parserOpts", "writerOpts"})
CODE_REASON = (
    "a JavaScript configuration is code, and regent init runs no code: nothing was read from "
    "it, so copy its settings by hand (docs/migration.md lists what maps)"
)


def migrate_semantic_release(texts: Mapping[str, str], *, tags: Set[str] | None) -> Migration:
    """The settings of the first semantic-release configuration found, as semantic-release
    looks for them (``texts`` by file name)."""
    source, config = _configuration(texts)
    draft = Draft("semantic-release", (source,))
    draft.set("version_scheme", "semver")
    draft.set("tag_template", "v{version}")
    draft.set("initial_version", "1.0.0")
    draft.set("bump", {"breaking_before_1_0": "major"})
    if config is None:
        draft.skip(source, CODE_REASON)
    else:
        _map(config, draft)
    draft.tag_templates.append(str(draft.settings["tag_template"]))
    return draft.finish()


def _configuration(texts: Mapping[str, str]) -> tuple[str, Settings | None]:
    """The file used and its settings (None for a JavaScript file, which is not run)."""
    for name in SOURCE_FILES:
        if name not in texts:
            continue
        if name.endswith(CODE_SUFFIXES):
            return name, None
        data = read_data(texts[name], source=name)
        if name == PACKAGE_JSON:
            if not isinstance(data, Mapping) or data.get("release") is None:
                continue
            return f"{name} (release)", as_settings(data["release"], source=name, where="release")
        return name, as_settings(data if data is not None else {}, source=name, where="the file")
    raise ConfigError(
        "no semantic-release configuration here: looked for package.json's release key, "
        f"{', '.join(SOURCE_FILES[1:])}",
        path=".releaserc",
    )


def _map(config: Settings, draft: Draft) -> None:
    for key, value in config.items():
        if key == "tagFormat":
            _tag_format(value, draft)
        elif key in ("branches", "branch"):
            _branches(value, draft, setting=key)
        elif key in SKIPPED:
            draft.skip(key, SKIPPED[key])
        elif key in STEPS:
            draft.skip(key, "plugin steps are not read: Release Regent's steps are its own")
        elif key not in PLUGIN_OPTIONS and key != "plugins":
            draft.skip(key, NO_EQUIVALENT)
    shared = {key: value for key, value in config.items() if key in PLUGIN_OPTIONS}
    map_plugins(config.get("plugins"), shared, draft=draft)
    if "branches" not in config and "branch" not in config:
        draft.note(
            "no branches listed: semantic-release's defaults (main, next, maintenance and "
            "prerelease branches) are not carried over; the default branch is released"
        )


def _tag_format(value: object, draft: Draft) -> None:
    template = str(value).replace("${version}", "{version}")
    if "${" in template or "<%" in template:
        draft.skip("tagFormat", "only ${version} has an equivalent ({version})")
        return
    set_checked(draft, "tag_template", template, setting="tagFormat")


def _branches(value: object, draft: Draft, *, setting: str) -> None:
    entries: list[object] = []
    for branch in value if isinstance(value, list) else [value]:
        entry = _branch(branch, draft, setting=setting)
        if entry is not None:
            entries.append(entry)
    if not entries:
        return
    problem = settings_problem({"base_branches": entries})
    if problem is None:
        draft.set("base_branches", entries)
    else:
        draft.skip(setting, f"these branches cannot be used here ({problem})")


def _branch(branch: object, draft: Draft, *, setting: str) -> object | None:
    """One ``base_branches`` entry: a name or pattern, or {name, range, prerelease}."""
    if isinstance(branch, str):
        return _branch_name(branch, draft, setting=setting)
    if not isinstance(branch, Mapping) or not isinstance(branch.get("name"), str):
        draft.skip(setting, f"{shown(branch)} is not a branch name or a {{name, ...}} mapping")
        return None
    name = _branch_name(branch["name"], draft, setting=setting)
    if name is None:
        return None
    entry: dict[str, object] = {"name": name}
    if (line := _range(branch.get("range"), draft, setting=f"{setting}: {name}")) is not None:
        entry["range"] = line
    prerelease = branch.get("prerelease")
    channel = name if prerelease is True else prerelease
    if isinstance(channel, str) and ("${" in channel or EXTGLOB.search(channel) or "*" in channel):
        draft.skip(f"{setting}: {name}", "a prerelease channel made from a template or pattern")
    elif isinstance(channel, str):
        entry["prerelease"] = channel
    if "channel" in branch:
        draft.skip(f"{setting}: {name}: channel", "npm distribution tags are not published")
    return entry if len(entry) > 1 else name


def _branch_name(name: str, draft: Draft, *, setting: str) -> str | None:
    if name == MAINTENANCE_GLOB:
        return MAINTENANCE_PATTERN
    if EXTGLOB.search(name):
        draft.skip(f"{setting}: {name}", "extended glob patterns have no equivalent: use * ? [...]")
        return None
    return name


def _range(value: object, draft: Draft, *, setting: str) -> str | None:
    """A range of the form ``1.x`` or ``1.2.x`` (``1.x.x`` read as ``1.x``)."""
    if value is None:
        return None
    text = str(value)
    if re.fullmatch(r"\d+\.x\.x", text):
        text = text.removesuffix(".x")
    if re.fullmatch(r"\d+\.x|\d+\.\d+\.x", text):
        return text
    draft.skip(f"{setting}: range", f"{text!r}: only N.x and N.N.x ranges map")
    return None
