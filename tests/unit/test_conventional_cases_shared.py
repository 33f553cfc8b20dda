"""Every shared Conventional Commits case (../shared/fixtures), read in place, both policies."""

from __future__ import annotations

from typing import Any

import pytest

from regent.core.commits import ConventionalCommit, NotConventional, parse_message
from tests.shared_data import load_shared_json

DATA = load_shared_json("conventional-commits/cases.json")
CASES: list[dict[str, Any]] = DATA["cases"]
CASE_IDS = [case["id"] for case in CASES]


def spec_bump(commit: ConventionalCommit) -> str | None:
    """The bump the specification alone implies (tool policy adds more elsewhere)."""
    if commit.breaking:
        return "major"
    return {"feat": "minor", "fix": "patch"}.get(commit.type.lower())


def observed(commit: ConventionalCommit) -> dict[str, Any]:
    """The parse in the fixture's vocabulary."""
    return {
        "type": commit.type,
        "scope": commit.scope,
        "breaking": commit.breaking,
        "description": commit.description,
        "body": commit.body,
        "footers": [
            {"token": f.token, "separator": f.separator, "value": f.value} for f in commit.footers
        ],
        "breaking_description": commit.breaking_description,
        "bump": spec_bump(commit),
    }


def assert_reads_as(result: object, expected: dict[str, Any], case: dict[str, Any]) -> None:
    assert isinstance(result, ConventionalCommit), result
    firm = case.get("check_only") or list(expected)
    actual = observed(result)
    assert {field: actual[field] for field in firm} == {field: expected[field] for field in firm}


def test_fixture_file_is_complete() -> None:
    assert len(CASES) == DATA["count"]
    assert len(set(CASE_IDS)) == len(CASE_IDS)
    assert all(("expected" in case) != bool(case.get("invalid")) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_strict_reading(case: dict[str, Any]) -> None:
    result = parse_message(case["message"])

    if case.get("invalid"):
        assert isinstance(result, NotConventional), result
        assert "rule" in result.reason
    else:
        assert_reads_as(result, case["expected"], case)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_lenient_reading(case: dict[str, Any]) -> None:
    result = parse_message(case["message"], lenient=True)

    expected = case.get("lenient_expected") or case.get("expected")
    if expected is None:
        assert isinstance(result, NotConventional), result
    else:
        assert_reads_as(result, expected, case)
