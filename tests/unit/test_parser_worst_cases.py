"""Parsers of repository data on hostile input: any text gives a value or the project's own
error, and the worst cases (deep nesting, long dotted keys, 1 MB lines, repeated prefixes)
finish within an ordinary test run (a generous guard stops a quadratic one instead of hanging).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regent.core.version_files import (
    VersionFileError,
    VersionFileKind,
    read_version,
    update_version,
)
from tests.time_guard import guard

Kind = VersionFileKind
MB = 1_000_000


def bump_or_refuse(kind: VersionFileKind, text: str) -> str | None:
    """The bumped text, or None when the file is refused with a VersionFileError."""
    try:
        read_version(kind, text, path="f")
        return update_version(kind, text, "2.0.0", path="f").new_text
    except VersionFileError:
        return None


TOML_TAIL = '\n[project]\nversion = "1.0.0"\n'
PY_HEAD = '__version__ = "1.0.0"\n'
MARKER = "x-release-regent-version "
DEEP = 100_000
CASES: dict[str, tuple[VersionFileKind, str]] = {
    "json-array-100000-deep": (Kind.PACKAGE_JSON, "[" * DEEP + "]" * DEEP),
    "json-object-deep": (Kind.PACKAGE_JSON, '{"a":' * DEEP + "1" + "}" * DEEP),
    "json-lock-unclosed-deep": (Kind.PACKAGE_LOCK, '{"packages": ' * DEEP),
    "json-huge-int": (Kind.PACKAGE_JSON, '{"version": "1.0.0", "n": ' + "9" * 5000 + "}"),
    "json-1mb-line": (Kind.PACKAGE_JSON, '{"version": "1.0.0", "x": "' + "a" * MB + '"}'),
    "toml-100kb-dotted-key": (Kind.PYPROJECT, "a" + ".a" * 50_000 + " = 1" + TOML_TAIL),
    "toml-100kb-table-name": (Kind.PYPROJECT, "[" + "a." * 50_000 + "a]" + TOML_TAIL),
    "toml-array-table-name": (Kind.PYPROJECT, "[[" + "a." * 50_000 + "a]]" + TOML_TAIL),
    "toml-inline-key": (Kind.PYPROJECT, 'x = {"a"' + '."a"' * 50_000 + " = 1}" + TOML_TAIL),
    "toml-deep-array": (Kind.PYPROJECT, "a = " + "[" * DEEP + "]" * DEEP + TOML_TAIL),
    "toml-deep-inline": (Kind.PYPROJECT, "a = " + "{b = " * DEEP + "1" + "}" * DEEP),
    "toml-1mb-line": (Kind.PYPROJECT, f'x = "{"a" * MB}"' + TOML_TAIL),
    "toml-many-dotted-lines": (
        Kind.PYPROJECT,
        "".join(f"t{i}.a.b = 1\n" for i in range(20_000)) + TOML_TAIL,
    ),
    "toml-escaped-quotes": (Kind.PYPROJECT, TOML_TAIL + 'x = """' + '\\"' * 300_000 + '"""\n'),
    "toml-comment-of-quotes": (Kind.CARGO, '[package]\nversion = "1"\n# ' + "'''" * 300_000),
    "python-deep-parens": (Kind.PYTHON, PY_HEAD + "x = " + "(" * DEEP + ")" * DEEP + "\n"),
    "python-1mb-line": (Kind.PYTHON, PY_HEAD + 'x = "' + "a" * MB + '"\n'),
    "python-a-million-tokens": (Kind.PYTHON, PY_HEAD + "x = [" + "1," * 500_000 + "]\n"),
    "python-long-annotation": (Kind.PYTHON, "__version__: " + "int" * 300_000 + "\n"),
    "python-repeated-prefix": (Kind.PYTHON, "__version__ = " * DEEP + '"1.0.0"\n'),
    "setup-cfg-1mb-header": (Kind.SETUP_CFG, "[metadata]\n" + "[" * MB + "\nversion = 1\n"),
    "setup-cfg-1mb-spaces": (Kind.SETUP_CFG, "[metadata]\nversion" + " " * MB + "=1.0.0\n"),
    "generic-repeated-versions": (Kind.GENERIC, MARKER + "1.1.1-" * 200_000 + "\n"),
    "generic-1mb-suffix": (Kind.GENERIC, MARKER + "1.1.1" + "a" * MB + "x\n"),
    "generic-repeated-prerelease": (Kind.GENERIC, MARKER + " 1.1.1-rc" * DEEP + "\n"),
    "generic-marker-lines": (Kind.GENERIC, (MARKER + "\n") * 200_000),
    "generic-distinct-versions": (
        Kind.GENERIC,
        "".join(f"{MARKER}1.1.{i}\n" for i in range(100_000)),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_worst_case_is_bumped_or_refused_in_linear_time(case: str) -> None:
    kind, text = CASES[case]
    with guard():
        bump_or_refuse(kind, text)


def test_a_package_json_nested_100000_deep_is_refused_with_a_clear_error() -> None:
    with pytest.raises(VersionFileError, match="nests arrays or objects too deeply"):
        update_version(Kind.PACKAGE_JSON, "[" * 100_000 + "]" * 100_000, "2.0.0", path="p.json")


def test_a_100kb_dotted_key_is_refused_before_tomllib_parses_it() -> None:
    text = "a" + ".a" * 50_000 + " = 1" + TOML_TAIL
    with guard(), pytest.raises(VersionFileError, match="line 1 has a dotted key or table name"):
        update_version(Kind.PYPROJECT, text, "2.0.0", path="pyproject.toml")


def test_an_ordinary_dotted_key_still_parses() -> None:
    text = 'tool.poetry.name = "x"\n' + TOML_TAIL
    assert read_version(Kind.PYPROJECT, text) == "1.0.0"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
TOML_PIECES = st.sampled_from(
    [
        "[project]\n", "[tool.poetry]\n", "[[a]]\n", 'version = "1.0.0"\n', "version = '1'\n",
        "a.b = 1\n", '"a" . b = 2\n', "x = [\n", "]\n", "{", "}", '"""', "'''", '"', "'", "#",
        "\\", "=", ".", "\n", " ", "x", "1", ",", "[", "]",
    ]
)  # fmt: skip


@given(kind=st.sampled_from(Kind), text=st.text())
def test_any_text_is_bumped_or_refused(kind: VersionFileKind, text: str) -> None:
    bump_or_refuse(kind, text)


@given(value=JSON_VALUES, kind=st.sampled_from([Kind.PACKAGE_JSON, Kind.PACKAGE_LOCK]))
def test_any_json_document_is_bumped_or_refused(value: object, kind: VersionFileKind) -> None:
    bump_or_refuse(kind, json.dumps(value, indent=1))
    bump_or_refuse(kind, json.dumps({"version": "1.0.0", "x": value}))


@settings(max_examples=300)
@given(
    pieces=st.lists(TOML_PIECES, max_size=30),
    kind=st.sampled_from([Kind.PYPROJECT, Kind.CARGO]),
)
def test_any_toml_shaped_text_is_bumped_or_refused(
    pieces: list[str], kind: VersionFileKind
) -> None:
    bump_or_refuse(kind, "".join(pieces))


@pytest.mark.parametrize("kind", [Kind.PYPROJECT, Kind.CARGO, Kind.PYTHON])
def test_a_file_parsed_in_python_is_refused_over_1_mib_unparsed(kind: VersionFileKind) -> None:
    text = "#" * (1 << 20) + "\n"
    with guard(), pytest.raises(VersionFileError, match="holds more than 1 MiB"):
        update_version(kind, text, "2.0.0", path="f")
