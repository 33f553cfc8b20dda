"""SemVer and PEP 440 against the shared external cases, read in place from ../shared/fixtures."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.config.pep440 import PEP440
from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import SEMVER
from tests.shared_data import load_shared_json, shared_fixture

SEMVER_VERSIONS = load_shared_json("semver/versions.json")
SEMVER_PRECEDENCE = load_shared_json("semver/precedence.json")
SEMVER_INCREMENTS = load_shared_json("semver/increments.json")
PEP440_VERSIONS = load_shared_json("pep440/versions.json")
SEMVER_SPEC = shared_fixture("semver/semver-2.0.0.md").read_text(encoding="utf-8")


def cases(entries: list[Any], *, name: str, keep: Any = None) -> list[Any]:
    """Parametrize ``entries``, each identified by its position and ``name`` field."""
    return [
        pytest.param(entry, id=f"{index}-{str(entry[name])[:40]}")
        for index, entry in enumerate(entries)
        if keep is None or keep(entry)
    ]


def pairs(entries: list[list[Any]]) -> list[Any]:
    return [
        pytest.param(*entry[:2], id=f"{index}-{str(entry[0])[:40]}")
        for index, entry in enumerate(entries)
    ]


def sign(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


# --- SemVer -------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", cases(SEMVER_VERSIONS["valid"], name="version"))
def test_semver_valid_parses_into_its_parts(entry: dict[str, Any]) -> None:
    version = SEMVER.parse(entry["version"])
    assert version.release == (entry["major"], entry["minor"], entry["patch"])
    assert list(version.prerelease) == entry["prerelease"]
    assert list(version.build) == entry["build"]
    assert str(version) == entry["version"]


@pytest.mark.parametrize("entry", cases(SEMVER_VERSIONS["invalid"], name="version"))
def test_semver_invalid_is_rejected(entry: dict[str, Any]) -> None:
    with pytest.raises(InvalidVersionError):
        SEMVER.parse(entry["version"])


@pytest.mark.parametrize(
    "entry",
    cases(SEMVER_VERSIONS["implementation_limits"], name="version", keep=lambda e: e["spec_valid"]),
)
def test_semver_beyond_other_implementations_limits_is_accepted(entry: dict[str, Any]) -> None:
    assert str(SEMVER.parse(entry["version"])) == entry["version"]


@pytest.mark.parametrize("entry", cases(SEMVER_VERSIONS["loose_inputs"], name="input"))
def test_semver_loose_input_is_rejected_by_the_strict_parser(entry: dict[str, Any]) -> None:
    assert SEMVER.try_parse(entry["input"]) is None


@pytest.mark.parametrize(
    "entry", cases(SEMVER_PRECEDENCE["chains"], name="ascending", keep=lambda e: not e.get("loose"))
)
def test_semver_chain_ascends(entry: dict[str, Any]) -> None:
    versions = [SEMVER.parse(text) for text in entry["ascending"]]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher
    backwards = versions[::-1]
    assert sorted(backwards) == versions


@pytest.mark.parametrize(
    "entry", cases(SEMVER_PRECEDENCE["pairs"], name="a", keep=lambda e: not e.get("loose"))
)
def test_semver_pair_compares(entry: dict[str, Any]) -> None:
    a, b = SEMVER.parse(entry["a"]), SEMVER.parse(entry["b"])
    assert sign(a, b) == entry["cmp"]
    assert sign(b, a) == -entry["cmp"]


@pytest.mark.parametrize(
    "entry",
    cases(SEMVER_INCREMENTS["cases"], name="version", keep=lambda e: e["semantics"] == "spec"),
)
def test_semver_spec_increment_agrees_with_bumped(entry: dict[str, Any]) -> None:
    level = Bump.from_label(entry["release"])
    assert str(SEMVER.parse(entry["version"]).bumped(level)) == entry["expected"]


def spec_regex() -> re.Pattern[str]:
    """The regular expression the SemVer spec suggests (the one with named groups)."""
    found = re.search(r"^\^(\(\?P<major>.*)\$$", SEMVER_SPEC, flags=re.MULTILINE)
    assert found is not None, "the SemVer spec text no longer holds its suggested regex"
    return re.compile(found.group(1), flags=re.ASCII)


SPEC_REGEX = spec_regex()


@given(st.text(alphabet="0123456789.-+aZ", max_size=24))
def test_semver_parser_accepts_exactly_what_the_spec_regex_accepts(text: str) -> None:
    assert (SEMVER.try_parse(text) is not None) == (SPEC_REGEX.fullmatch(text) is not None)


# --- PEP 440 ------------------------------------------------------------------------------


def test_pep440_ascending_list_sorts_as_given() -> None:
    versions = [PEP440.parse(text) for text in PEP440_VERSIONS["ascending"]]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher
        assert higher > lower
    backwards = versions[::-1]
    assert sorted(backwards) == versions


@pytest.mark.parametrize(
    "text", [pytest.param(text, id=f"{i}") for i, text in enumerate(PEP440_VERSIONS["invalid"])]
)
def test_pep440_invalid_is_rejected(text: str) -> None:
    with pytest.raises(InvalidVersionError):
        PEP440.parse(text)


@pytest.mark.parametrize(("text", "expected"), pairs(PEP440_VERSIONS["normalized"]))
def test_pep440_normalised_form(text: str, expected: str) -> None:
    assert str(PEP440.parse(text)) == expected


@pytest.mark.parametrize(("text", "expected"), pairs(PEP440_VERSIONS["public"]))
def test_pep440_public(text: str, expected: str) -> None:
    assert PEP440.parse(text).public == expected


@pytest.mark.parametrize(("text", "expected"), pairs(PEP440_VERSIONS["base_version"]))
def test_pep440_base_version(text: str, expected: str) -> None:
    assert PEP440.parse(text).base_version == expected


@pytest.mark.parametrize(("a", "b"), pairs(PEP440_VERSIONS["equal"]))
def test_pep440_equal(a: str, b: str) -> None:
    assert PEP440.parse(a) == PEP440.parse(b)
    assert hash(PEP440.parse(a)) == hash(PEP440.parse(b))


@pytest.mark.parametrize(("text", "expected"), pairs(PEP440_VERSIONS["is_prerelease"]))
def test_pep440_is_prerelease(text: str, expected: bool) -> None:
    version = PEP440.parse(text)
    assert version.is_prerelease is expected
    assert (version.channel is not None) is expected
