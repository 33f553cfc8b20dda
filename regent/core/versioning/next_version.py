"""The next version: the bump rules before 1.0.0 and the arithmetic of releases and prereleases."""

from __future__ import annotations

from typing import TypeVar

from regent.core.errors import ConfigError
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump
from regent.core.versioning.versions import Version

V = TypeVar("V", bound=Version)


def effective_bump(raw: Bump, *, current: Version | None, policy: BumpPolicy) -> Bump:
    """The bump actually applied to ``current`` for changes asking for ``raw``.

    Before 1.0.0 (never released, or major 0) a breaking change bumps
    ``policy.breaking_before_1_0`` (MINOR by default, MAJOR to leave 0.x) and a feature bumps
    ``policy.feature_before_1_0`` (MINOR by default, or PATCH). From 1.0.0 on, ``raw`` applies.
    """
    if current is not None and current.release[0] > 0:
        return raw
    if raw is Bump.MAJOR:
        return policy.breaking_before_1_0
    if raw is Bump.MINOR:
        return policy.feature_before_1_0
    return raw


def next_version(
    *,
    last_stable: V | None,
    latest_prerelease: V | None,
    bump: Bump,
    changed_since_latest: bool,
    channel: str | None,
    initial_version: V,
) -> V | None:
    """The version to release next, or None when there is nothing to release.

    ``last_stable`` is the highest stable release (None: never released); ``latest_prerelease``
    the highest prerelease above it (None: none); ``bump`` the effective bump over the commits
    since ``last_stable``; ``changed_since_latest`` whether releasable commits follow
    ``latest_prerelease``; ``channel`` the configured prerelease channel (None: stable releases).

    The *target* stable version is ``initial_version`` (finalized) for a first release, else
    ``last_stable`` bumped by ``bump``; with ``bump`` NONE and no prerelease there is nothing to
    release. A prerelease raises the target to its own stable version when that is higher.

    Without a channel the target is released, which also graduates ``1.3.0-rc.2`` to ``1.3.0``
    with no new commits. With a channel, a prerelease of the target in the same channel
    continues its count (``rc.2`` -> ``rc.3``) when something changed since it, and otherwise
    there is nothing new; any other case starts the channel at 1 (``1.3.0-rc.1``).

    Raises ``ConfigError`` when the computed prerelease would not sort above
    ``latest_prerelease`` (switching ``rc`` back to ``beta`` on the same version, or a
    prerelease not of the form ``<channel>.<n>``), since releasing it would go backwards.
    """
    if bump is Bump.NONE and latest_prerelease is None:
        return None
    target = initial_version.finalized() if last_stable is None else last_stable.bumped(bump)
    if latest_prerelease is None:
        return target if channel is None else target.as_prerelease(channel, 1)
    target = max(target, latest_prerelease.finalized())
    if channel is None:
        return target
    return _next_prerelease(
        target, latest=latest_prerelease, channel=channel, changed=changed_since_latest
    )


def _next_prerelease(target: V, *, latest: V, channel: str, changed: bool) -> V | None:
    """``target`` as a prerelease of ``channel`` after ``latest``; None if nothing changed."""
    candidate = target.as_prerelease(channel, 1)
    if _same_series(latest, candidate):
        if not changed:
            return None
        count = latest.prerelease_number
        candidate = target.as_prerelease(channel, 1 if count is None else count + 1)
    if candidate <= latest:
        raise ConfigError(
            f"the next prerelease {candidate} would not sort above the existing {latest}; "
            f"release {target} without a prerelease channel, pick a channel that sorts later, "
            "or tag the next prerelease yourself",
            key="prerelease",
        )
    return candidate


def _same_series(latest: Version, candidate: Version) -> bool:
    """Whether ``candidate`` continues ``latest``: same release triple and channel."""
    return latest.release == candidate.release and latest.channel == candidate.channel
