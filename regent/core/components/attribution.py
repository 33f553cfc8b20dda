"""Which commits belong to which component, and which belong to none (pure)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from regent.core.changes import CommitChange
from regent.core.pull_steering import PullSteering


@dataclass(frozen=True, slots=True)
class Attributed:
    """The changes of each component's range, oldest first, and those no component holds."""

    by_component: Mapping[str, tuple[CommitChange, ...]]
    outside: tuple[CommitChange, ...]


def attribute_changes(
    changes: tuple[CommitChange, ...],
    *,
    owners: Mapping[str, frozenset[str]],
    names: Collection[str],
    released: Mapping[str, Collection[str]],
    scope_as_component: bool = False,
) -> Attributed:
    """Split ``changes`` (oldest first) between the components.

    ``owners`` names the components whose folder holds a file each commit changes (by sha);
    ``released`` the commits already in each component's last release (its range starts after
    them). With ``scope_as_component`` a change whose scope is a component's name belongs to it
    too. A change no component holds is ``outside``: listed, bumping nothing.
    """
    lists: dict[str, list[CommitChange]] = {name: [] for name in names}
    outside: list[CommitChange] = []
    for change in changes:
        holders = change_owners(
            change, owners.get(change.sha, frozenset()), names, scope_as_component
        )
        if not holders:
            outside.append(change)
        for name in holders:
            if change.sha not in released[name]:
                lists[name].append(change)
    return Attributed({name: tuple(found) for name, found in lists.items()}, tuple(outside))


def change_owners(
    change: CommitChange,
    by_files: frozenset[str],
    names: Collection[str],
    scope_as_component: bool,
) -> frozenset[str]:
    """The components ``change`` belongs to: those holding its files, and its scope's."""
    if scope_as_component and change.scope is not None:
        scope = change.scope.lower()
        if scope in names and scope not in by_files:
            return by_files | {scope}
    return by_files


def released_before(start: str | None, parents: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The commits of a walked range (``parents``: each one's parents) that ``start`` reaches:
    already released when a component's range starts after ``start``. Each commit is visited
    once."""
    if start is None or start not in parents:
        return frozenset()
    seen = {start}
    stack = [start]
    while stack:
        for parent in parents[stack.pop()]:
            if parent in parents and parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


def steered_merges(
    steering: PullSteering, parents: Mapping[str, tuple[str, ...]]
) -> dict[str, int]:
    """The merge commits of a walk (``parents``: each commit's) that a merged pull request
    steers (an override block or a floor label), with its number."""
    steered = {sha: o.pr for sha, o in steering.overrides.items()}
    steered.update({sha: floor.pr for sha, floor in steering.floors.items()})
    return {sha: pr for sha, pr in steered.items() if len(parents.get(sha, ())) > 1}


def pull_owners(
    changes: Iterable[CommitChange],
    *,
    owners: Mapping[str, frozenset[str]],
    steered: Mapping[str, int],
) -> dict[str, frozenset[str]]:
    """The owners of each ``steered`` merge commit (its pull request by sha): the components
    the commits of its pull request belong to, as a merge changes no files of its own (one
    pass over ``changes``)."""
    numbers = set(steered.values())
    found: dict[int, frozenset[str]] = {}
    for change in changes:
        if change.pr in numbers and change.sha not in steered:
            found[change.pr] = found.get(change.pr, frozenset()) | owners.get(
                change.sha, frozenset()
            )
    return {
        sha: owners.get(sha, frozenset()) | found.get(pr, frozenset())
        for sha, pr in steered.items()
    }
