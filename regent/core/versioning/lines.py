"""Release lines of base branches: a maintenance range (``1.x``, ``1.2.x``) and the guard that
refuses a version outside it or one already tagged anywhere in the repository (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from regent.core.errors import RegentError
from regent.core.versioning.bump import Bump
from regent.core.versioning.tags import TaggedVersion
from regent.core.versioning.versions import Version

_NUMBER = r"(0|[1-9][0-9]*)"
_RANGE = re.compile(rf"{_NUMBER}\.(?:{_NUMBER}\.)?x")
_RANGE_IN_NAME = re.compile(rf"(?:^|[/_-])v?({_NUMBER}\.(?:{_NUMBER}\.)?x)$")
RANGE_FORMS = "N.x (a major line, e.g. 1.x) or N.N.x (a patch line, e.g. 1.2.x)"
PIN_WAYS = "a Release-As footer, `regent plan --release-as`, or `!set-version` on the release PR"


class ReleaseLineError(RegentError):
    """The next version breaks the release line: outside its range, or already tagged."""


@dataclass(frozen=True, slots=True)
class VersionRange:
    """The versions a maintenance line releases: ``major.x`` or ``major.minor.x``."""

    major: int
    minor: int | None = None
    """None: any minor of ``major`` (features and fixes); a number: patches only."""

    def __str__(self) -> str:
        return f"{self.major}.x" if self.minor is None else f"{self.major}.{self.minor}.x"

    @property
    def lowest(self) -> str:
        """The first version of the range: ``1.0.0`` for ``1.x``, ``1.2.0`` for ``1.2.x``."""
        return f"{self.major}.{self.minor or 0}.0"

    def holds(self, version: Version) -> bool:
        """Whether ``version``'s release triple is inside the range."""
        major, minor, _ = version.release
        return major == self.major and (self.minor is None or minor == self.minor)


def range_problem(text: str) -> str | None:
    """Why ``text`` is not a range, or None when it is one."""
    if _RANGE.fullmatch(text) is None:
        return f"{text!r} is not a version range: give {RANGE_FORMS}"
    return None


def parse_range(text: str) -> VersionRange:
    """The range ``text`` (``1.x``, ``1.2.x``) names; ``ValueError`` when it names none."""
    match = _RANGE.fullmatch(text)
    if match is None:
        raise ValueError(range_problem(text))
    return VersionRange(int(match[1]), None if match[2] is None else int(match[2]))


def range_in_name(branch: str) -> VersionRange | None:
    """The range a branch name ends with (``release/1.x``, ``1.2.x``, ``v2.x``), or None."""
    match = _RANGE_IN_NAME.search(branch)
    return parse_range(match[1]) if match is not None else None


@dataclass(frozen=True, slots=True)
class BranchLine:
    """What one ``base_branches`` entry says about the releases of the branches it names."""

    pattern: str
    """The branch name or fnmatch pattern (``release/*``) of the entry."""
    range: VersionRange | None = None
    """The declared range; None: inferred from the branch name, if it ends with one."""
    prerelease: str | None = None
    """The prerelease channel of the line (None: the top-level ``prerelease``)."""
    since: str | None = None
    """The bootstrap commit-ish of the line (None: the top-level ``since``)."""


def check_line(
    target: Version,
    *,
    branch: str | None,
    version_range: VersionRange | None,
    current: Version | None,
    tagged: Iterable[TaggedVersion],
) -> None:
    """Refuse ``target`` when it is outside ``version_range`` or a tag in ``tagged`` (every
    release tag of the repository) already holds it, or its stable version for a prerelease;
    the error names the blocking tag or range and a version the line may release instead."""
    where = f"{branch}" if branch else "this branch"
    taken = {str(t.version): t.tag for t in tagged}
    if version_range is not None and not version_range.holds(target):
        instead = _instead(target, current, version_range=version_range, taken=taken)
        raise ReleaseLineError(
            f"{target} is outside {where}'s range {version_range}: the line releases only "
            f"{_line_words(version_range)}; {instead}, or move the change to a branch that "
            "releases it"
        )
    blocking = taken.get(str(target))
    stable = _released_stable(target, taken) if blocking is None else None
    if stable is not None:
        raise ReleaseLineError(
            f"{target} cannot be released from {where}: {stable} is already released, so a "
            f"prerelease of it would sort below it; merge the branch that released {stable} "
            f"into {where}, and its next prerelease follows it"
        )
    if blocking is not None:
        instead = _instead(target, current, version_range=version_range, taken=taken)
        raise ReleaseLineError(
            f"{target} cannot be released from {where}: the tag {blocking} already exists in "
            f"the repository (on a commit outside {where}'s history); {instead}"
            + ("" if version_range is not None else ", or give the branch a range (1.x, 1.2.x)")
        )


def _released_stable(target: Version, taken: dict[str, str]) -> str | None:
    """The tag of ``target``'s stable version when ``target`` is a prerelease, if tagged."""
    return taken.get(str(target.finalized())) if target.is_prerelease else None


def _line_words(version_range: VersionRange) -> str:
    if version_range.minor is None:
        return f"{version_range} versions (features and fixes; a breaking change leaves it)"
    return f"{version_range} versions (fixes; a feature or a breaking change leaves it)"


def _instead(
    target: Version,
    current: Version | None,
    *,
    version_range: VersionRange | None,
    taken: dict[str, str],
) -> str:
    """What to do instead: pin the next free version after ``current``, a patch inside a range,
    else one of ``target``'s level."""
    if current is None:
        return f"pin a free version ({PIN_WAYS})"
    level = Bump.PATCH if version_range is not None else _level(current, target)
    candidate = current.finalized().bumped(level)
    while str(candidate) in taken:
        candidate = candidate.bumped(level)
    if version_range is not None and not version_range.holds(candidate):
        return f"no free version is left after {current} in the range; pin one ({PIN_WAYS})"
    return f"release {candidate} instead, the next free {level.label} ({PIN_WAYS})"


def _level(current: Version, target: Version) -> Bump:
    """How far ``target`` moves from ``current``: the first part of the triple that differs."""
    for level, old, new in zip(
        (Bump.MAJOR, Bump.MINOR, Bump.PATCH), current.release, target.release, strict=True
    ):
        if old != new:
            return level
    return Bump.PATCH
