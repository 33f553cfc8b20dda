"""SemVer 2.0.0 versions: strict parsing, exact formatting, precedence and bumps.

Numbers are unbounded in the spec; this implementation accepts up to
``MAX_NUMBER_DIGITS`` digits per number, CPython's default limit for converting
between ``int`` and ``str``.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass
from typing import Self

from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump
from regent.core.versioning.versions import ParsingScheme

MAX_NUMBER_DIGITS = 4300

_NUMBER_LIMIT = 10**MAX_NUMBER_DIGITS
_DIGITS = re.compile(r"[0-9]+")
_IDENTIFIER = re.compile(r"[0-9A-Za-z-]+")
_CORE_LABELS = ("major", "minor", "patch")

_PrecedenceKey = tuple[int, int, int, bool, tuple[tuple[int, int, str], ...]]


@dataclass(frozen=True, slots=True)
class SemVer:
    """A SemVer 2.0.0 version.

    ``==`` and ``hash`` compare the exact value, build metadata included, so ``1.0.0+a`` and
    ``1.0.0+b`` are distinct values. ``<``, ``<=``, ``>``, ``>=`` compare precedence (spec
    item 11), which ignores build metadata: neither of those two is less than the other, and
    ``1.0.0+a <= 1.0.0+b`` holds both ways. Sorting is therefore a total preorder in which
    versions differing only in build metadata tie (``sorted`` keeps their input order).
    """

    major: int
    minor: int
    patch: int
    _: KW_ONLY
    prerelease: tuple[str, ...] = ()
    build: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for label, number in zip(_CORE_LABELS, self.release, strict=True):
            if number < 0:
                raise InvalidVersionError(f"{label} is {number}; version numbers are 0 or more")
            if number >= _NUMBER_LIMIT:
                raise InvalidVersionError(f"{label} has more than {MAX_NUMBER_DIGITS} digits")
        problem = _identifiers_problem(self)
        if problem is not None:
            raise InvalidVersionError(f"{_shown(str(self))}: {problem}")

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    @property
    def release(self) -> tuple[int, int, int]:
        """``(major, minor, patch)``."""
        return (self.major, self.minor, self.patch)

    @property
    def is_prerelease(self) -> bool:
        return bool(self.prerelease)

    @property
    def channel(self) -> str | None:
        """The first prerelease identifier (``rc`` in ``1.0.0-rc.2``), or None if stable."""
        return self.prerelease[0] if self.prerelease else None

    @property
    def prerelease_number(self) -> int | None:
        """``n`` when the prerelease is exactly ``<channel>.<n>`` with ``n`` numeric, else None.

        ``1.0.0-rc.2`` -> 2; ``1.0.0-rc``, ``1.0.0-rc2`` and ``1.0.0-rc.2.1`` -> None.
        """
        if len(self.prerelease) == 2 and _is_numeric(self.prerelease[1]):
            return int(self.prerelease[1])
        return None

    def bumped(self, level: Bump) -> Self:
        """The stable version one ``level`` above the release triple (spec items 6-8)."""
        if level is Bump.MAJOR:
            return type(self)(self.major + 1, 0, 0)
        if level is Bump.MINOR:
            return type(self)(self.major, self.minor + 1, 0)
        if level is Bump.PATCH:
            return type(self)(self.major, self.minor, self.patch + 1)
        return self.finalized()

    def finalized(self) -> Self:
        """The stable version with this release triple (prerelease and build dropped)."""
        return type(self)(self.major, self.minor, self.patch)

    def as_prerelease(self, channel: str, number: int) -> Self:
        """This release triple as ``<channel>.<number>``: ``1.3.0`` -> ``1.3.0-rc.3``."""
        if number < 0:
            raise InvalidVersionError(f"prerelease number {number} is negative; use 0 or more")
        checked = check_channel(channel)
        return type(self)(self.major, self.minor, self.patch, prerelease=(checked, str(number)))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._precedence() < other._precedence()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._precedence() <= other._precedence()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._precedence() > other._precedence()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._precedence() >= other._precedence()

    def _precedence(self) -> _PrecedenceKey:
        """A sort key for spec item 11: a stable version ranks above its prereleases.

        Numeric identifiers (no leading zeros) order by length then digits, which is numeric
        order without converting to ``int``, and rank below alphanumeric ones (ASCII order).
        """
        identifiers = tuple(
            (0, len(part), part) if _is_numeric(part) else (1, 0, part) for part in self.prerelease
        )
        return (self.major, self.minor, self.patch, not self.prerelease, identifiers)


class SemVerScheme(ParsingScheme[SemVer]):
    """Strict SemVer 2.0.0: no ``v`` prefix, no surrounding spaces, no missing parts."""

    name: str = "semver"

    def parse(self, text: str) -> SemVer:
        """Parse ``text``; raise ``InvalidVersionError`` saying why it is not SemVer 2.0.0."""
        if not text:
            raise InvalidVersionError(f"{_shown(text)}: empty string; expected e.g. 1.2.3")
        head, plus, build = text.partition("+")
        if "+" in build:
            raise InvalidVersionError(f"{_shown(text)}: more than one '+'")
        core, dash, prerelease = head.partition("-")
        major, minor, patch = _parse_core(core, text=text)
        return SemVer(
            major,
            minor,
            patch,
            prerelease=tuple(prerelease.split(".")) if dash else (),
            build=tuple(build.split(".")) if plus else (),
        )

    def check_channel(self, channel: str) -> str:
        """Return ``channel`` if it can name a prerelease (``rc``, ``beta``); raise otherwise."""
        return check_channel(channel)


SEMVER = SemVerScheme()


def check_channel(channel: str) -> str:
    """Return ``channel`` if it is one non-numeric SemVer identifier; raise otherwise."""
    if _IDENTIFIER.fullmatch(channel) is None or _is_numeric(channel):
        raise InvalidVersionError(
            f"prerelease channel {channel!r} is not usable: it must be one SemVer identifier of "
            "ASCII letters, digits and '-', not only digits and without dots (e.g. rc, beta, alpha)"
        )
    return channel


def _parse_core(core: str, *, text: str) -> tuple[int, int, int]:
    """``MAJOR.MINOR.PATCH`` as three ints; raise saying what is wrong."""
    parts = core.split(".")
    if _DIGITS.fullmatch(parts[0]) is None:
        raise InvalidVersionError(f"{_shown(text)}: {_start_problem(text)}")
    if len(parts) != 3:
        raise InvalidVersionError(
            f"{_shown(text)}: has {len(parts)} dot-separated numbers; "
            "SemVer needs exactly three, MAJOR.MINOR.PATCH"
        )
    for label, part in zip(_CORE_LABELS, parts, strict=True):
        problem = _number_problem(part, label=label)
        if problem is not None:
            raise InvalidVersionError(f"{_shown(text)}: {problem}")
    return (int(parts[0]), int(parts[1]), int(parts[2]))


def _start_problem(text: str) -> str:
    if text[:1] in ("v", "V") and _DIGITS.match(text, 1):
        return (
            "a leading 'v' is not part of a SemVer version; "
            "put it in the tag template (v{version}) instead"
        )
    return "does not start with MAJOR.MINOR.PATCH (a version looks like 1.2.3)"


def _number_problem(part: str, *, label: str) -> str | None:
    if not part:
        return f"{label} is empty"
    if _DIGITS.fullmatch(part) is None:
        return f"{label} {part!r} is not a number"
    if len(part) > 1 and part.startswith("0"):
        return f"numeric component with a leading zero ({label} {part})"
    if len(part) > MAX_NUMBER_DIGITS:
        return f"{label} has more than {MAX_NUMBER_DIGITS} digits"
    return None


def _identifiers_problem(version: SemVer) -> str | None:
    """Why the prerelease or build identifiers of ``version`` break SemVer 2.0.0, or None."""
    for identifier in version.prerelease:
        problem = _identifier_problem(identifier, part="prerelease")
        if problem is not None:
            return problem
        if len(identifier) > 1 and identifier.startswith("0") and _is_numeric(identifier):
            return "numeric prerelease identifier with a leading zero"
        if len(identifier) > MAX_NUMBER_DIGITS and _is_numeric(identifier):
            return f"numeric prerelease identifier with more than {MAX_NUMBER_DIGITS} digits"
    for identifier in version.build:
        problem = _identifier_problem(identifier, part="build")
        if problem is not None:
            return problem
    return None


def _identifier_problem(identifier: str, *, part: str) -> str | None:
    if not identifier:
        return f"empty {part} identifier"
    if _IDENTIFIER.fullmatch(identifier) is None:
        return f"{part} identifier {identifier!r} may only use ASCII letters, digits and '-'"
    return None


def _is_numeric(identifier: str) -> bool:
    return _DIGITS.fullmatch(identifier) is not None


def _shown(text: str) -> str:
    """``text`` as written in messages: quoted when empty or when spaces would hide."""
    if text and text.isprintable() and text == text.strip():
        return text
    return repr(text)
