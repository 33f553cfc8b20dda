"""The bump-floor labels a monorepo's merged release PR used: found at its merge commit's
parent, carried by its last component's release, taken off once it is published
(docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from regent.core.components.ports import FileHistoryReader
from regent.core.pull_steering import BumpFloor
from regent.core.release_pr.floors import used_floors
from regent.core.release_pr.state import MergedRelease
from regent.services.component_planning import ComponentPlanningService
from regent.services.release_gather import merge_commit


def with_used_floors(
    merged: Sequence[MergedRelease],
    *,
    planner: ComponentPlanningService,
    history: FileHistoryReader,
    pending: Iterable[BumpFloor],
) -> tuple[MergedRelease, ...]:
    """``merged`` with each pull's last component carrying the floor labels of the pull
    requests its components released, less those a release still pending counts on
    (``pending``: the floors of the plans at the base head; a release PR per component)."""
    kept = {_key(floor) for floor in pending}
    last = {item.pull.number: at for at, item in enumerate(merged)}
    found = list(merged)
    for at in last.values():
        item = merged[at]
        released = [i.component for i in merged if i.pull.number == item.pull.number]
        floors = _floors_of(item, merged, released=released, planner=planner, history=history)
        taken = tuple(floor for floor in used_floors(floors) if _key(floor) not in kept)
        found[at] = replace(item, floors=taken)
    return tuple(found)


def _floors_of(
    item: MergedRelease,
    merged: Sequence[MergedRelease],
    *,
    released: Sequence[str | None],
    planner: ComponentPlanningService,
    history: FileHistoryReader,
) -> list[BumpFloor]:
    """The floors in the ranges of ``released`` just before ``item``'s merge commit (the
    pending releases merged before it counted as tagged)."""
    before = history.first_parent(merge_commit(item.pull))
    if before is None:
        return []
    assumed = {
        other.tag: commit
        for other in merged
        if other.pull.number != item.pull.number
        and history.is_ancestor(commit := merge_commit(other.pull), before)
    }
    by_component = planner.floors_at(before, assumed=assumed)
    return [floor for name in released if name for floor in by_component.get(name, ())]


def _key(floor: BumpFloor) -> tuple[int, str]:
    return floor.pr, floor.label.lower()
