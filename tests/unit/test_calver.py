"""CalVer ``YYYY.MM.MICRO``: parsing, precedence, and how a bump maps to a release date."""

from __future__ import annotations

from datetime import date

import pytest

from regent.config import release_date, version_scheme
from regent.config.loader import parse_config_text
from regent.core.errors import InvalidVersionError
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump
from regent.core.versioning.calver import CalVer, CalVerScheme
from regent.core.versioning.next_version import effective_bump, next_version

DECEMBER = CalVerScheme(today=date(2026, 12, 7))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2026.12.0", (2026, 12, 0, None)),
        ("2026.1.17", (2026, 1, 17, None)),
        ("2026.12.3-rc.2", (2026, 12, 3, ("rc", 2))),
        ("1999.6.0-beta-x.0", (1999, 6, 0, ("beta-x", 0))),
    ],
)
def test_parse(text: str, parts: tuple[object, ...]) -> None:
    version = DECEMBER.parse(text)
    assert (version.year, version.month, version.micro, version.prerelease) == parts
    assert str(version) == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026.01.0", "leading zero"),
        ("2026.1.00", "leading zero"),
        ("26.1.0", "not a four-digit year"),
        ("2026.13.0", "not 1 to 12"),
        ("2026.0.0", "not 1 to 12"),
        ("2026.12", "expected YYYY.MM.MICRO"),
        ("v2026.12.0", "expected YYYY.MM.MICRO"),
        ("2026.12.0-rc", "expected YYYY.MM.MICRO"),
        ("2026.12.0-1.2", "not usable"),
        ("2026.12.0+build", "expected YYYY.MM.MICRO"),
        ("", "expected YYYY.MM.MICRO"),
    ],
)
def test_parse_refuses(text: str, words: str) -> None:
    with pytest.raises(InvalidVersionError, match=words):
        DECEMBER.parse(text)
    assert DECEMBER.try_parse(text) is None


def test_precedence() -> None:
    ordered = [
        "2025.12.9",
        "2026.1.0-beta.3",
        "2026.1.0-rc.1",
        "2026.1.0-rc.2",
        "2026.1.0",
        "2026.1.1",
        "2026.2.0",
        "2026.10.0",
    ]
    versions = [DECEMBER.parse(text) for text in ordered]
    assert sorted(versions[i] for i in (5, 2, 7, 0, 3, 6, 1, 4)) == versions
    assert DECEMBER.parse("2026.1.0") == CalVerScheme(today=date(2020, 1, 1)).parse("2026.1.0")


@pytest.mark.parametrize(
    ("current", "today", "bump", "after"),
    [
        pytest.param("2026.12.4", date(2026, 12, 7), Bump.PATCH, "2026.12.5", id="same-month"),
        pytest.param("2026.12.4", date(2026, 12, 7), Bump.MAJOR, "2026.12.5", id="any-level"),
        pytest.param("2026.11.4", date(2026, 12, 1), Bump.PATCH, "2026.12.0", id="new-month"),
        pytest.param("2025.12.4", date(2026, 1, 31), Bump.MINOR, "2026.1.0", id="new-year"),
        pytest.param("2027.3.0", date(2026, 12, 7), Bump.PATCH, "2027.3.1", id="dated-ahead"),
        pytest.param("2026.11.4", date(2026, 12, 7), Bump.NONE, "2026.11.4", id="none"),
        pytest.param("2026.11.4-rc.2", date(2026, 12, 7), Bump.NONE, "2026.11.4", id="none-pre"),
    ],
)
def test_a_bump_releases_on_the_release_date(
    current: str, today: date, bump: Bump, after: str
) -> None:
    assert str(CalVerScheme(today=today).parse(current).bumped(bump)) == after


@pytest.mark.parametrize(
    ("last", "latest_pre", "channel", "changed", "expected"),
    [
        pytest.param(None, None, None, True, "2026.12.0", id="first-release"),
        pytest.param("2026.12.0", None, None, True, "2026.12.1", id="second-this-month"),
        pytest.param("2026.11.7", None, None, True, "2026.12.0", id="first-this-month"),
        pytest.param("2026.11.7", None, "rc", True, "2026.12.0-rc.1", id="prerelease"),
        pytest.param("2026.11.7", "2026.12.0-rc.1", "rc", True, "2026.12.0-rc.2", id="next-rc"),
        pytest.param("2026.11.7", "2026.12.0-rc.1", "rc", False, None, id="rc-unchanged"),
        pytest.param("2026.11.7", "2026.12.0-rc.2", None, False, "2026.12.0", id="graduate"),
        pytest.param("2026.10.7", "2026.11.0-rc.2", "rc", True, "2026.12.0-rc.1", id="rc-new-mo"),
    ],
)
def test_next_version(
    last: str | None, latest_pre: str | None, channel: str | None, changed: bool, expected: str
) -> None:
    parse = DECEMBER.parse
    bump = Bump.NONE if latest_pre and not changed else Bump.PATCH
    found = next_version(
        last_stable=None if last is None else parse(last),
        latest_prerelease=None if latest_pre is None else parse(latest_pre),
        bump=effective_bump(
            bump, current=None if last is None else parse(last), policy=BumpPolicy()
        ),
        changed_since_latest=changed,
        channel=channel,
        initial_version=parse(DECEMBER.initial_version),
    )
    assert (None if found is None else str(found)) == expected


def test_configured_calver_releases_this_month_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 UTC
    assert release_date() == date(2026, 9, 21)
    policy = parse_config_text("version_scheme: calver\nprerelease: rc\n", source="x.yml")
    assert (policy.version_scheme.name, policy.initial_version) == ("calver", "2026.9.0")
    stated = parse_config_text(
        "version_scheme: calver\ninitial_version: 2024.5.0\n", source="x.yml"
    )
    assert stated.initial_version == "2024.5.0"


def test_configured_calver_refuses_other_versions() -> None:
    with pytest.raises(Exception, match=r"x.yml:2: initial_version: '1.0.0' is not a CalVer"):
        parse_config_text("version_scheme: calver\ninitial_version: 1.0.0\n", source="x.yml")


def test_each_call_dates_the_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 UTC
    scheme = version_scheme("calver")
    assert isinstance(scheme, CalVerScheme)
    assert scheme.parse("2025.12.3").bumped(Bump.PATCH) == CalVer(2026, 1, 0)
