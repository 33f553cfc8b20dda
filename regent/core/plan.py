"""Decide the next release from the release history and the analysed commits (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.changes import CommitChange, Effect, release_bump
from regent.core.errors import InvalidVersionError
from regent.core.plan_overrides import (
    OverrideKind,
    PlanOverride,
    commit_overrides_in,
    floor_overrides,
)
from regent.core.plan_range import WHOLE_HISTORY, HistoryRange, RangeStart
from regent.core.policy import ReleasePolicy
from regent.core.pull_steering import NO_STEERING, BumpFloor, PullSteering, floors_in
from regent.core.versioning.bump import Bump
from regent.core.versioning.next_version import effective_bump, next_version
from regent.core.versioning.tags import ReleaseHistory, TagTemplate
from regent.core.versioning.versions import Version, VersionScheme

PRERELEASE_BUMP = "prerelease"


@dataclass(frozen=True, slots=True)
class VersionOverride:
    """A version forced from outside the bump rules, and where it came from."""

    version: str
    source: str
    kind: str = OverrideKind.RELEASE_AS
    """``release-as`` (an option, an input or a footer) or ``set-version`` (a comment)."""


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """The decided next release: versions, the bump and why, and every commit's reading."""

    current_version: str | None
    current_tag: str | None
    next_version: str | None
    next_tag: str | None
    bump: str
    reason: str
    changes: tuple[CommitChange, ...]
    notes_changes: tuple[CommitChange, ...]
    previous_tag: str | None
    override: VersionOverride | None = None
    is_prerelease: bool = False
    history_range: HistoryRange = WHOLE_HISTORY
    """Where the commits start and why, and what the plan could not see."""
    overrides: tuple[PlanOverride, ...] = ()
    """Every override applied, with its source: the forced version, floors, commit overrides."""
    skipped: str | None = None
    """What the plan did not read (merged pull requests, without a token), in words."""
    floors: tuple[BumpFloor, ...] = ()
    """The bump-floor labels of the range's merged pull requests (taken off once released)."""

    @property
    def releases(self) -> bool:
        return self.next_version is not None


def plan_release(
    *,
    policy: ReleasePolicy,
    scheme: VersionScheme,
    history: ReleaseHistory,
    changes: tuple[CommitChange, ...],
    prereleased: frozenset[str] = frozenset(),
    channel: str | None = None,
    override: VersionOverride | None = None,
    history_range: HistoryRange | None = None,
    steering: PullSteering = NO_STEERING,
    skipped: str | None = None,
) -> ReleasePlan:
    """The next release for ``changes`` (oldest first) since ``history.last_stable``.

    ``prereleased`` holds the shas already shipped in ``history.latest_prerelease``;
    ``history_range`` says where ``changes`` start (default: at the last stable tag, if any);
    ``steering``'s floors raise the bump of a release holding their pull requests.
    """
    if history_range is None:
        history_range = _range_of(history)
    template = TagTemplate(policy.tag_template)
    current = history.latest.version if history.latest else None
    last_stable = history.last_stable.version if history.last_stable else None
    floors = floors_in(changes, steering.floors)
    asked = release_bump(changes)
    floor = floors[0] if floors and floors[0].bump > asked else None
    raw = floor.bump if floor is not None else asked
    bump = effective_bump(raw, current=last_stable, policy=policy.bump)
    override, ignored = _pick_override(override, changes, scheme=scheme, current=current)
    new_changes = tuple(c for c in changes if c.sha not in prereleased)
    if override is not None:
        target: Version | None = scheme.parse(override.version)
    else:
        target = next_version(
            last_stable=last_stable,
            latest_prerelease=history.latest_prerelease.version
            if history.latest_prerelease
            else None,
            bump=bump,
            changed_since_latest=release_bump(new_changes) > Bump.NONE,
            channel=channel,
            initial_version=scheme.parse(policy.initial_version),
        )
    increments_prerelease = _increments_prerelease(target, history)
    notes = new_changes if increments_prerelease else changes
    bump_label = _bump_label(target, last_stable, bump, increments=increments_prerelease)
    reason = _reason(
        target=target,
        bump=bump,
        raw=raw,
        changes=changes,
        history=history,
        since=history_range.since_words(),
        override=override,
        ignored=ignored,
        floor=floor,
    )
    reason = _with_notices(reason, history_range.notices())
    return ReleasePlan(
        current_version=str(current) if current is not None else None,
        current_tag=history.latest.tag if history.latest else None,
        next_version=str(target) if target is not None else None,
        next_tag=template.format(target) if target is not None else None,
        bump=bump_label,
        reason=reason,
        changes=changes,
        notes_changes=tuple(c for c in notes if c.effect is Effect.COUNTED) if target else (),
        previous_tag=_previous_tag(history, increments=increments_prerelease),
        override=override,
        is_prerelease=bool(target is not None and target.is_prerelease),
        history_range=history_range,
        overrides=(
            *_version_overrides(override),
            *floor_overrides(floors),
            *commit_overrides_in(changes, steering.overrides),
        ),
        skipped=skipped,
        floors=tuple(floors),
    )


def _version_overrides(override: VersionOverride | None) -> tuple[PlanOverride, ...]:
    if override is None:
        return ()
    return (PlanOverride(override.kind, override.version, override.source),)


def _with_notices(reason: str, notices: tuple[str, ...]) -> str:
    """The reason followed by each notice as a sentence of its own."""
    sentences = [f"{n[:1].upper()}{n[1:]}{'' if n.endswith('?') else '.'}" for n in notices]
    return " ".join((reason, *sentences))


def _range_of(history: ReleaseHistory) -> HistoryRange:
    """The range that starts at the last stable tag, or the whole history without one."""
    if history.last_stable is None:
        return WHOLE_HISTORY
    return HistoryRange(RangeStart.TAG, tag=history.last_stable.tag)


def _pick_override(
    explicit: VersionOverride | None,
    changes: tuple[CommitChange, ...],
    *,
    scheme: VersionScheme,
    current: Version | None,
) -> tuple[VersionOverride | None, str | None]:
    """The explicit override, else the newest valid ``Release-As`` footer; and any ignored one."""
    if explicit is not None:
        _check_override(explicit, scheme=scheme, current=current)
        return explicit, None
    for change in reversed(changes):
        if change.release_as is None or change.effect is not Effect.COUNTED:
            continue
        candidate = VersionOverride(change.release_as, f"Release-As footer of {change.short_sha}")
        try:
            _check_override(candidate, scheme=scheme, current=current)
        except InvalidVersionError as error:
            return None, f"{candidate.source} ignored: {error}"
        return candidate, None
    return None, None


def _check_override(
    override: VersionOverride, *, scheme: VersionScheme, current: Version | None
) -> None:
    version = scheme.parse(override.version)
    if current is not None and not version > current:
        raise InvalidVersionError(
            f"{override.source} asks for {version}, "
            f"which is not above the current version {current}"
        )


def _increments_prerelease(target: Version | None, history: ReleaseHistory) -> bool:
    latest = history.latest_prerelease
    return bool(
        target is not None
        and latest is not None
        and target.is_prerelease
        and target.release == latest.version.release
        and target.channel == latest.version.channel
    )


def _bump_label(
    target: Version | None, last_stable: Version | None, bump: Bump, *, increments: bool
) -> str:
    """How far the release moves: from the last stable version, or the prerelease counter only."""
    if target is None:
        return Bump.NONE.label
    if increments:
        return PRERELEASE_BUMP
    if last_stable is None:
        return bump.label
    for level, old, new in zip(
        (Bump.MAJOR, Bump.MINOR, Bump.PATCH), last_stable.release, target.release, strict=True
    ):
        if old != new:
            return level.label
    return Bump.NONE.label


def _previous_tag(history: ReleaseHistory, *, increments: bool) -> str | None:
    if increments and history.latest_prerelease is not None:
        return history.latest_prerelease.tag
    return history.last_stable.tag if history.last_stable else None


def _reason(
    *,
    target: Version | None,
    bump: Bump,
    raw: Bump,
    changes: tuple[CommitChange, ...],
    history: ReleaseHistory,
    since: str,
    override: VersionOverride | None,
    ignored: str | None,
    floor: BumpFloor | None,
) -> str:
    counted = [c for c in changes if c.effect is Effect.COUNTED]
    tail = f" ({ignored})" if ignored else ""
    if override is not None:
        return f"{target} is forced by the {override.source}{tail}."
    adjusted = f", counted as {bump.label} before 1.0.0" if bump != raw else ""
    if floor is not None:
        asked = _asked(counted, release_bump(changes), since)
        return f"{asked}, raised to {raw.label} by {floor.source}{adjusted}{tail}."
    drivers = [c for c in counted if c.bump == raw and raw > Bump.NONE]
    if target is None:
        if not changes:
            return f"No commits {since}: nothing to release{tail}."
        return (
            f"None of the {len(changes)} commits {since} asks for a release "
            f"(no feat, fix or breaking change){tail}."
        )
    if raw is Bump.NONE:
        graduated = history.latest.tag if history.latest else ""
        return f"{target} graduates the prerelease {graduated}: no new releasable commits{tail}."
    shown = ", ".join(c.short_sha for c in drivers[:3]) + (" and more" if len(drivers) > 3 else "")
    kind = "breaking change" if raw is Bump.MAJOR else f"{raw.label}-level change"
    plural = "s" if len(drivers) > 1 else ""
    verb = "ask" if plural else "asks"
    return (
        f"{len(drivers)} {kind}{plural} {since} ({shown}) {verb} for a {raw.label} bump"
        f"{adjusted}{tail}."
    )


def _asked(counted: list[CommitChange], asked: Bump, since: str) -> str:
    """What the commits alone ask for, as the start of a sentence."""
    if asked is Bump.NONE:
        return f"No commit {since} asks for a release"
    drivers = sum(1 for c in counted if c.bump == asked)
    plural = "s" if drivers > 1 else ""
    return f"{drivers} commit{plural} {since} ask{'' if plural else 's'} for a {asked.label} bump"
