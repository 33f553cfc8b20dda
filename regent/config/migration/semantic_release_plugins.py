"""semantic-release's plugins and their options: commit-analyzer's release rules as bump rules,
the release notes' sections, the changelog file; what a plugin does beyond that is listed."""

from __future__ import annotations

from collections.abc import Mapping

from regent.config.migration.reading import Settings
from regent.config.migration.result import Draft
from regent.config.migration.shared import (
    NO_EQUIVALENT,
    section_settings,
    sections_from_types,
    set_checked,
    shown,
)

ANALYZER = "@semantic-release/commit-analyzer"
NOTES = "@semantic-release/release-notes-generator"
CHANGELOG = "@semantic-release/changelog"
NPM = "@semantic-release/npm"
GIT = "@semantic-release/git"
GITHUB = "@semantic-release/github"
DEFAULT_PLUGINS = (ANALYZER, NOTES, NPM, GITHUB)
CONVENTIONAL_PRESETS = frozenset({"angular", "conventionalcommits"})
RELEASES = {"major": "major", "minor": "minor", "patch": "patch", False: "none"}
SCOPE_PATTERN = frozenset("*?[]{}!")
SKIPPED = {
    GIT: "the release PR commits the version files and the changelog; other assets are not",
    "@semantic-release/exec": "commands are not run: run them in your workflow after a release",
    "@semantic-release/gitlab": "Release Regent releases on GitHub",
}


def map_plugins(plugins: object, shared: Settings, *, draft: Draft) -> None:
    """Map each plugin's options (over the ``shared`` top-level ones); default plugins when
    ``plugins`` is None."""
    listed = DEFAULT_PLUGINS if plugins is None else plugins
    names: list[str] = []
    for plugin in listed if isinstance(listed, (list, tuple)) else [listed]:
        name, options = _plugin(plugin)
        if name is None:
            draft.skip("plugins", f"{shown(plugin)} is not a plugin name or [name, options]")
            continue
        names.append(name)
        _map_plugin(name, {**shared, **options}, draft=draft)
    if CHANGELOG not in names:
        draft.note(
            "semantic-release wrote no changelog file here; Release Regent keeps one at "
            "changelog.path (CHANGELOG.md by default)"
        )


def _plugin(plugin: object) -> tuple[str | None, Mapping[str, object]]:
    if isinstance(plugin, str):
        return plugin, {}
    if isinstance(plugin, list) and plugin and isinstance(plugin[0], str):
        options = plugin[1] if len(plugin) > 1 and isinstance(plugin[1], Mapping) else {}
        return plugin[0], options
    return None, {}


def _map_plugin(name: str, options: Mapping[str, object], *, draft: Draft) -> None:
    if name == ANALYZER:
        _analyzer(options, draft)
    elif name == NOTES:
        _notes(options, draft)
    elif name == CHANGELOG:
        if "changelogFile" in options:
            path = options["changelogFile"]
            set_checked(draft, "changelog.path", path, setting=f"{name}: changelogFile")
        if "changelogTitle" in options:
            draft.skip(f"{name}: changelogTitle", "the changelog keeps the title it has")
    elif name == NPM:
        _npm(options, draft)
    elif name == GITHUB:
        for key in options:
            if key not in ("preset", "releaseRules", "presetConfig", "parserOpts", "writerOpts"):
                draft.skip(f"{name}: {key}", "GitHub Releases carry the release notes only")
    else:
        draft.skip(name, SKIPPED.get(name, NO_EQUIVALENT))


def _npm(options: Mapping[str, object], draft: Draft) -> None:
    """The package's ``package.json`` (under ``pkgRoot``) is bumped; publishing is not done."""
    root = options.get("pkgRoot")
    if isinstance(root, str) and root.strip("./"):
        manifest = f"{root.strip('/').removeprefix('./')}/package.json"
        set_checked(draft, "version_files", [manifest], setting=f"{NPM}: pkgRoot")
    draft.note(
        f"{NPM}: package.json's version is bumped; publishing to npm is a step of your "
        "workflow after the release"
    )


def _analyzer(options: Mapping[str, object], draft: Draft) -> None:
    preset = options.get("preset", "angular")
    if preset not in CONVENTIONAL_PRESETS:
        draft.skip(
            f"{ANALYZER}: preset", f"{shown(preset)}: commits are read as Conventional Commits"
        )
    rules = options.get("releaseRules")
    if rules is not None:
        _release_rules(rules, draft)
    if "parserOpts" in options:
        draft.skip(
            f"{ANALYZER}: parserOpts",
            "commits are read as Conventional Commits (BREAKING CHANGE and ! mark a major)",
        )


def _release_rules(rules: object, draft: Draft) -> None:
    setting = f"{ANALYZER}: releaseRules"
    if not isinstance(rules, list):
        draft.skip(setting, "a path to a module of rules is code, which is not run")
        return
    for rule in rules:
        key = _rule_key(rule)
        release = rule.get("release") if isinstance(rule, Mapping) else None
        if (
            isinstance(rule, Mapping)
            and rule.get("breaking") is True
            and set(rule)
            == {
                "breaking",
                "release",
            }
        ):
            if release != "major":
                draft.skip(setting, f"{shown(rule)}: a breaking change always bumps major")
        elif key is None or release not in RELEASES:
            draft.skip(setting, f"{shown(rule)}: only {{type, scope, release}} rules map")
        else:
            types = {**_types(draft), key: RELEASES[release]}
            set_checked(draft, "bump.types", types, setting=f"{setting}: {shown(rule)}")


def _types(draft: Draft) -> dict[str, object]:
    bump = draft.settings.get("bump", {})
    types = bump.get("types", {}) if isinstance(bump, dict) else {}
    return dict(types) if isinstance(types, dict) else {}


def _rule_key(rule: object) -> str | None:
    """``type`` or ``type(scope)`` for a rule naming a type (and a plain scope) only."""
    if not isinstance(rule, Mapping) or not set(rule) <= {"type", "scope", "release"}:
        return None
    kind, scope = rule.get("type"), rule.get("scope")
    if not isinstance(kind, str):
        return None
    if scope is None:
        return kind
    if isinstance(scope, str) and not SCOPE_PATTERN & set(scope):
        return f"{kind}({scope})"
    return None


def _notes(options: Mapping[str, object], draft: Draft) -> None:
    config = options.get("presetConfig")
    types = config.get("types") if isinstance(config, Mapping) else None
    if types is not None:
        setting = f"{NOTES}: presetConfig.types"
        sections = sections_from_types(types, setting=setting, draft=draft)
        if sections is not None:
            draft.set("changelog.sections", section_settings(sections))
    if "writerOpts" in options:
        draft.skip(f"{NOTES}: writerOpts", "release notes come from templates: see templates")
