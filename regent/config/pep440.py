"""PEP 440 versions for Python projects, through ``packaging``.

Parsing accepts every spelling PEP 440 normalises (``1.0-RC1``, ``v1.0``, surrounding spaces)
and ``str()`` gives the normalised form. Epochs, post releases and local labels are parsed and
ordered as PEP 440 says. Versions Release Regent writes keep the epoch, drop local labels and
have at least three release components (``1.0`` -> ``1.0.0``; ``1.2.3.4`` keeps its four).
``bumped`` and ``as_prerelease`` also drop post and dev parts. ``finalized`` gives the lowest
stable version not below the version, so it keeps a post release that no pre-release precedes
(``1.0.post1.dev2`` -> ``1.0.0.post1``; ``1.0rc1.post1`` -> ``1.0.0``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from packaging.version import Version as PackagingVersion

from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump
from regent.core.versioning.versions import ParsingScheme

CHANNEL_ALIASES: dict[str, str] = {
    "alpha": "a",
    "a": "a",
    "beta": "b",
    "b": "b",
    "rc": "rc",
    "c": "rc",
    "pre": "rc",
    "preview": "rc",
    "dev": "dev",
}


@dataclass(frozen=True, slots=True)
class Pep440Version:
    """A PEP 440 version. ``==``, ``hash`` and ordering all follow PEP 440.

    So ``1.0 == 1.0.0`` and ``1.0c1 == 1.0rc1`` although their strings differ, while local
    labels take part (``1.0+a != 1.0+b``, ordered as PEP 440 orders local versions).
    """

    value: PackagingVersion

    def __str__(self) -> str:
        return str(self.value)

    @property
    def release(self) -> tuple[int, int, int]:
        """The first three release components, padded with 0 (``1.0`` -> ``(1, 0, 0)``)."""
        major, minor, patch = (*self.value.release, 0, 0)[:3]
        return (major, minor, patch)

    @property
    def epoch(self) -> int:
        return self.value.epoch

    @property
    def public(self) -> str:
        """The normalised version without its local label."""
        return self.value.public

    @property
    def base_version(self) -> str:
        """The epoch and release components only (``1!2.0rc1.post3`` -> ``1!2.0``)."""
        return self.value.base_version

    @property
    def is_prerelease(self) -> bool:
        """True for alpha, beta, rc and dev releases."""
        return self.value.is_prerelease

    @property
    def channel(self) -> str | None:
        """``a``, ``b`` or ``rc`` for those prereleases, ``dev`` for a plain dev release."""
        if self.value.pre is not None:
            return self.value.pre[0]
        if self.value.dev is not None:
            return "dev"
        return None

    @property
    def prerelease_number(self) -> int | None:
        """The count of a plain channel release (``rc2`` -> 2, ``.dev3`` -> 3), else None.

        Mixed forms such as ``1.0rc1.dev2`` or ``1.0.post1.dev2`` have no count of their own.
        """
        pre, post, dev = self.value.pre, self.value.post, self.value.dev
        if pre is not None:
            return pre[1] if dev is None else None
        if dev is not None and post is None:
            return dev
        return None

    def bumped(self, level: Bump) -> Self:
        """The stable version one ``level`` above the release triple, epoch kept."""
        major, minor, patch = self.release
        if level is Bump.MAJOR:
            return self._stable((major + 1, 0, 0))
        if level is Bump.MINOR:
            return self._stable((major, minor + 1, 0))
        if level is Bump.PATCH:
            return self._stable((major, minor, patch + 1))
        return self.finalized()

    def finalized(self) -> Self:
        """The lowest stable version not below this one, without its local label.

        Pre and dev parts are dropped; a post release is kept unless it follows a pre-release
        (``1.0rc1.post2`` -> ``1.0.0``, ``1.0.post2`` -> ``1.0.0.post2``).
        """
        post = self.value.post if self.value.pre is None else None
        return self._stable(self._components(), post=post)

    def as_prerelease(self, channel: str, number: int) -> Self:
        """This release as ``number`` of ``channel``: ``1.3.0rc1``, ``1.3.0.dev2``."""
        if number < 0:
            raise InvalidVersionError(f"prerelease number {number} is negative; use 0 or more")
        short = check_channel(channel)
        separator = "." if short == "dev" else ""
        return self._from_text(f"{self._stable(self._components())}{separator}{short}{number}")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Pep440Version):
            return NotImplemented
        return self.value < other.value

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Pep440Version):
            return NotImplemented
        return self.value <= other.value

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Pep440Version):
            return NotImplemented
        return self.value > other.value

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Pep440Version):
            return NotImplemented
        return self.value >= other.value

    def _components(self) -> tuple[int, ...]:
        """The release components padded to at least three."""
        return (*self.value.release, 0, 0)[: max(3, len(self.value.release))]

    def _stable(self, components: tuple[int, ...], *, post: int | None = None) -> Self:
        epoch = f"{self.value.epoch}!" if self.value.epoch else ""
        suffix = f".post{post}" if post is not None else ""
        return self._from_text(epoch + ".".join(str(part) for part in components) + suffix)

    def _from_text(self, text: str) -> Self:
        return type(self)(PackagingVersion(text))


class Pep440Scheme(ParsingScheme[Pep440Version]):
    """PEP 440 versions, normalised as ``packaging`` does."""

    name: str = "pep440"

    def parse(self, text: str) -> Pep440Version:
        """Parse ``text``; raise ``InvalidVersionError`` when it is not PEP 440."""
        try:
            return Pep440Version(PackagingVersion(text))
        except ValueError:
            raise InvalidVersionError(
                f"{text!r} is not a PEP 440 version; expected a form such as 1.2.3, 1.2.3rc1, "
                "1.2.3.post1 or 1.2.3.dev1"
            ) from None

    def check_channel(self, channel: str) -> str:
        """The PEP 440 short name of ``channel`` (``beta`` -> ``b``); raise if it has none."""
        return check_channel(channel)


PEP440 = Pep440Scheme()


def check_channel(channel: str) -> str:
    """The PEP 440 short name (``a``, ``b``, ``rc``, ``dev``) of a configured channel name."""
    short = CHANNEL_ALIASES.get(channel.lower())
    if short is None:
        accepted = ", ".join(CHANNEL_ALIASES)
        raise InvalidVersionError(
            f"prerelease channel {channel!r} has no PEP 440 form; use one of: {accepted}"
        )
    return short
