"""Times as the port speaks them: GitHub's ``2024-01-31T12:00:00Z`` and a ``since`` in ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from regent.core.errors import UsageError
from regent.core.model import instant, iso_utc

NOON = datetime(2024, 1, 31, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31T12:00:00Z", NOON),
        ("2024-01-31T14:00:00+02:00", NOON),
        ("2024-01-31T12:00:00", NOON),
        (" 2024-01-31T12:00:00Z\n", NOON),
        ("2024-01-31", datetime(2024, 1, 31, tzinfo=UTC)),
        ("2024-01-31T12:00:00.5Z", NOON + timedelta(milliseconds=500)),
    ],
    ids=["github", "an offset (git)", "no offset is UTC", "spaces", "a date", "fractions"],
)
def test_reading_a_time(text: str, expected: datetime) -> None:
    assert instant(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01", "1706702400"])
def test_a_bad_time_is_refused_with_the_form_to_use(text: str) -> None:
    with pytest.raises(UsageError, match="ISO 8601, such as 2024-01-31T12:00:00Z"):
        instant(text)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (NOON, "2024-01-31T12:00:00Z"),
        (datetime(2024, 1, 31, 14, 0, tzinfo=timezone(timedelta(hours=2))), "2024-01-31T12:00:00Z"),
        (datetime(2024, 1, 31, 12, 0), "2024-01-31T12:00:00Z"),
        (NOON + timedelta(microseconds=999), "2024-01-31T12:00:00Z"),
    ],
    ids=["UTC", "an offset", "naive is UTC", "fractions dropped"],
)
def test_writing_a_time_as_github_does(moment: datetime, expected: str) -> None:
    assert iso_utc(moment) == expected
    assert instant(iso_utc(moment)) == moment.replace(microsecond=0, tzinfo=moment.tzinfo or UTC)
