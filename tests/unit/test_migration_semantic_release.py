"""``regent init --from semantic-release``: where the configuration is found, and each of its
settings and plugin options to the setting it becomes, or to the reason it has none."""

from __future__ import annotations

import pytest

from regent.core.errors import ConfigError
from tests.migration_check import migrated, setting, unmapped

RC = ".releaserc.json"
ANALYZER = "@semantic-release/commit-analyzer"
NOTES = "@semantic-release/release-notes-generator"


def test_semantic_release_defaults_hold_without_settings() -> None:
    migration = migrated("semantic-release", {RC: {}})
    assert setting(migration, "tag_template") == "v{version}"
    assert setting(migration, "initial_version") == "1.0.0"
    assert setting(migration, "bump.breaking_before_1_0") == "major"
    assert setting(migration, "base_branches") is None


MAPPED = [
    ({"tagFormat": "${version}"}, "tag_template", "{version}"),
    ({"tagFormat": "release-${version}"}, "tag_template", "release-{version}"),
    ({"branches": ["main", "next"]}, "base_branches", ["main", "next"]),
    ({"branch": "master"}, "base_branches", ["master"]),
    (
        {"branches": ["+([0-9])?(.{+([0-9]),x}).x", "main"]},
        "base_branches",
        ["[0-9]*.x", "main"],
    ),
    (
        {
            "branches": [
                "main",
                {"name": "beta", "prerelease": True},
                {"name": "next", "prerelease": "rc"},
            ]
        },
        "base_branches",
        ["main", {"name": "beta", "prerelease": "beta"}, {"name": "next", "prerelease": "rc"}],
    ),
    (
        {
            "branches": [
                "main",
                {"name": "release/1.x", "range": "1.x.x"},
                {"name": "v2", "range": "2.1.x"},
            ]
        },
        "base_branches",
        ["main", {"name": "release/1.x", "range": "1.x"}, {"name": "v2", "range": "2.1.x"}],
    ),
    (
        {
            "plugins": [
                [
                    ANALYZER,
                    {
                        "releaseRules": [
                            {"type": "docs", "scope": "README", "release": "patch"},
                            {"type": "refactor", "release": "minor"},
                            {"type": "perf", "release": False},
                        ]
                    },
                ]
            ]
        },
        "bump.types",
        {"docs(README)": "patch", "refactor": "minor", "perf": "none"},
    ),
    (
        {"releaseRules": [{"type": "build", "release": "patch"}]},  # top-level plugin options
        "bump.types",
        {"build": "patch"},
    ),
    (
        {
            "plugins": [
                [
                    NOTES,
                    {
                        "preset": "conventionalcommits",
                        "presetConfig": {
                            "types": [
                                {"type": "feat", "section": "Features"},
                                {"type": "fix", "section": "Fixes"},
                                {"type": "chore", "section": "Misc", "hidden": True},
                            ]
                        },
                    },
                ]
            ]
        },
        "changelog.sections",
        [{"title": "Features", "types": ["feat"]}, {"title": "Fixes", "types": ["fix"]}],
    ),
    (
        {"plugins": [["@semantic-release/npm", {"pkgRoot": "dist", "npmPublish": False}]]},
        "version_files",
        ["dist/package.json"],
    ),
    (
        {"plugins": [["@semantic-release/changelog", {"changelogFile": "docs/CHANGELOG.md"}]]},
        "changelog.path",
        "docs/CHANGELOG.md",
    ),
]


@pytest.mark.parametrize(("config", "key", "expected"), MAPPED)
def test_a_setting_is_mapped(config: dict[str, object], key: str, expected: object) -> None:
    assert setting(migrated("semantic-release", {RC: config}), key) == expected


UNMAPPED = [
    ({"tagFormat": "${name}@${version}"}, "tagFormat", "${version}"),
    ({"extends": "@acme/release-config"}, "extends", "shareable"),
    ({"repositoryUrl": "https://example.invalid/x.git"}, "repositoryUrl", "runs in"),
    ({"branches": ["main", "+(feature|fix)/*"]}, "branches: +(feature|fix)/*", "extended glob"),
    ({"branches": [{"name": "next", "channel": "next"}]}, "branches: next: channel", "npm"),
    ({"branches": [{"name": "old", "range": ">=1.0.0 <2.0.0"}]}, "branches: old: range", "N.x"),
    ({"plugins": [[ANALYZER, {"preset": "eslint"}]]}, f"{ANALYZER}: preset", "Conventional"),
    (
        {"plugins": [[ANALYZER, {"releaseRules": [{"subject": "*wip*", "release": False}]}]]},
        f"{ANALYZER}: releaseRules",
        "only {type, scope, release}",
    ),
    (
        {"plugins": [["@semantic-release/git", {"assets": ["dist"]}]]},
        "@semantic-release/git",
        "assets",
    ),
    ({"plugins": ["@semantic-release/exec"]}, "@semantic-release/exec", "workflow"),
    (
        {"plugins": [["@semantic-release/github", {"assets": "dist/*"}]]},
        "@semantic-release/github: assets",
        "notes only",
    ),
    ({"prepare": ["@semantic-release/npm"]}, "prepare", "steps"),
    ({"somethingElse": 1}, "somethingElse", "no setting"),
    (
        {"releaseRules": [{"type": "my type", "release": "patch"}]},
        f'{ANALYZER}: releaseRules: {{"type": "my type", "release": "patch"}}',
        "cannot be used here",
    ),
    (
        {"plugins": [["@semantic-release/changelog", {"changelogFile": "/tmp/x.md"}]]},
        "@semantic-release/changelog: changelogFile",
        "relative",
    ),
]


@pytest.mark.parametrize(("config", "name", "reason"), UNMAPPED)
def test_a_setting_without_equivalent_is_listed_with_its_reason(
    config: dict[str, object], name: str, reason: str
) -> None:
    assert reason in unmapped(migrated("semantic-release", {RC: config}))[name]


def test_the_first_configuration_semantic_release_would_read_is_used() -> None:
    files = {
        "package.json": {"name": "app", "release": {"tagFormat": "pkg-${version}"}},
        RC: {"tagFormat": "rc-${version}"},
    }
    migration = migrated("semantic-release", files)
    assert migration.sources == ("package.json (release)",)
    assert setting(migration, "tag_template") == "pkg-{version}"
    without_key = {"package.json": {"name": "app"}, ".releaserc": "tagFormat: yml-${version}\n"}
    assert setting(migrated("semantic-release", without_key), "tag_template") == "yml-{version}"


def test_a_releaserc_without_extension_may_be_json_with_tabs() -> None:
    text = '{\n\t"tagFormat": "t-${version}",\n\t"branches": ["main"]\n}\n'
    migration = migrated("semantic-release", {".releaserc": text})
    assert setting(migration, "tag_template") == "t-{version}"


def test_a_javascript_configuration_is_not_run_and_nothing_is_mapped_from_it() -> None:
    migration = migrated(
        "semantic-release", {"release.config.js": "module.exports = {tagFormat: 'x${version}'}"}
    )
    assert "code" in unmapped(migration)["release.config.js"]
    assert setting(migration, "tag_template") == "v{version}"


ERRORS = [
    ({}, "no semantic-release configuration"),
    ({"package.json": {"name": "app"}}, "no semantic-release configuration"),
    ({RC: "{oops"}, "not valid JSON"),
    ({".releaserc.yml": "a: [1,\n"}, ""),
    ({RC: "[1, 2]"}, "mapping"),
]


@pytest.mark.parametrize(("files", "message"), ERRORS)
def test_a_missing_or_invalid_file_is_an_error_naming_it(
    files: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        migrated("semantic-release", files)
    assert message in str(raised.value)
    assert raised.value.path in (*files, ".releaserc")
