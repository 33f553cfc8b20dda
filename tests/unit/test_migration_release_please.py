"""``regent init --from release-please``: each setting of release-please-config.json to the
setting it becomes, or to the reason it has none; the manifest's versions against tags."""

from __future__ import annotations

import pytest

from regent.core.errors import ConfigError
from tests.migration_check import COMPONENTS_LANDED, migrated, setting, unmapped

CONFIG = "release-please-config.json"
MANIFEST = ".release-please-manifest.json"


def root(**options: object) -> dict[str, object]:
    """A configuration of one package at the root with ``options``."""
    return {"packages": {".": options}}


MAPPED = [
    ({}, "tag_template", "v{version}"),
    ({"include-v-in-tag": False}, "tag_template", "{version}"),
    ({"component": "app"}, "tag_template", "app-v{version}"),
    ({"package-name": "@acme/app"}, "tag_template", "app-v{version}"),
    ({"component": "app", "include-component-in-tag": False}, "tag_template", "v{version}"),
    (
        {"component": "app", "tag-separator": "@", "include-v-in-tag": False},
        "tag_template",
        "app@{version}",
    ),
    ({}, "bump.breaking_before_1_0", "major"),
    ({"bump-minor-pre-major": True}, "bump.breaking_before_1_0", "minor"),
    ({"bump-patch-for-minor-pre-major": True}, "bump.feature_before_1_0", "patch"),
    ({"changelog-path": "docs/CHANGES.md"}, "changelog.path", "docs/CHANGES.md"),
    ({"initial-version": "1.0.0"}, "initial_version", "1.0.0"),
    ({"prerelease": True, "prerelease-type": "beta"}, "prerelease", None),
    ({"versioning": "prerelease", "prerelease-type": "rc"}, "prerelease", "rc"),
    ({"draft": True}, "release.draft", True),
    ({"draft-pull-request": True}, "release_pr.draft", True),
    ({"extra-label": "release, autorelease"}, "release_pr.labels", ["release", "autorelease"]),
    ({"extra-files": ["src/app/__init__.py"]}, "version_files", ["src/app/__init__.py"]),
    (
        {"extra-files": ["VERSION.txt"]},
        "version_files",
        [{"path": "VERSION.txt", "kind": "generic"}],
    ),
    (
        {"extra-files": [{"type": "json", "path": "package.json", "jsonpath": "$.version"}]},
        "version_files",
        None,  # a root manifest is bumped without being listed
    ),
    (
        {
            "extra-files": [
                {"type": "toml", "path": "sub/pyproject.toml", "jsonpath": "$.project.version"}
            ]
        },
        "version_files",
        ["sub/pyproject.toml"],
    ),
    (
        {
            "changelog-sections": [
                {"type": "feat", "section": "Features"},
                {"type": "fix", "section": "Fixes"},
                {"type": "docs", "section": "Docs"},
                {"type": "chore", "section": "Chores", "hidden": True},
            ]
        },
        "changelog.sections",
        [
            {"title": "Features", "types": ["feat"]},
            {"title": "Fixes", "types": ["fix"]},
            {"title": "Docs", "types": ["docs"]},
        ],
    ),
    (
        {"changelog-sections": [{"type": "docs", "section": "Docs"}]},
        "bump.types",
        {"docs": "patch"},  # a visible section releases: a patch for a type that bumps nothing
    ),
]


@pytest.mark.parametrize(("options", "key", "expected"), MAPPED)
def test_an_option_becomes_a_setting(
    options: dict[str, object], key: str, expected: object
) -> None:
    assert setting(migrated("release-please", {CONFIG: root(**options)}), key) == expected


TOP_LEVEL = [
    ({"bootstrap-sha": "4f1c2a9e"}, "since", "4f1c2a9e"),
    (
        {"pull-request-title-pattern": "chore: release ${version}"},
        "release_pr.title",
        "chore: release {version}",
    ),
]


@pytest.mark.parametrize(("options", "key", "expected"), TOP_LEVEL)
def test_a_top_level_option_becomes_a_setting(
    options: dict[str, object], key: str, expected: object
) -> None:
    config = {**root(), **options}
    assert setting(migrated("release-please", {CONFIG: config}), key) == expected


UNMAPPED = [
    ({"last-release-sha": "abc"}, "last-release-sha", "last release tag"),
    (
        {"pull-request-title-pattern": "chore${scope}: release ${version}"},
        "pull-request-title-pattern",
        "${version}",
    ),
    ({"plugins": ["sentence-case"]}, "plugins", "one"),
    (root(**{"changelog-type": "github"}), "changelog-type", "Release Regent's own"),
    (root(**{"release-type": "java"}), "release-type", "generic"),
    (root(**{"versioning": "always-bump-patch"}), "versioning", "default"),
    (root(**{"skip-github-release": True}), "skip-github-release", "GitHub Release"),
    (
        root(**{"extra-files": [{"type": "xml", "path": "pom.xml", "xpath": "//version"}]}),
        "extra-files",
        "marked line",
    ),
    (
        root(
            **{
                "extra-files": [
                    {"type": "json", "path": "a/*.json", "jsonpath": "$.v", "glob": True}
                ]
            }
        ),
        "extra-files",
        "glob",
    ),
    (root(**{"prerelease": True}), "prerelease", "its version is one"),
    (root(**{"versioning": "prerelease"}), "versioning", "prerelease-type"),
    (root(**{"versioning": "prerelease", "prerelease-type": "1"}), "versioning", "cannot be used"),
    (root(**{"no-such-option": 1}), "no-such-option", "no setting"),
    (root(**{"initial-version": "one"}), "initial-version", "cannot be used here"),
    (root(**{"changelog-path": "../CHANGES.md"}), "changelog-path", "inside the repository"),
    (root(**{"extra-label": "release-regent: pending"}), "extra-label", "state label"),
]


@pytest.mark.parametrize(("config", "name", "reason"), UNMAPPED)
def test_an_option_without_equivalent_is_listed_with_its_reason(
    config: dict[str, object], name: str, reason: str
) -> None:
    listed = unmapped(migrated("release-please", {CONFIG: {**root(), **config}}))
    assert reason in listed[name]


@pytest.mark.parametrize(
    ("release_type", "note"), [("python", "setup.py"), ("simple", "version.txt")]
)
def test_a_release_type_whose_files_are_not_bumped_says_so(release_type: str, note: str) -> None:
    migration = migrated("release-please", {CONFIG: root(**{"release-type": release_type})})
    assert any(note in text for text in migration.notes)


def test_release_as_is_a_note_not_a_setting() -> None:
    migration = migrated("release-please", {CONFIG: root(**{"release-as": "2.0.0"})})
    assert "2.0.0" not in str(migration.settings)
    (note,) = [note for note in migration.notes if "release-as" in note]
    assert "!set-version 2.0.0" in note
    assert "Release-As: 2.0.0" in note


def test_the_manifest_version_is_checked_against_the_tags() -> None:
    files = {CONFIG: root(component="app"), MANIFEST: {".": "1.2.3"}}
    assert not migrated("release-please", files, tags={"app-v1.2.3"}).notes
    (note,) = migrated("release-please", files, tags={"app-v1.2.2"}).notes
    assert "no tag app-v1.2.3" in note
    assert "git tag app-v1.2.3" in note


def test_manifest_paths_match_package_paths_whatever_their_slashes() -> None:
    files = {
        CONFIG: {"packages": {"packages/api/": {"component": "api"}, "packages/cli": {}}},
        MANIFEST: {"packages/api": "1.0.0", "/packages/cli/": "2.0.0"},
    }
    assert not migrated("release-please", files, tags={"api-v1.0.0", "cli-v2.0.0"}).notes


def test_a_component_named_by_tags_alone_is_found_in_them() -> None:
    migration = migrated(
        "release-please", {CONFIG: root()}, tags={"widget-v1.0.0", "widget-v1.1.0"}
    )
    assert setting(migration, "tag_template") == "widget-v{version}"


MONOREPO = {
    "release-type": "node",
    "bump-minor-pre-major": True,
    "separate-pull-requests": True,
    "plugins": [{"type": "linked-versions", "groupName": "core", "components": ["api", "cli"]}],
    "packages": {
        "packages/api": {"component": "api", "extra-files": ["src/version.py"]},
        "packages/cli": {
            "component": "cli",
            "changelog-path": "HISTORY.md",
            "bump-minor-pre-major": False,
        },
        "packages/web": {
            "package-name": "@acme/Web",
            "include-v-in-tag": False,
            "changelog-sections": [{"type": "feat", "section": "New"}],
        },
    },
}


def test_several_packages_become_components_with_their_tags_and_links() -> None:
    migration = migrated("release-please", {CONFIG: MONOREPO})
    assert setting(migration, "components") == [
        {"name": "api", "path": "packages/api", "version_files": ["packages/api/src/version.py"]},
        {
            "name": "cli",
            "path": "packages/cli",
            "changelog": "packages/cli/HISTORY.md",
            "bump": {"breaking_before_1_0": "major"},
        },
        {
            "name": "web",
            "path": "packages/web",
            "tag": "Web-{version}",
            "changelog": {
                "path": "packages/web/CHANGELOG.md",
                "sections": [{"title": "New", "types": ["feat"]}],
            },
        },
    ]
    assert setting(migration, "linked") == [["api", "cli"]]
    assert setting(migration, "separate_pull_requests") is True
    assert setting(migration, "bump.breaking_before_1_0") == "minor"
    assert migration.tag_templates == ("api-v{version}", "cli-v{version}", "Web-{version}")


def test_a_package_that_cannot_be_a_component_is_listed_and_the_others_kept() -> None:
    config = {
        "packages": {"../outside": {"component": "out"}, "packages/api": {"component": "api"}},
        "plugins": [{"type": "linked-versions", "components": ["out", "api"]}],
    }
    migration = migrated("release-please", {CONFIG: config})
    assert setting(migration, "components") == [{"name": "api", "path": "packages/api"}]
    assert "inside the repository" in unmapped(migration)['packages["../outside"].(the package)']
    assert "not all packages" in unmapped(migration)["plugins: linked-versions"]


def test_components_load_once_the_configuration_takes_them() -> None:
    if not COMPONENTS_LANDED:
        pytest.skip("components: are not in the configuration yet")
    migrated("release-please", {CONFIG: MONOREPO})  # migrated() loads the written text


ERRORS = [
    ({}, CONFIG, "not found"),
    ({CONFIG: "{not json"}, CONFIG, "not valid JSON"),
    ({CONFIG: "[]"}, CONFIG, "mapping"),
    ({CONFIG: {"packages": {}}}, CONFIG, "no package"),
    ({CONFIG: root(), MANIFEST: {".": 1}}, MANIFEST, "version string"),
]


@pytest.mark.parametrize(("files", "path", "message"), ERRORS)
def test_a_missing_or_invalid_file_is_an_error_naming_it(
    files: dict[str, object], path: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        migrated("release-please", files)
    assert raised.value.path == path
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("plugins", "dependents"),
    [
        (None, "none"),
        (["node-workspace"], None),
        ([{"type": "cargo-workspace", "merge": False}], None),
        ([{"type": "linked-versions", "groupName": "g", "components": ["api", "cli"]}], "none"),
    ],
)
def test_workspace_plugins_release_the_dependents(plugins: object, dependents: str | None) -> None:
    """release-please releases a workspace's dependents only with its node-workspace or
    cargo-workspace plugin: without one the migration writes dependents: none."""
    config: dict[str, object] = {
        "packages": {"packages/api": {"component": "api"}, "packages/cli": {"component": "cli"}}
    }
    if plugins is not None:
        config["plugins"] = plugins
    migration = migrated("release-please", {CONFIG: config})
    assert setting(migration, "dependents") == dependents
    assert not any(name.endswith("workspace") for name in unmapped(migration))
