"""The version a maintainer pins on the release PR (``!set-version``): read it, check it."""

from __future__ import annotations

from collections.abc import Sequence

from regent.core.errors import InvalidVersionError
from regent.core.model import PullRequest
from regent.core.release_pr.marker import VersionPin, parse_marker
from regent.core.versioning.versions import Precedence, Version, VersionScheme

__all__ = ["VersionPin", "pin_problem", "read_pin"]


def read_pin(pull: PullRequest | None) -> VersionPin | None:
    """The version pinned on the open release PR ``pull`` (its state marker), if any."""
    marker = parse_marker(pull.body) if pull is not None else None
    return marker.pin if marker is not None else None


def pin_problem(version: str, *, released: Sequence[Version], scheme: VersionScheme) -> str | None:
    """Why ``version`` cannot be pinned after the ``released`` versions, or None when it can:
    it must be a version of ``scheme`` (a prerelease is one) above the last release."""
    try:
        wanted = scheme.parse(version)
    except InvalidVersionError as error:
        return error.message
    last = max((Precedence(v) for v in released), default=None)
    if last is not None and not wanted > last.version:
        return (
            f"{wanted} is not above the last release {last.version}; "
            "give a higher version, or `auto` to drop the pin"
        )
    return None
