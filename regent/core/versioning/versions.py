"""What the release logic needs from a version, whatever its scheme (SemVer, PEP 440)."""

from __future__ import annotations

from typing import Generic, Protocol, Self, TypeVar

from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump


class Version(Protocol):
    """A parsed version. Ordering follows the scheme's precedence rules."""

    @property
    def release(self) -> tuple[int, int, int]:
        """``(major, minor, patch)``."""

    @property
    def channel(self) -> str | None:
        """The prerelease channel name as configured (``rc``, ``beta``), or None if stable."""

    @property
    def prerelease_number(self) -> int | None:
        """The counter within the channel (``rc.3`` -> 3), or None if stable."""

    @property
    def is_prerelease(self) -> bool: ...

    def bumped(self, level: Bump) -> Self:
        """The stable version one ``level`` above this version's release triple."""

    def finalized(self) -> Self:
        """The stable version with this release triple (prerelease and build dropped)."""

    def as_prerelease(self, channel: str, number: int) -> Self:
        """This release triple as prerelease ``number`` of ``channel``."""

    def __str__(self) -> str: ...

    def __lt__(self, other: Self) -> bool: ...

    def __le__(self, other: Self) -> bool: ...

    def __gt__(self, other: Self) -> bool: ...

    def __ge__(self, other: Self) -> bool: ...


V = TypeVar("V", bound=Version)


class Precedence:
    """A version as a sort key: ordered by its scheme's precedence (for ``sorted``/``max``)."""

    __slots__ = ("version",)

    def __init__(self, version: Version) -> None:
        self.version = version

    def __lt__(self, other: Precedence) -> bool:
        return self.version < other.version


class VersionScheme(Protocol):
    """Parses version strings of one scheme."""

    name: str

    def parse(self, text: str) -> Version:
        """Parse strictly; raise ``InvalidVersionError`` with the reason otherwise."""

    def try_parse(self, text: str) -> Version | None:
        """Parse strictly; None when ``text`` is not a version of this scheme."""

    def check_channel(self, channel: str) -> str:
        """Validate a prerelease channel name; raise ``InvalidVersionError`` if unusable."""


class ParsingScheme(Generic[V]):
    """A scheme's ``try_parse``, written once over its strict ``parse``."""

    def parse(self, text: str) -> V:
        raise NotImplementedError

    def try_parse(self, text: str) -> V | None:
        """Parse ``text``; None when it is not a version of this scheme."""
        try:
            return self.parse(text)
        except InvalidVersionError:
            return None
