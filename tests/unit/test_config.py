"""`.release-regent.yml`: lookup, valid files to policy values, schema, starter and workflow."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from regent.config import (
    CONFIG_FILE_NAMES,
    config_json_schema,
    example_workflow,
    find_config,
    load_config,
    parse_config_text,
    starter_config,
    version_scheme,
)
from regent.config.pep440 import PEP440, Pep440Scheme
from regent.core.errors import ConfigError
from regent.core.policy import (
    BumpPolicy,
    ChangelogPolicy,
    ChangelogSection,
    ReleasePolicy,
    TemplatePolicy,
    VersionFileSpec,
)
from regent.core.version_files.kinds import VersionFileKind
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import SEMVER

DEFAULTS = ReleasePolicy()


def json_schema() -> dict[str, Any]:
    return config_json_schema()


def replace(policy: ReleasePolicy, **changes: Any) -> ReleasePolicy:
    return dataclasses.replace(policy, **changes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", DEFAULTS, id="empty-file"),
        pytest.param("~\n", DEFAULTS, id="null-document"),
        pytest.param("# only a comment\n\n", DEFAULTS, id="only-comments"),
        pytest.param("---\n", DEFAULTS, id="empty-document"),
        pytest.param("{}\n", DEFAULTS, id="empty-mapping"),
        pytest.param(
            "version_scheme: pep440\ninitial_version: '1.0'\n",
            replace(DEFAULTS, version_scheme=PEP440, initial_version="1.0"),
            id="pep440",
        ),
        pytest.param(
            "tag_template: 'release-{version}'\n",
            replace(DEFAULTS, tag_template="release-{version}"),
            id="tag-template-prefix",
        ),
        pytest.param(
            'tag_template: "{version}"\n',
            replace(DEFAULTS, tag_template="{version}"),
            id="tag-template-bare",
        ),
        pytest.param(
            "initial_version: 1.0.0\n",
            replace(DEFAULTS, initial_version="1.0.0"),
            id="initial-version-unquoted",
        ),
        pytest.param(
            "prerelease: rc\n", replace(DEFAULTS, prerelease="rc"), id="semver-prerelease"
        ),
        pytest.param(
            "version_scheme: pep440\nprerelease: beta\n",
            replace(DEFAULTS, version_scheme=PEP440, prerelease="b"),
            id="pep440-channel-normalized",
        ),
        pytest.param("prerelease: null\n", DEFAULTS, id="explicit-null-prerelease"),
        pytest.param(
            "commit_parsing: lenient\n",
            replace(DEFAULTS, lenient_parsing=True),
            id="lenient-parsing",
        ),
        pytest.param(
            "commit_parsing: {style: lenient, squash_bodies: false}\n",
            replace(DEFAULTS, lenient_parsing=True, squash_bodies=False),
            id="parsing-mapping",
        ),
        pytest.param(
            "commit_parsing: {squash_bodies: false}\n",
            replace(DEFAULTS, squash_bodies=False),
            id="squash-bodies-off-strict-kept",
        ),
        pytest.param(
            "bump:\n  types: {perf: none, docs: patch, Feat: major}\n",
            replace(
                DEFAULTS,
                bump=BumpPolicy(
                    type_bumps=(
                        ("feat", Bump.MAJOR),
                        ("fix", Bump.PATCH),
                        ("perf", Bump.NONE),
                        ("docs", Bump.PATCH),
                    )
                ),
            ),
            id="bump-types-merged-over-defaults",
        ),
        pytest.param(
            "bump:\n  breaking_before_1_0: major\n  feature_before_1_0: patch\n",
            replace(
                DEFAULTS,
                bump=BumpPolicy(breaking_before_1_0=Bump.MAJOR, feature_before_1_0=Bump.PATCH),
            ),
            id="rules-before-1.0",
        ),
        pytest.param(
            "changelog:\n"
            "  path: docs/CHANGES.md\n"
            "  breaking_title: Breaking\n"
            "  sections:\n"
            "    - {title: New, types: [feat]}\n"
            "    - title: Fixed\n"
            "      types: [fix, Revert]\n"
            "  show_other_types: true\n"
            "  other_title: Misc\n",
            replace(
                DEFAULTS,
                changelog=ChangelogPolicy(
                    path="docs/CHANGES.md",
                    breaking_title="Breaking",
                    sections=(
                        ChangelogSection("New", ("feat",)),
                        ChangelogSection("Fixed", ("fix", "revert")),
                    ),
                    show_other_types=True,
                    other_title="Misc",
                ),
            ),
            id="changelog-sections-replace-defaults",
        ),
        pytest.param(
            "changelog:\n  sections: []\n",
            replace(DEFAULTS, changelog=ChangelogPolicy(sections=())),
            id="changelog-no-sections",
        ),
        pytest.param(
            "templates:\n  release_notes: .github/notes.md.j2\n",
            replace(DEFAULTS, templates=TemplatePolicy(release_notes=".github/notes.md.j2")),
            id="template-override",
        ),
        pytest.param(
            "version_files:\n"
            "  - src/widget/__init__.py\n"
            "  - {path: chart/Chart.yaml, kind: generic}\n"
            "  - path: web/package.json\n"
            "detect_version_files: false\n",
            replace(
                DEFAULTS,
                version_files=(
                    VersionFileSpec("src/widget/__init__.py"),
                    VersionFileSpec("chart/Chart.yaml", kind="generic"),
                    VersionFileSpec("web/package.json"),
                ),
                detect_version_files=False,
            ),
            id="version-files-short-and-long",
        ),
    ],
)
def test_valid_config_becomes_policy(text: str, expected: ReleasePolicy) -> None:
    assert parse_config_text(text, source=".release-regent.yml") == expected


@pytest.mark.parametrize("kind", [kind.value for kind in VersionFileKind])
def test_every_version_file_kind_the_core_knows_is_accepted(kind: str) -> None:
    policy = parse_config_text(f"version_files: [{{path: f, kind: {kind}}}]\n", source="x")
    assert policy.version_files == (VersionFileSpec("f", kind=kind),)


def test_starter_config_spells_out_the_defaults() -> None:
    assert parse_config_text(starter_config(), source=".release-regent.yml") == DEFAULTS


def test_starter_config_sets_every_top_level_key() -> None:
    data = yaml.safe_load(starter_config())
    assert set(data) == set(json_schema()["properties"])


@pytest.mark.parametrize(
    ("present", "found"),
    [
        pytest.param([], None, id="none"),
        pytest.param([".github/release-regent.yml"], ".github/release-regent.yml", id="github"),
        pytest.param(
            [".release-regent.yaml", ".github/release-regent.yml"],
            ".release-regent.yaml",
            id="yaml-before-github",
        ),
        pytest.param(list(CONFIG_FILE_NAMES), ".release-regent.yml", id="yml-first"),
    ],
)
def test_find_config_lookup_order(tmp_path: Path, present: list[str], found: str | None) -> None:
    for name in present:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    assert find_config(tmp_path) == (None if found is None else tmp_path / found)


def test_find_config_ignores_a_directory_of_that_name(tmp_path: Path) -> None:
    (tmp_path / ".release-regent.yml").mkdir()
    (tmp_path / ".release-regent.yaml").write_text("{}\n", encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / ".release-regent.yaml"


def test_load_config_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".release-regent.yml"
    path.write_text("version_scheme: pep440\nprerelease: rc\n", encoding="utf-8")
    assert load_config(path) == replace(DEFAULTS, version_scheme=PEP440, prerelease="rc")


def test_load_config_without_a_file_is_the_defaults() -> None:
    assert load_config(None) == DEFAULTS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            None, "cannot read the configuration: No such file or directory", id="missing"
        ),
        pytest.param(
            b"tag_template: \xff\n",
            "is not UTF-8 text (byte 14); save the file as UTF-8",
            id="latin-1",
        ),
    ],
)
def test_load_config_unreadable(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / ".release-regent.yml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: {message}"
    assert caught.value.path == str(path)


def test_load_config_errors_name_the_path_given(tmp_path: Path) -> None:
    path = tmp_path / ".release-regent.yml"
    path.write_text("\n\nversion_scheme: semvr\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert str(caught.value).startswith(f"{path}:3: version_scheme: ")


@pytest.mark.parametrize(
    ("name", "scheme_type"),
    [
        pytest.param("semver", type(SEMVER), id="semver"),
        pytest.param("pep440", Pep440Scheme, id="pep440"),
    ],
)
def test_version_scheme_by_name(name: str, scheme_type: type) -> None:
    scheme = version_scheme(name)
    assert isinstance(scheme, scheme_type)
    assert scheme.name == name


def test_version_scheme_unknown_name() -> None:
    with pytest.raises(ConfigError, match="'zigzag' is not one of semver, pep440, calver"):
        version_scheme("zigzag")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` and pick the object branch of an ``anyOf``."""
    if "$ref" in node:
        return _resolve(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    for branch in node.get("anyOf", []):
        resolved = _resolve(schema, branch)
        if resolved.get("type") == "object":
            return resolved
    return node


def _property(node: dict[str, Any], key: str) -> Any:
    """The schema of ``key`` in an object schema, by name or by pattern."""
    if key in node.get("properties", {}):
        return node["properties"][key]
    for pattern, spec in node.get("patternProperties", {}).items():
        if re.fullmatch(pattern, key):
            return spec
    raise AssertionError(f"{key!r} is not allowed by the schema")


def _check_against(schema: dict[str, Any], node: dict[str, Any], data: object, at: str) -> None:
    """The parts of JSON Schema this schema uses: closed objects, enums, arrays, required."""
    node = _resolve(schema, node)
    if isinstance(data, dict):
        assert node["additionalProperties"] is False, at
        assert set(node.get("required", [])) <= set(data), at
        for key, value in data.items():
            _check_against(schema, _property(node, key), value, f"{at}.{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _check_against(schema, node["items"], item, f"{at}[{index}]")
    elif "enum" in node:
        assert data in node["enum"], at


def test_json_schema_accepts_the_starter_config() -> None:
    schema = json_schema()
    _check_against(schema, schema, yaml.safe_load(starter_config()), "")


def test_json_schema_has_no_required_top_level_keys() -> None:
    schema = json_schema()
    assert "required" not in schema
    assert schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _all_properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    objects = [schema, *schema["$defs"].values()]
    return [(name, spec) for node in objects for name, spec in node["properties"].items()]


def test_json_schema_fields_have_title_and_description() -> None:
    for name, spec in _all_properties(json_schema()):
        assert spec["title"] == name
        assert spec.get("description"), name


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        pytest.param(
            ("properties", "commit_parsing", "anyOf", 0),
            ["strict", "lenient"],
            id="commit-parsing-short-form",
        ),
        pytest.param(
            ("$defs", "CommitParsingConfig", "properties", "style"),
            ["strict", "lenient"],
            id="commit-parsing-style",
        ),
    ],
)
def test_json_schema_lists_allowed_values(path: tuple[str | int, ...], allowed: list[str]) -> None:
    node: Any = json_schema()
    for key in path:
        node = node[key]
    assert node["enum"] == allowed


def test_json_schema_names_the_built_in_schemes() -> None:
    """version_scheme is open to plugins: a string, with the built-in names as examples."""
    node = json_schema()["properties"]["version_scheme"]
    assert (node["type"], node["examples"]) == ("string", ["semver", "pep440", "calver"])


def test_example_workflow_runs_the_action_on_push_to_main() -> None:
    workflow = yaml.safe_load(example_workflow())
    triggers = workflow[True]  # YAML 1.1 reads the bare key `on` as true
    assert triggers == {"push": {"branches": ["main"]}}
    assert workflow["permissions"] == {}
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert "OWNER/release-regent@v1" in [step.get("uses") for step in steps]


def test_example_workflow_checks_out_full_history() -> None:
    (job,) = yaml.safe_load(example_workflow())["jobs"].values()
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
