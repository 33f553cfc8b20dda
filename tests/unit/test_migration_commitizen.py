"""``regent init --from commitizen``: ``[tool.commitizen]`` (or a cz file) settings to the
settings they become, or to the reason they have none."""

from __future__ import annotations

import pytest

from regent.core.errors import ConfigError
from tests.migration_check import migrated, setting, unmapped

PYPROJECT = "pyproject.toml"


def pyproject(body: str) -> dict[str, object]:
    return {PYPROJECT: f'[project]\nname = "demo"\n\n[tool.commitizen]\n{body}'}


def test_commitizen_defaults_hold_without_settings() -> None:
    migration = migrated("commitizen", pyproject(""))
    assert setting(migration, "version_scheme") == "pep440"
    assert setting(migration, "tag_template") == "{version}"
    assert setting(migration, "bump") == {
        "breaking_before_1_0": "major",
        "types": {"refactor": "patch"},
    }


MAPPED = [
    ('tag_format = "v$version"', "tag_template", "v{version}"),
    ('tag_format = "v${version}"', "tag_template", "v{version}"),
    ('tag_format = "$version"', "tag_template", "{version}"),
    ('version_scheme = "semver2"', "version_scheme", "semver"),
    ("major_version_zero = true", "bump.breaking_before_1_0", "minor"),
    ('changelog_file = "docs/CHANGES.md"', "changelog.path", "docs/CHANGES.md"),
    ("annotated_tag = true", "release.annotated_tag", True),
    ('version_provider = "scm"', "detect_version_files", False),
    (
        'version_files = ["src/demo/__init__.py", "README.md:demo==", "pyproject.toml:version"]',
        "version_files",
        ["src/demo/__init__.py", {"path": "README.md", "kind": "generic"}],
    ),
]


@pytest.mark.parametrize(("body", "key", "expected"), MAPPED)
def test_a_setting_is_mapped(body: str, key: str, expected: object) -> None:
    assert setting(migrated("commitizen", pyproject(body)), key) == expected


UNMAPPED = [
    ('tag_format = "v$major.$minor.$patch$prerelease"', "tag_format", "$version"),
    ('legacy_tag_formats = ["release-$version"]', "legacy_tag_formats", "older tags"),
    ('version_scheme = "calver"', "version_scheme", "pep440"),
    ('version_provider = "composer"', "version_provider", "manifests"),
    ('name = "cz_jira"', "name", "Conventional"),
    ('bump_message = "bump: $new_version"', "bump_message", "release_pr.title"),
    ('pre_bump_hooks = ["make docs"]', "pre_bump_hooks", "workflow"),
    ("message_length_limit = 72", "message_length_limit", "commit prompt"),
    ('version_files = ["../x/__init__.py"]', "version_files", "inside the repository"),
]


@pytest.mark.parametrize(("body", "name", "reason"), UNMAPPED)
def test_a_setting_without_equivalent_is_listed_with_its_reason(
    body: str, name: str, reason: str
) -> None:
    assert reason in unmapped(migrated("commitizen", pyproject(body)))[name]


def test_the_version_is_checked_against_its_tag() -> None:
    files = pyproject('version = "1.4.0"\ntag_format = "v$version"\n')
    assert not [
        note for note in migrated("commitizen", files, tags={"v1.4.0"}).notes if "1.4.0" in note
    ]
    assert any("git tag v1.4.0" in note for note in migrated("commitizen", files, tags=set()).notes)


CZ_FILES = [
    (".cz.toml", '[tool.commitizen]\ntag_format = "a$version"\n'),
    ("cz.toml", '[commitizen]\ntag_format = "a$version"\n'),
    (".cz.json", '{"commitizen": {"tag_format": "a$version"}}'),
    ("cz.yaml", "commitizen:\n  tag_format: a$version\n"),
]


@pytest.mark.parametrize(("name", "text"), CZ_FILES)
def test_a_cz_file_comes_before_pyproject(name: str, text: str) -> None:
    migration = migrated("commitizen", {**pyproject('tag_format = "b$version"'), name: text})
    assert migration.sources[0].startswith(name)
    assert setting(migration, "tag_template") == "a{version}"


ERRORS = [
    ({PYPROJECT: '[project]\nname = "x"\n'}, "no commitizen configuration"),
    ({".cz.json": "{"}, "not valid JSON"),
    ({".cz.yaml": "commitizen: [\n"}, ""),
    ({"cz.toml": "[commitizen]\nx = \n"}, "not valid TOML"),
]


@pytest.mark.parametrize(("files", "message"), ERRORS)
def test_a_missing_or_invalid_file_is_an_error_naming_it(
    files: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        migrated("commitizen", files)
    assert message in str(raised.value)
    assert raised.value.path in (*files, PYPROJECT)
