"""The bump-floor labels a release used up: taken off their pull requests once it is published.

A floor (``!release minor`` on a pull request, stored as ``release-regent: bump-minor``) counts
for the release that contains its pull request; the plan holds every one it found
(``ReleasePlan.floors``).
"""

from __future__ import annotations

from collections.abc import Iterable

from regent.core.pull_steering import BumpFloor


def used_floors(floors: Iterable[BumpFloor]) -> tuple[BumpFloor, ...]:
    """The floor labels to take off, each once (names compare case-insensitively)."""
    found: dict[tuple[int, str], BumpFloor] = {}
    for floor in floors:
        found.setdefault((floor.pr, floor.label.lower()), floor)
    return tuple(found.values())
