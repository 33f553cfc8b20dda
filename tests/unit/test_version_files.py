"""Version-file updaters: each finds exactly its version's characters and keeps every other byte."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from regent.core.errors import InvalidVersionError, RegentError
from regent.core.version_files import (
    ROOT_MANIFESTS,
    VersionFileError,
    VersionFileKind,
    VersionFileUpdate,
    kind_for_path,
    read_version,
    update_version,
)

Kind = VersionFileKind
V = "@V@"  # where the version being bumped sits in a sample; every other version must stay

# (id, kind, sample): each sample holds the bumped version at every V and nowhere else.
SAMPLES: list[tuple[str, VersionFileKind, str]] = [
    (
        "pyproject-project",
        Kind.PYPROJECT,
        '[project]\nname = "orbit"\nversion = "@V@"\ndescription = "Tracks satellites."\n',
    ),
    (
        "pyproject-single-quotes-and-inline-comment",
        Kind.PYPROJECT,
        "[project]\nname = 'orbit'\nversion   =   '@V@'   # bumped by release-regent\n",
    ),
    (
        "pyproject-project-after-other-tables",
        Kind.PYPROJECT,
        '[build-system]\nrequires = ["setuptools>=69"]\n\n[tool.ruff]\nline-length = 100\n\n'
        '[project]\nname = "orbit"\nversion = "@V@"\n',
    ),
    (
        "pyproject-poetry-only",
        Kind.PYPROJECT,
        '[tool.poetry]\nname = "orbit"\nversion = "@V@"\n\n[tool.poetry.dependencies]\n'
        'python = "^3.11"\nrequests = { version = "2.31.0", optional = true }\n',
    ),
    (
        "pyproject-project-and-poetry",
        Kind.PYPROJECT,
        '[project]\nname = "orbit"\nversion = "@V@"\n\n[tool.poetry]\nversion = "@V@"\n',
    ),
    (
        "pyproject-poetry-before-project",
        Kind.PYPROJECT,
        '[tool.poetry]\nversion = "@V@"\n\n[project]\nname = "orbit"\nversion = "@V@"\n',
    ),
    (
        "pyproject-version-in-other-tables-stays",
        Kind.PYPROJECT,
        '[tool.something]\nversion = "9.9.9"\n\n[project]\nversion = "@V@"\n\n'
        '[tool.commitizen]\nversion = "9.9.9"\n[[tool.mypy.overrides]]\nversion = "9.9.9"\n',
    ),
    (
        "pyproject-header-and-key-inside-multiline-string-stay",
        Kind.PYPROJECT,
        '[project]\nname = "orbit"\ndescription = """\n[tool.other]\nversion = "9.9.9"\n"""\n'
        "notes = '''\n[tool.other]\n'''\nkeywords = [\n  \"a\",\n  [1],\n]\nversion = \"@V@\"\n",
    ),
    (
        "pyproject-spaced-and-quoted-header",
        Kind.PYPROJECT,
        '[ tool . "poetry" ]  # legacy\nversion = "@V@"\n',
    ),
    (
        "pyproject-dotted-key-at-root",
        Kind.PYPROJECT,
        'project.name = "orbit"\nproject.version = "@V@"\n',
    ),
    (
        "pyproject-crlf",
        Kind.PYPROJECT,
        '[project]\r\nname = "orbit"\r\nversion = "@V@"\r\n\r\n[tool.x]\r\nversion = "9.9.9"\r\n',
    ),
    (
        "pyproject-no-trailing-newline",
        Kind.PYPROJECT,
        '[project]\nname = "orbit"\nversion = "@V@"',
    ),
    (
        "pyproject-bom",
        Kind.PYPROJECT,
        '\ufeff[project]\nversion = "@V@"\n',
    ),
    (
        "cargo-package-with-dependency-versions",
        Kind.CARGO,
        '[package]\nname = "orbit"\nversion = "@V@"\nedition = "2021"\n\n[dependencies]\n'
        'serde = { version = "1.0.200", features = ["derive"] }\n\n[dependencies.tokio]\n'
        'version = "1.37.0"\n',
    ),
    (
        "cargo-workspace-package",
        Kind.CARGO,
        '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "@V@"\n'
        'edition = "2021"\n\n[workspace.dependencies]\nanyhow = { version = "1.0.86" }\n',
    ),
    (
        "cargo-root-package-inheriting-workspace-version",
        Kind.CARGO,
        '[package]\nname = "orbit"\nversion.workspace = true\n\n[workspace.package]\n'
        'version = "@V@"\n',
    ),
    (
        "cargo-bin-array-table-stays",
        Kind.CARGO,
        '[package]\nname = "orbit"\nversion = "@V@"\n\n[[bin]]\nname = "orbit-cli"\n',
    ),
    (
        "package-json-two-spaces",
        Kind.PACKAGE_JSON,
        '{\n  "name": "orbit",\n  "version": "@V@",\n  "private": true\n}\n',
    ),
    (
        "package-json-four-spaces",
        Kind.PACKAGE_JSON,
        '{\n    "name": "orbit",\n    "version": "@V@"\n}\n',
    ),
    (
        "package-json-tabs",
        Kind.PACKAGE_JSON,
        '{\n\t"name": "orbit",\n\t"version": "@V@",\n\t"license": "MIT"\n}',
    ),
    (
        "package-json-nested-version-before-top-level-stays",
        Kind.PACKAGE_JSON,
        '{\n  "config": { "version": "9.9.9" },\n  "scripts": {\n    "version": "npm run build"\n'
        '  },\n  "engines": {"node": ">=18"},\n  "version": "@V@"\n}\n',
    ),
    (
        "package-json-minified",
        Kind.PACKAGE_JSON,
        '{"name":"orbit","dependencies":{"left-pad":"1.3.0"},"version":"@V@"}',
    ),
    (
        "package-json-crlf",
        Kind.PACKAGE_JSON,
        '{\r\n  "name": "orbit",\r\n  "version": "@V@"\r\n}\r\n',
    ),
    (
        "package-lock-v1",
        Kind.PACKAGE_LOCK,
        '{\n  "name": "orbit",\n  "version": "@V@",\n  "lockfileVersion": 1,\n  "requires": true,\n'
        '  "dependencies": {\n    "left-pad": {\n      "version": "1.3.0",\n'
        '      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"\n'
        "    }\n  }\n}\n",
    ),
    (
        "package-lock-v3",
        Kind.PACKAGE_LOCK,
        '{\n  "name": "orbit",\n  "version": "@V@",\n  "lockfileVersion": 3,\n  "requires": true,\n'
        '  "packages": {\n    "": {\n      "name": "orbit",\n      "version": "@V@",\n'
        '      "dependencies": {\n        "left-pad": "^1.3.0"\n      }\n    },\n'
        '    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "license": "WTFPL"\n'
        "    }\n  }\n}\n",
    ),
    (
        "package-lock-v2-with-legacy-dependencies",
        Kind.PACKAGE_LOCK,
        '{\n  "name": "orbit",\n  "version": "@V@",\n  "lockfileVersion": 2,\n  "packages": {\n'
        '    "node_modules/left-pad": {"version": "1.3.0"},\n    "": {"version": "@V@"}\n  },\n'
        '  "dependencies": {"left-pad": {"version": "1.3.0"}}\n}\n',
    ),
    (
        "setup-cfg-metadata",
        Kind.SETUP_CFG,
        "[metadata]\nname = orbit\nversion = @V@\nauthor = Orbit team\n\n[options]\n"
        "packages = find:\n",
    ),
    (
        "setup-cfg-colon-and-inline-comment",
        Kind.SETUP_CFG,
        "[metadata]\nname: orbit\nVersion: @V@ ; bumped by release-regent\n",
    ),
    (
        "setup-cfg-version-in-other-sections-stays",
        Kind.SETUP_CFG,
        "[bumpversion]\nversion = 9.9.9\n\n[metadata]\nname = orbit\n"
        "long_description =\n    version = 9.9.9 in an indented continuation\nversion = @V@\n\n"
        "[tool:something]\nversion = 9.9.9\n",
    ),
    (
        "setup-cfg-crlf",
        Kind.SETUP_CFG,
        "[metadata]\r\nversion = @V@\r\nname = orbit\r\n",
    ),
    (
        "python-double-quotes",
        Kind.PYTHON,
        '"""Orbit."""\n\n__version__ = "@V@"\n',
    ),
    (
        "python-single-quotes-and-comment",
        Kind.PYTHON,
        "__version__ = '@V@'  # bumped by release-regent\n__author__ = 'Orbit team'\n",
    ),
    (
        "python-annotated",
        Kind.PYTHON,
        'from typing import Final\n\n__version__: Final[str] = "@V@"\n',
    ),
    (
        "python-annotated-str",
        Kind.PYTHON,
        '__version__: str = "@V@"',
    ),
    (
        "python-docstring-and-fallback-stay",
        Kind.PYTHON,
        '"""Orbit.\n\n__version__ = "9.9.9"\n"""\n\n__version__ = "@V@"\n\ntry:\n'
        "    from ._build import __version__\nexcept ImportError:  # not built\n"
        '    _build = None\n    __version__ = "9.9.9"\n'
        '__version_info__ = "9.9.9"\nprint(__version__ == "9.9.9")\n',
    ),
    (
        "python-crlf",
        Kind.PYTHON,
        '"""Orbit."""\r\n__version__ = "@V@"\r\n',
    ),
    (
        "generic-yaml",
        Kind.GENERIC,
        "name: orbit\nversion: @V@  # x-release-regent-version\nimage: ghcr.io/o/orbit:9.9.9\n",
    ),
    (
        "generic-markdown",
        Kind.GENERIC,
        "Install it:\n\n    pip install orbit==@V@  <!-- x-release-regent-version -->\n\n"
        "Needs Python 3.11.4 or later.\n",
    ),
    (
        "generic-dockerfile",
        Kind.GENERIC,
        'FROM python:3.11.9-slim\nLABEL version="@V@" # x-release-regent-version\n'
        "ARG ORBIT=v@V@ # x-release-regent-version\n",
    ),
    (
        "generic-url-repeats-and-other-version-on-line",
        Kind.GENERIC,
        "curl -LO https://example.test/orbit/v@V@/orbit-@V@-linux-amd64.tar.gz "
        "# needs curl 8.5.0 x-release-regent-version\n",
    ),
    (
        "generic-crlf-no-trailing-newline",
        Kind.GENERIC,
        "version: 9.9.9\r\nversion: @V@ # x-release-regent-version",
    ),
]

# (id, old version, new version): the shapes the updaters must both read and write.
VERSION_SHAPES = [
    ("semver-minor", "1.2.0", "1.3.0"),
    ("semver-to-prerelease", "1.2.0", "1.3.0-rc.1"),
    ("semver-prerelease-to-final", "1.3.0-rc.1", "1.3.0"),
    ("pep440-prerelease-to-final", "1.3.0rc1", "1.3.0"),
    ("pep440-dev-to-final", "2.0.0.dev3", "2.0.0"),
    ("pep440-to-dev", "1.9.2", "2.0.0.dev3"),
]


def _sample_ids(cases: list[tuple[str, ...]]) -> list[str]:
    return [case[0] for case in cases]


@pytest.mark.parametrize(("kind", "sample"), [s[1:] for s in SAMPLES], ids=_sample_ids(SAMPLES))
@pytest.mark.parametrize(
    ("old", "new"), [s[1:] for s in VERSION_SHAPES], ids=[s[0] for s in VERSION_SHAPES]
)
def test_update_replaces_only_the_version(
    kind: VersionFileKind, sample: str, old: str, new: str
) -> None:
    before, after = sample.replace(V, old), sample.replace(V, new)

    update = update_version(kind, before, new, path="some/file")

    assert update == VersionFileUpdate(
        path="some/file", kind=kind, old_version=old, new_version=new, new_text=after
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ADD orbit-1.2.0-linux-amd64.tar.gz /opt/", "ADD orbit-1.3.0-linux-amd64.tar.gz /opt/"),
        ("COPY orbit_1.2.0_amd64.deb /tmp/", "COPY orbit_1.3.0_amd64.deb /tmp/"),
        ("orbit-1.2.0-x86_64-unknown-linux-gnu.zip", "orbit-1.3.0-x86_64-unknown-linux-gnu.zip"),
        ("orbit-1.3.0-rc.1.tar.gz", "orbit-1.3.0.tar.gz"),
        ("orbit-1.3.0rc1.whl", "orbit-1.3.0.whl"),
        ("version 1.2.3+build.5 here", "version 1.3.0 here"),
        ("rev1.2.3 then 1.2.0", "rev1.2.3 then 1.3.0"),
        ("1.2.3.4 then 1.2.0", "1.2.3.4 then 1.3.0"),
        ("11.2.0 then 1.2.0", "1.3.0 then 1.2.0"),
        ("go get example.test/orbit@v1.2.0", "go get example.test/orbit@v1.3.0"),
    ],
    ids=[
        "platform-suffix-after-hyphen",
        "platform-suffix-after-underscore",
        "target-triple",
        "semver-prerelease-before-extension",
        "pep440-prerelease-before-extension",
        "build-metadata",
        "version-glued-to-a-word-is-not-one",
        "four-parts-is-not-one",
        "first-version-wins",
        "v-prefix-kept",
    ],
)
def test_generic_marker_line_replaces_the_version_token(line: str, expected: str) -> None:
    marker = "  # x-release-regent-version\n"

    update = update_version(Kind.GENERIC, line + marker, "1.3.0", path="Dockerfile")

    assert update.new_text == expected + marker


@pytest.mark.parametrize(("kind", "sample"), [s[1:] for s in SAMPLES], ids=_sample_ids(SAMPLES))
def test_read_version_finds_the_bumped_version(kind: VersionFileKind, sample: str) -> None:
    assert read_version(kind, sample.replace(V, "4.5.6")) == "4.5.6"


@pytest.mark.parametrize(("kind", "sample"), [s[1:] for s in SAMPLES], ids=_sample_ids(SAMPLES))
def test_updating_twice_equals_updating_once(kind: VersionFileKind, sample: str) -> None:
    once = update_version(kind, sample.replace(V, "1.2.0"), "1.3.0", path="f").new_text

    twice = update_version(kind, once, "1.3.0", path="f")

    assert (twice.new_text, twice.old_version) == (once, "1.3.0")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.PYPROJECT, '[project]\nname = "a"\nversion = "1.0.0"\n', "1.0.0"),
        (
            Kind.PYPROJECT,
            '[project]\nversion = "2.0.0"\n[tool.poetry]\nversion = "1.0.0"\n',
            "2.0.0",
        ),
        (
            Kind.PYPROJECT,
            '[tool.poetry]\nversion = "1.0.0"\n[project]\nversion = "2.0.0"\n',
            "2.0.0",
        ),
        (
            Kind.CARGO,
            '[workspace.package]\nversion = "1.0.0"\n[package]\nversion = "2.0.0"\n',
            "2.0.0",
        ),
        (
            Kind.PACKAGE_LOCK,
            '{"packages": {"": {"version": "2.0.0"}}, "version": "1.0.0"}',
            "1.0.0",
        ),
        (Kind.PYTHON, '__version__ = "1.0.0"\n__version__ = "2.0.0"\n', "1.0.0"),
        (
            Kind.GENERIC,
            "a 9.9.9\nb 1.0.0 # x-release-regent-version\nc 2.0.0 # x-release-regent-version\n",
            "1.0.0",
        ),
    ],
    ids=[
        "pyproject-project",
        "pyproject-project-before-poetry",
        "pyproject-project-wins-wherever-it-is",
        "cargo-package-before-workspace",
        "package-lock-top-level-first",
        "python-first-assignment",
        "generic-first-marked-line",
    ],
)
def test_read_version_returns_the_first_version(
    kind: VersionFileKind, text: str, expected: str
) -> None:
    assert read_version(kind, text) == expected


# (id, kind, text, a phrase the error names): files without a version to bump.
NO_VERSION = [
    (
        "pyproject-dynamic",
        Kind.PYPROJECT,
        '[project]\nname = "a"\ndynamic = ["version"]\n',
        "[project]",
    ),
    (
        "pyproject-only-other-table",
        Kind.PYPROJECT,
        '[tool.x]\nversion = "9.9.9"\n',
        "[tool.poetry]",
    ),
    ("pyproject-empty", Kind.PYPROJECT, "", "[project]"),
    ("cargo-inherited-only", Kind.CARGO, "[package]\nversion.workspace = true\n", "workspace"),
    ("cargo-virtual-workspace", Kind.CARGO, '[workspace]\nmembers = ["a"]\n', "[package]"),
    (
        "package-json-nested-only",
        Kind.PACKAGE_JSON,
        '{"config": {"version": "9.9.9"}}',
        '"version"',
    ),
    ("package-json-number", Kind.PACKAGE_JSON, '{"version": 1}', '"version"'),
    ("package-json-array", Kind.PACKAGE_JSON, '[{"version": "9.9.9"}]', '"version"'),
    (
        "package-lock-deps-only",
        Kind.PACKAGE_LOCK,
        '{"packages": {"x": {"version": "9.9.9"}}}',
        "npm",
    ),
    ("setup-cfg-attr", Kind.SETUP_CFG, "[metadata]\nversion = attr: orbit.__version__\n", "attr:"),
    ("setup-cfg-file", Kind.SETUP_CFG, "[metadata]\nversion = file: VERSION\n", "file:"),
    ("setup-cfg-empty-value", Kind.SETUP_CFG, "[metadata]\nversion =\n", "[metadata]"),
    ("setup-cfg-other-section", Kind.SETUP_CFG, "[options]\nversion = 9.9.9\n", "[metadata]"),
    ("python-none", Kind.PYTHON, "VERSION = '9.9.9'\n", "__version__"),
    ("python-fstring", Kind.PYTHON, "__version__ = f'{MAJOR}.0.0'\n", "__version__"),
    ("python-bytes", Kind.PYTHON, "__version__ = b'9.9.9'\n", "__version__"),
    ("python-expression", Kind.PYTHON, "__version__ = '9.9' + '.9'\n", "__version__"),
    ("python-indented-only", Kind.PYTHON, "if True:\n    __version__ = '9.9.9'\n", "__version__"),
    ("python-escaped", Kind.PYTHON, '__version__ = "9.9\\x2e9"\n', "__version__"),
    ("python-multiline-literal", Kind.PYTHON, '__version__ = """\n9.9.9"""\n', "__version__"),
    ("python-chained", Kind.PYTHON, '__version__ = VERSION = "9.9.9"\n', "__version__"),
    ("python-annotation-only", Kind.PYTHON, "__version__: str\n", "__version__"),
    ("generic-no-marker", Kind.GENERIC, "version: 9.9.9\n", "x-release-regent-version"),
    ("generic-marker-without-version", Kind.GENERIC, "v9 # x-release-regent-version\n", "marker"),
    ("generic-four-part", Kind.GENERIC, "9.9.9.9 # x-release-regent-version\n", "marker"),
]


@pytest.mark.parametrize(
    ("kind", "text"), [c[1:3] for c in NO_VERSION], ids=_sample_ids(NO_VERSION)
)
def test_read_version_is_none_without_a_version(kind: VersionFileKind, text: str) -> None:
    assert read_version(kind, text) is None


@pytest.mark.parametrize(
    ("kind", "text", "phrase"), [c[1:] for c in NO_VERSION], ids=_sample_ids(NO_VERSION)
)
def test_update_without_a_version_names_the_file_and_the_fix(
    kind: VersionFileKind, text: str, phrase: str
) -> None:
    with pytest.raises(VersionFileError) as raised:
        update_version(kind, text, "1.3.0", path="sub/dir/the-file")

    message = str(raised.value)
    assert message.startswith("sub/dir/the-file: ")
    assert phrase in message
    assert "version_files" in message
    assert raised.value.path == "sub/dir/the-file"


@pytest.mark.parametrize(
    ("kind", "text", "phrase"),
    [
        (Kind.PYPROJECT, '[project]\nversion = "1.0.0"\nversion = "1.0.0"\n', "not valid TOML"),
        (Kind.CARGO, "[package\n", "not valid TOML"),
        (Kind.PACKAGE_JSON, '{"version": "1.0.0",}', "not valid JSON"),
        (Kind.PACKAGE_LOCK, "", "not valid JSON"),
        (Kind.PYTHON, '__version__ = """1.0.0\n', "not valid Python"),
        (Kind.PYTHON, "if True:\n        a = 1\n    b = 2\n", "not valid Python"),
        (Kind.PYPROJECT, '[tool]\npoetry = { name = "a", version = "1.0.0" }\n', "[tool.poetry]"),
        (Kind.PYPROJECT, '[project]\nversion = """1.0.0"""\n', "one-line"),
        (Kind.CARGO, '[package]\nversion = "1.0\\u002e0"\n', "one-line"),
    ],
    ids=[
        "toml-duplicate-key",
        "toml-unclosed-header",
        "json-trailing-comma",
        "json-empty",
        "python-unterminated-string",
        "python-bad-dedent",
        "toml-version-in-inline-table",
        "toml-multiline-string-version",
        "toml-escaped-version",
    ],
)
def test_files_that_cannot_be_edited_raise_with_the_path(
    kind: VersionFileKind, text: str, phrase: str
) -> None:
    with pytest.raises(VersionFileError, match=r"^the/file: ") as raised:
        update_version(kind, text, "1.3.0", path="the/file")

    assert phrase in str(raised.value)
    assert isinstance(raised.value, RegentError)


def test_read_version_names_the_conventional_file_when_no_path_is_given() -> None:
    with pytest.raises(VersionFileError, match=r"^Cargo\.toml: is not valid TOML"):
        read_version(Kind.CARGO, "[package\n")


@pytest.mark.parametrize(
    "new_version",
    ["", "1.3.0\n", '1.3.0"', "1.3.0'", " 1.3.0", "1.3.0 # x", "-1.3.0"],
    ids=["empty", "newline", "double-quote", "single-quote", "leading-space", "comment", "dash"],
)
def test_a_new_version_that_could_break_the_file_is_refused(new_version: str) -> None:
    with pytest.raises(InvalidVersionError, match=r"^pyproject\.toml: cannot write"):
        update_version(
            Kind.PYPROJECT, '[project]\nversion = "1.2.0"\n', new_version, path="pyproject.toml"
        )


def test_a_leading_bom_is_kept() -> None:
    update = update_version(Kind.PACKAGE_JSON, '\ufeff{"version": "1.2.0"}\n', "1.3.0", path="p")

    assert update.new_text == '\ufeff{"version": "1.3.0"}\n'


def test_an_up_to_date_file_comes_back_unchanged() -> None:
    text = '[package]\nname = "orbit"\nversion = "1.3.0"  # keep\n'

    assert update_version(Kind.CARGO, text, "1.3.0", path="Cargo.toml").new_text == text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("pyproject.toml", Kind.PYPROJECT),
        ("packages/api/pyproject.toml", Kind.PYPROJECT),
        ("package.json", Kind.PACKAGE_JSON),
        ("web/package-lock.json", Kind.PACKAGE_LOCK),
        ("npm-shrinkwrap.json", Kind.PACKAGE_LOCK),
        ("crates/core/Cargo.toml", Kind.CARGO),
        ("setup.cfg", Kind.SETUP_CFG),
        ("src/orbit/__init__.py", Kind.PYTHON),
        ("orbit/_version.py", Kind.PYTHON),
        ("cargo.toml", None),
        ("Cargo.lock", None),
        ("README.md", None),
        ("setup.py.in", None),
        ("pyproject.toml.bak", None),
        ("chart/Chart.yaml", None),
    ],
    ids=str,
)
def test_kind_for_path(path: str, expected: VersionFileKind | None) -> None:
    assert kind_for_path(path) is expected


def test_root_manifests_are_the_detected_files_and_map_to_their_kinds() -> None:
    assert ROOT_MANIFESTS == (
        ("pyproject.toml", Kind.PYPROJECT),
        ("package.json", Kind.PACKAGE_JSON),
        ("package-lock.json", Kind.PACKAGE_LOCK),
        ("Cargo.toml", Kind.CARGO),
        ("setup.cfg", Kind.SETUP_CFG),
    )
    assert all(kind_for_path(name) is kind for name, kind in ROOT_MANIFESTS)


def test_kinds_have_their_configuration_names() -> None:
    assert [kind.value for kind in Kind] == [
        "pyproject",
        "package-json",
        "package-lock",
        "cargo",
        "setup-cfg",
        "python",
        "generic",
    ]


_NUMBER = st.integers(min_value=0, max_value=10_000).map(str)
_RELEASE = st.tuples(_NUMBER, _NUMBER, _NUMBER).map(".".join)
RELEASE_REGENT_VERSIONS = st.one_of(
    _RELEASE,
    st.tuples(_RELEASE, st.sampled_from(["alpha", "beta", "rc", "next"]), _NUMBER).map(
        lambda parts: f"{parts[0]}-{parts[1]}.{parts[2]}"
    ),
    st.tuples(_RELEASE, st.sampled_from(["a", "b", "rc", ".dev", ".post"]), _NUMBER).map("".join),
)


@given(
    sample=st.sampled_from(SAMPLES),
    old=RELEASE_REGENT_VERSIONS,
    new=RELEASE_REGENT_VERSIONS,
)
def test_any_version_round_trips_and_restores_the_original_bytes(
    sample: tuple[str, VersionFileKind, str], old: str, new: str
) -> None:
    _, kind, template = sample
    assume(old not in template and new not in template)
    original = template.replace(V, old)

    bumped = update_version(kind, original, new, path="f").new_text

    assert bumped == template.replace(V, new)
    assert read_version(kind, bumped) == new
    assert update_version(kind, bumped, old, path="f").new_text == original


@given(text=st.text())
def test_a_generic_file_is_never_a_surprise(text: str) -> None:
    marked = f"{text}\nrelease 1.2.0 x-release-regent-version\n"

    update = update_version(Kind.GENERIC, marked, "1.3.0", path="f")

    assert update.new_text == f"{text}\nrelease 1.3.0 x-release-regent-version\n"
    assert update.old_version == "1.2.0"
