"""Calendar versions ``YYYY.MM.MICRO`` (calver.org): the year and month of the release, and a
counter of releases within that month.

A bump of any level releases on the release date: the first release of a month is
``YYYY.M.0``, each later one in the same month adds 1 to MICRO, so the level only says whether
to release (none: nothing). A version dated after the release date (a tag made by hand, a
clock behind) keeps its date and adds 1, so versions never go backwards. The month is written
without a leading zero (``2026.1.0``, as PEP 440 normalises it). Prereleases are written as in
SemVer, ``2026.12.0-rc.1``, and sort below their release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Self

from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import check_channel
from regent.core.versioning.versions import ParsingScheme

_FORM = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+)\.(\d+))?")
_NUMBER = re.compile(r"0|[1-9]\d{0,8}")
EXAMPLE = "2026.12.0"


@dataclass(frozen=True, slots=True)
class CalVer:
    """A calendar version; ``today`` is the release date its bumps release on."""

    year: int
    month: int
    micro: int
    prerelease: tuple[str, int] | None = None
    today: date = field(default=date.min, compare=False, repr=False)

    def __str__(self) -> str:
        pre = f"-{self.prerelease[0]}.{self.prerelease[1]}" if self.prerelease else ""
        return f"{self.year}.{self.month}.{self.micro}{pre}"

    @property
    def release(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.micro)

    @property
    def is_prerelease(self) -> bool:
        return self.prerelease is not None

    @property
    def channel(self) -> str | None:
        return None if self.prerelease is None else self.prerelease[0]

    @property
    def prerelease_number(self) -> int | None:
        return None if self.prerelease is None else self.prerelease[1]

    def bumped(self, level: Bump) -> Self:
        """The next release on ``today``: ``YYYY.M.0`` in a later month, MICRO + 1 within the
        same month (or when this version is dated after ``today``); itself, stable, for NONE."""
        if level is Bump.NONE:
            return self.finalized()
        if (self.today.year, self.today.month) > (self.year, self.month):
            return type(self)(self.today.year, self.today.month, 0, today=self.today)
        return type(self)(self.year, self.month, self.micro + 1, today=self.today)

    def finalized(self) -> Self:
        return type(self)(self.year, self.month, self.micro, today=self.today)

    def as_prerelease(self, channel: str, number: int) -> Self:
        if number < 0:
            raise InvalidVersionError(f"prerelease number {number} is negative; use 0 or more")
        pre = (check_channel(channel), number)
        return type(self)(self.year, self.month, self.micro, pre, today=self.today)

    def _key(self) -> tuple[int, int, int, int, str, int]:
        """Precedence: the date and MICRO, then a prerelease below its release."""
        channel, number = self.prerelease or ("", 0)
        return (*self.release, 0 if self.prerelease else 1, channel, number)

    def __lt__(self, other: CalVer) -> bool:
        return self._key() < other._key()

    def __le__(self, other: CalVer) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: CalVer) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: CalVer) -> bool:
        return self._key() >= other._key()


class CalVerScheme(ParsingScheme[CalVer]):
    """Parses ``YYYY.M.MICRO`` (and ``-channel.N``) for releases made on ``today``."""

    name: str = "calver"

    def __init__(self, *, today: date) -> None:
        self.today = today

    @property
    def initial_version(self) -> str:
        """The first release when the configuration names none: this month's ``.0``."""
        return f"{self.today.year}.{self.today.month}.0"

    def parse(self, text: str) -> CalVer:
        """Parse strictly; raise ``InvalidVersionError`` saying what is wrong."""
        found = _FORM.fullmatch(text)
        if found is None:
            raise InvalidVersionError(f"{text!r}: expected YYYY.MM.MICRO such as {EXAMPLE}")
        year, month, micro, channel, number = found.groups()
        for label, part in (("year", year), ("month", month), ("MICRO", micro), ("number", number)):
            if part is not None and _NUMBER.fullmatch(part) is None:
                raise InvalidVersionError(
                    f"{text!r}: the {label} {part} has a leading zero or too many digits; "
                    f"write e.g. {EXAMPLE} (2026.1.0, not 2026.01.0)"
                )
        if len(year) != 4:
            raise InvalidVersionError(f"{text!r}: the year {year} is not a four-digit year")
        if not 1 <= int(month) <= 12:
            raise InvalidVersionError(f"{text!r}: the month {month} is not 1 to 12")
        pre = None if channel is None else (check_channel(channel), int(number))
        return CalVer(int(year), int(month), int(micro), pre, today=self.today)

    def check_channel(self, channel: str) -> str:
        """Return ``channel`` if it can name a prerelease (``rc``, ``beta``); raise otherwise."""
        return check_channel(channel)
