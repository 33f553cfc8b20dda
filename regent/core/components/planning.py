"""Each component's next release, and one version for each linked group (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regent.core.changes import CommitChange
from regent.core.components.model import Component, Monorepo
from regent.core.errors import InvalidVersionError
from regent.core.plan import ReleasePlan, VersionOverride, plan_release
from regent.core.plan_overrides import OverrideKind
from regent.core.plan_range import HistoryRange
from regent.core.pull_steering import NO_STEERING, PullSteering
from regent.core.versioning.tags import ReleaseHistory, TaggedVersion


@dataclass(frozen=True, slots=True)
class ComponentHistory:
    """What one component's plan is computed from: its releases and the changes since."""

    component: Component
    releases: ReleaseHistory
    changes: tuple[CommitChange, ...]
    prereleased: frozenset[str]
    range: HistoryRange
    channel: str | None = None
    """Its prerelease channel (None: a stable release)."""


def plan_components(
    histories: Sequence[ComponentHistory],
    *,
    monorepo: Monorepo,
    order: Mapping[str, int] | None = None,
    steering: PullSteering = NO_STEERING,
    skipped: str | None = None,
    pins: Mapping[str, VersionOverride] | None = None,
) -> dict[str, ReleasePlan]:
    """The plan of every component by name; a linked group's members share one version.

    Each component releases on its own ``channel``. A group is planned as one release line
    (on the channel of its lead): the history of its member with the highest
    version and the changes of them all (so the highest bump of its members). When it releases,
    every member releases that version, its own changes in its notes. ``order`` gives each
    commit's position, oldest first, to merge the members' changes (default: as listed).
    ``steering``'s floor labels raise the bump of each plan holding their pull requests.
    ``pins`` (``!set-version``, by component) force a component's version, and its whole
    group's when it is linked (the first member's pin, in configuration order).
    """
    order = order or {}
    pins = pins or {}
    by_name = {history.component.name: history for history in histories}
    plans: dict[str, ReleasePlan] = {}
    for history in histories:
        name = history.component.name
        if name in plans:
            continue
        group = monorepo.group_of(name)
        pin = next((pins[member] for member in group if member in pins), None)
        if len(group) == 1:
            plans[name] = _plan(history, override=pin, steering=steering, skipped=skipped)
            continue
        members = [by_name[member] for member in group]
        plans.update(_plan_group(members, order=order, steering=steering, skipped=skipped, pin=pin))
    return plans


def _plan_group(
    members: Sequence[ComponentHistory],
    *,
    order: Mapping[str, int],
    steering: PullSteering,
    skipped: str | None,
    pin: VersionOverride | None = None,
) -> Mapping[str, ReleasePlan]:
    override = pin
    if override is None:
        lead = max(members, key=lambda member: _rank(member.releases.latest))
        ordered = _in_order(members, order)
        group = _plan(lead, changes=ordered, steering=steering, skipped=skipped)
        if group.next_version is None:
            return {m.component.name: _plan(m, steering=steering, skipped=skipped) for m in members}
        names = ", ".join(member.component.name for member in members)
        override = VersionOverride(
            group.next_version, f"linked group [{names}]", OverrideKind.RELEASE_AS
        )
    return {
        member.component.name: _plan(member, override=override, steering=steering, skipped=skipped)
        for member in members
    }


def _plan(
    history: ComponentHistory,
    *,
    changes: tuple[CommitChange, ...] | None = None,
    override: VersionOverride | None = None,
    steering: PullSteering = NO_STEERING,
    skipped: str | None = None,
) -> ReleasePlan:
    policy = history.component.policy
    return plan_release(
        policy=policy,
        scheme=policy.version_scheme,
        history=history.releases,
        changes=history.changes if changes is None else changes,
        prereleased=history.prereleased,
        channel=history.channel,
        override=override,
        history_range=history.range,
        steering=steering,
        skipped=skipped,
    )


def _rank(latest: TaggedVersion | None) -> tuple[int, tuple[int, int, int]]:
    """Orders members by their latest version's release numbers (no release: lowest)."""
    return (0, (0, 0, 0)) if latest is None else (1, latest.version.release)


def _in_order(
    members: Sequence[ComponentHistory], order: Mapping[str, int]
) -> tuple[CommitChange, ...]:
    """The changes of every member once each, oldest first by ``order`` (position by sha)."""
    seen: set[CommitChange] = set()
    found: list[CommitChange] = []
    for member in members:
        for change in member.changes:
            if change not in seen:
                seen.add(change)
                found.append(change)
    found.sort(key=lambda change: order.get(change.sha, 0))
    return tuple(found)


def stale_pins(
    histories: Sequence[ComponentHistory],
    pins: Mapping[str, VersionOverride],
    *,
    monorepo: Monorepo,
) -> dict[str, str]:
    """The ``pins`` that cannot hold any more, by component, and why: a version its scheme does
    not read, or one not above its latest release (a tag made by hand since); a linked group's
    pin is checked against every member's latest release."""
    by_name = {history.component.name: history for history in histories}
    stale: dict[str, str] = {}
    for name, pin in pins.items():
        for member in monorepo.group_of(name):
            problem = _pin_problem(by_name[member], pin) if member in by_name else None
            if problem is not None:
                stale[name] = f"component {name!r}: {problem}"
                break
    return stale


def _pin_problem(history: ComponentHistory, pin: VersionOverride) -> str | None:
    scheme = history.component.policy.version_scheme
    latest = history.releases.latest
    try:
        version = scheme.parse(pin.version)
    except InvalidVersionError as error:
        return error.message
    if latest is not None and not version > latest.version:
        return (
            f"{pin.source} asks for {version}, which is not above "
            f"{history.component.name}'s current version {latest.version}"
        )
    return None
