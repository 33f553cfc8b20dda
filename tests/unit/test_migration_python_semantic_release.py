"""``regent init --from python-semantic-release``: ``[tool.semantic_release]`` settings to the
settings they become, or to the reason they have none."""

from __future__ import annotations

import pytest

from regent.core.errors import ConfigError
from tests.migration_check import migrated, setting, unmapped

PYPROJECT = "pyproject.toml"


def pyproject(body: str) -> dict[str, object]:
    return {PYPROJECT: f'[project]\nname = "demo"\n\n[tool.semantic_release]\n{body}'}


def test_version_10_defaults_hold_without_settings() -> None:
    migration = migrated("python-semantic-release", pyproject(""))
    assert setting(migration, "tag_template") == "v{version}"
    assert setting(migration, "initial_version") == "1.0.0"
    assert setting(migration, "bump.breaking_before_1_0") == "major"
    assert any("allow_zero_version" in note for note in migration.notes)


MAPPED = [
    ('tag_format = "{version}"', "tag_template", "{version}"),
    ('tag_format = "release-v{version}"', "tag_template", "release-v{version}"),
    ("allow_zero_version = true", "initial_version", "0.1.0"),
    ("major_on_zero = false", "bump.breaking_before_1_0", "minor"),
    (
        'version_variables = ["src/demo/__init__.py:__version__", "docs/conf.py:release"]',
        "version_files",
        ["src/demo/__init__.py", {"path": "docs/conf.py", "kind": "generic"}],
    ),
    (
        'version_variables = ["src/demo/version.py:VERSION"]',
        "version_files",
        [{"path": "src/demo/version.py", "kind": "generic"}],
    ),
    (
        'version_toml = ["pyproject.toml:project.version", '
        '"sub/pyproject.toml:tool.poetry.version"]',
        "version_files",
        ["sub/pyproject.toml"],
    ),
    (
        '[tool.semantic_release.branches.main]\nmatch = "(main|master)"\nprerelease = false\n'
        '[tool.semantic_release.branches.beta]\nmatch = "beta"\nprerelease = true\n'
        'prerelease_token = "b"\n',
        "base_branches",
        ["main", "master", {"name": "beta", "prerelease": "b"}],
    ),
    (
        '[tool.semantic_release.changelog.default_templates]\nchangelog_file = "docs/CHANGES.md"\n',
        "changelog.path",
        "docs/CHANGES.md",
    ),
    (
        '[tool.semantic_release.changelog]\nchangelog_file = "HISTORY.md"\n',
        "changelog.path",
        "HISTORY.md",
    ),
    (
        '[tool.semantic_release.commit_parser_options]\npatch_tags = ["fix", "docs"]\n',
        "bump.types",
        {"feat": "minor", "fix": "patch", "docs": "patch", "perf": "none"},
    ),
    (
        "[tool.semantic_release.commit_parser_options]\nparse_squash_commits = false\n",
        "commit_parsing.squash_bodies",
        False,
    ),
]


@pytest.mark.parametrize(("body", "key", "expected"), MAPPED)
def test_a_setting_is_mapped(body: str, key: str, expected: object) -> None:
    assert setting(migrated("python-semantic-release", pyproject(body)), key) == expected


UNMAPPED = [
    ('tag_format = "(dev|prod)-v{version}"', "tag_format", "pattern"),
    ('version_variables = ["k.yml:newTag:tf"]', "version_variables: k.yml:newTag:tf", "prefix"),
    (
        'version_toml = ["chart.toml:app.version"]',
        "version_toml: chart.toml:app.version",
        "[project]",
    ),
    ('build_command = "python -m build"', "build_command", "workflow"),
    ('commit_parser = "emoji"', "commit_parser", "Conventional"),
    ('[tool.semantic_release.branches.feat]\nmatch = "feat/.+"\n', "branches.feat", "plain names"),
    (
        '[tool.semantic_release.changelog]\nexclude_commit_patterns = ["x"]\n',
        "changelog.exclude_commit_patterns",
        "type",
    ),
    (
        '[tool.semantic_release.commit_parser_options]\npath_filters = ["pkg"]\n',
        "commit_parser_options.path_filters",
        "component",
    ),
    ('[tool.semantic_release.remote]\ntype = "gitlab"\n', "remote", "GitHub"),
    (
        'version_variables = ["../other/x.py:__version__"]',
        "version_variables: ../other/x.py:__version__",
        "inside the repository",
    ),
]


@pytest.mark.parametrize(("body", "name", "reason"), UNMAPPED)
def test_a_setting_without_equivalent_is_listed_with_its_reason(
    body: str, name: str, reason: str
) -> None:
    assert reason in unmapped(migrated("python-semantic-release", pyproject(body)))[name]


def test_releaserc_toml_is_read_when_pyproject_has_no_table() -> None:
    files = {
        PYPROJECT: '[project]\nname = "demo"\n',
        "releaserc.toml": '[semantic_release]\ntag_format = "r{version}"\n',
    }
    migration = migrated("python-semantic-release", files)
    assert migration.sources == ("releaserc.toml [semantic_release]",)
    assert setting(migration, "tag_template") == "r{version}"


ERRORS = [
    ({PYPROJECT: '[project]\nname = "demo"\n'}, "no python-semantic-release configuration"),
    ({PYPROJECT: "[tool.semantic_release\n"}, "not valid TOML"),
    ({"releaserc.json": '{"semantic_release": 3}'}, "mapping"),
]


@pytest.mark.parametrize(("files", "message"), ERRORS)
def test_a_missing_or_invalid_file_is_an_error_naming_it(
    files: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        migrated("python-semantic-release", files)
    assert message in str(raised.value)
    assert raised.value.path in (*files, PYPROJECT)
