"""Workspace requirements rewritten for a dependency's new version: which ranges change and
which are kept, per ecosystem, with every other byte of the manifest kept (pure)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.version_files.dependencies import apply_changes, rewritten
from regent.core.version_files.kinds import VersionFileKind
from regent.core.version_files.spans import VersionFileError
from regent.core.version_files.workspace import (
    Manifest,
    manifest_dependencies,
    manifest_package,
)


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("workspace:*", None),
        ("workspace:^", None),
        ("workspace:~", None),
        ("workspace:^1.2.0", "workspace:^1.3.0"),
        ("workspace:~1.2.0", "workspace:~1.3.0"),
        ("workspace:1.2.0", "workspace:1.3.0"),
        ("^1.2.0", "^1.3.0"),
        ("~1.2.0", "~1.3.0"),
        (">=1.2.0", ">=1.3.0"),
        ("1.2.0", "1.3.0"),
        ("^1.2", "^1.3"),
        ("^1", None),
        ("*", None),
        ("1.x", None),
        (">=1.2.0 <2.0.0", None),
        ("^1.2.0 || ^2.0.0", None),
        ("file:../api", None),
        ("latest", None),
        ("^1.3.0", None),
    ],
)
def test_npm_ranges(requirement: str, expected: str | None) -> None:
    assert rewritten(requirement, "1.3.0", ecosystem="npm") == expected


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("1.2.0", "1.3.0"),
        ("^1.2", "^1.3"),
        ("=1.2.0", "=1.3.0"),
        ("~1.2.0", "~1.3.0"),
        (">=1.2.0", ">=1.3.0"),
        ("1", None),
        (">=1.2, <2", None),
        ("*", None),
    ],
)
def test_cargo_requirements(requirement: str, expected: str | None) -> None:
    assert rewritten(requirement, "1.3.0", ecosystem="cargo") == expected


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("api>=1.2.0", "api>=1.3.0"),
        ("api >= 1.2.0", "api >= 1.3.0"),
        ("api==1.2.0", "api==1.3.0"),
        ("api~=1.2", "api~=1.3"),
        (
            "api[extra]>=1.2.0 ; python_version >= '3.11'",
            "api[extra]>=1.3.0 ; python_version >= '3.11'",
        ),
        ("api", None),
        ("api>=1.2,<2", None),
        ("api<2", None),
        ("api==1.2.*", None),
        ("api @ file:///srv/api", None),
    ],
)
def test_python_requirements(requirement: str, expected: str | None) -> None:
    assert rewritten(requirement, "1.3.0", ecosystem="python") == expected


def test_a_prerelease_version_is_written_whole() -> None:
    assert rewritten("^1.2", "1.3.0-rc.1", ecosystem="npm") == "^1.3.0-rc.1"


def _rewrite(kind: VersionFileKind, text: str, versions: dict[str, str]) -> str:
    manifest = Manifest("x", kind, text)
    refs = manifest_dependencies(manifest, frozenset(versions))
    return apply_changes(text, refs, versions)[0]


PACKAGE_JSON = """\
{
  "name": "@acme/cli",
  "version": "0.3.0",
  "dependencies": {"@acme/api": "workspace:^1.2.0",   "left-pad": "^1.2.0"},
  "devDependencies": {
    "@acme/api": "workspace:*"
  },
  "peerDependencies": {"@acme/api": "^1.2.0"},
  "optionalDependencies": {"@acme/api": "~1.2.0"},
  "scripts": {"@acme/api": "1.2.0"}
}
"""


def test_package_json_rewrites_its_four_dependency_objects_only() -> None:
    assert _rewrite(VersionFileKind.PACKAGE_JSON, PACKAGE_JSON, {"@acme/api": "1.3.0"}) == (
        PACKAGE_JSON.replace('"workspace:^1.2.0"', '"workspace:^1.3.0"')
        .replace('{"@acme/api": "^1.2.0"}', '{"@acme/api": "^1.3.0"}')
        .replace('"~1.2.0"', '"~1.3.0"')
    )
    assert manifest_package(Manifest("x", VersionFileKind.PACKAGE_JSON, PACKAGE_JSON)) == (
        "@acme/cli"
    )


CARGO = """\
[package]
name = "cli"
version = "0.3.0"

[dependencies]
# the api, from the workspace
api = { path = "../api", version = "^1.2", features = ["x"] } # pinned
other = { version = "1.2.0" }
renamed = { package = "api", path = "../api", version = "1.2.0" }

[dev-dependencies.api]
path = "../api"
version = "=1.2.0"

[target.'cfg(unix)'.build-dependencies]
api = { path = "../api", version = '1.2.0' }

[workspace.dependencies]
api = { version = "1.2.0", path = "crates/api" }
"""


def test_cargo_rewrites_path_dependencies_in_every_table_keeping_comments() -> None:
    new = _rewrite(VersionFileKind.CARGO, CARGO, {"api": "1.3.0", "other": "9.0.0"})
    assert new == (
        CARGO.replace('"^1.2"', '"^1.3"')
        .replace(
            'package = "api", path = "../api", version = "1.2.0"',
            'package = "api", path = "../api", version = "1.3.0"',
        )
        .replace('"=1.2.0"', '"=1.3.0"')
        .replace("'1.2.0'", "'1.3.0'")
        .replace('api = { version = "1.2.0", path', 'api = { version = "1.3.0", path')
    )
    assert 'other = { version = "1.2.0" }' in new  # not a path dependency


def test_cargo_members_inheriting_the_workspace_requirement_are_found() -> None:
    text = '[package]\nname = "web"\nversion = "1.0.0"\n\n[dependencies]\napi.workspace = true\n'
    refs = manifest_dependencies(Manifest("x", VersionFileKind.CARGO, text), frozenset({"api"}))
    assert [(ref.package, ref.inherited) for ref in refs] == [("api", True)]
    assert _rewrite(VersionFileKind.CARGO, text, {"api": "1.3.0"}) == text


PYPROJECT = """\
[project]
name = "App"
version = "0.1.0"
dependencies = [
    "Acme_Api>=1.2.0",  # the api
    'requests>=2',
    "acme-api-extra>=1.2.0",
]

[project.optional-dependencies]
pinned = ["acme.api==1.2.0 ; python_version >= '3.11'"]

[dependency-groups]
dev = ["acme-api~=1.2", {include-group = "lint"}]
lint = []

[tool.uv.sources]
acme-api = { workspace = true }
"""


def test_pyproject_rewrites_requirements_by_normalised_name() -> None:
    assert _rewrite(VersionFileKind.PYPROJECT, PYPROJECT, {"acme-api": "1.3.0"}) == (
        PYPROJECT.replace("Acme_Api>=1.2.0", "Acme_Api>=1.3.0")
        .replace("acme.api==1.2.0", "acme.api==1.3.0")
        .replace("acme-api~=1.2", "acme-api~=1.3")
    )
    assert manifest_package(Manifest("x", VersionFileKind.PYPROJECT, PYPROJECT)) == "app"


def test_a_broken_manifest_is_a_clear_error() -> None:
    with pytest.raises(VersionFileError, match=r"packages/cli/package\.json: is not valid JSON"):
        manifest_package(Manifest("packages/cli/package.json", VersionFileKind.PACKAGE_JSON, "{"))


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        # a BOM and CRLF line endings are kept
        (
            VersionFileKind.PACKAGE_JSON,
            '\ufeff{\r\n  "dependencies": {"api": "^1.2.0"}\r\n}\r\n',
            '\ufeff{\r\n  "dependencies": {"api": "^1.3.0"}\r\n}\r\n',
        ),
        # an escaped string is not edited (its text is not its value)
        (
            VersionFileKind.PACKAGE_JSON,
            '{"dependencies": {"api": "\\u005e1.2.0"}}',
            '{"dependencies": {"api": "\\u005e1.2.0"}}',
        ),
        # a top-level array is no manifest: nothing to rewrite
        (VersionFileKind.PACKAGE_JSON, '["api", "^1.2.0"]', '["api", "^1.2.0"]'),
        # a multi-line Cargo version string is kept
        (
            VersionFileKind.CARGO,
            '[dependencies.api]\npath = "../api"\nversion = """1.2.0"""\n',
            '[dependencies.api]\npath = "../api"\nversion = """1.2.0"""\n',
        ),
        # "version" inside another key's string or a nested table is not the dependency's
        (
            VersionFileKind.CARGO,
            '[dependencies]\napi = { path = "../version = 1", features = ["version"], '
            'version = "1.2.0" }\n',
            '[dependencies]\napi = { path = "../version = 1", features = ["version"], '
            'version = "1.3.0" }\n',
        ),
        # comments with quotes and brackets inside a requirements array
        (
            VersionFileKind.PYPROJECT,
            '[project]\ndependencies = [\n  # "api>=0" [old]\n  "api>=1.2.0", # ]\n]\n',
            '[project]\ndependencies = [\n  # "api>=0" [old]\n  "api>=1.3.0", # ]\n]\n',
        ),
        # a requirement naming another package that starts the same is not the dependency
        (
            VersionFileKind.PYPROJECT,
            '[project]\ndependencies = ["api-client>=1.2.0"]\n',
            '[project]\ndependencies = ["api-client>=1.2.0"]\n',
        ),
    ],
)
def test_written_forms(kind: VersionFileKind, text: str, expected: str) -> None:
    assert _rewrite(kind, text, {"api": "1.3.0"}) == expected


def test_invalid_toml_is_a_clear_error() -> None:
    with pytest.raises(VersionFileError, match=r"crates/cli/Cargo\.toml: is not valid TOML"):
        manifest_package(Manifest("crates/cli/Cargo.toml", VersionFileKind.CARGO, "[package"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["api", "dependencies", "name", "x"]), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(document=_JSON, indent=st.sampled_from([None, 2, "\t"]))
def test_any_json_document_is_read_without_failing(
    document: object, indent: int | str | None
) -> None:
    """Whatever a package.json holds, its requirements are found or not, never a crash; a
    rewrite keeps it valid JSON and changes nothing when no requirement changes."""
    text = json.dumps(document, indent=indent)
    manifest = Manifest("package.json", VersionFileKind.PACKAGE_JSON, text)
    refs = manifest_dependencies(manifest, frozenset({"api"}))
    new, changes = apply_changes(text, refs, {"api": "9.9.9"})
    json.loads(new)
    assert (new == text) == (not changes)
