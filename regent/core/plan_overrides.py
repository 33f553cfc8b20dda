"""What steered a plan away from the bump rules, with where each came from: a forced version,
bump floors, and commit overrides (shown by ``regent plan`` and the Action's summary)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from regent.core.analysis import CommitOverride
from regent.core.changes import CommitChange
from regent.core.pull_steering import BumpFloor


class OverrideKind:
    """The kinds of ``PlanOverride``."""

    SET_VERSION = "set-version"
    BUMP_FLOOR = "bump-floor"
    COMMIT_OVERRIDE = "commit-override"
    RELEASE_AS = "release-as"


@dataclass(frozen=True, slots=True)
class PlanOverride:
    """One override the plan applied: its kind, what it set, and who or what set it."""

    kind: str
    value: str
    source: str


def commit_overrides_in(
    changes: Sequence[CommitChange], overrides: Mapping[str, CommitOverride]
) -> tuple[PlanOverride, ...]:
    """The commit overrides that replaced messages in ``changes``, oldest first (one pass):
    the value lists the Conventional Commits each block gave."""
    if not overrides:
        return ()
    given: dict[int, list[str]] = {}
    for change in changes:
        override = overrides.get(change.sha)
        if override is not None and change.pr == override.pr:
            heading = f"{change.type}: {change.description}" if change.type else change.subject
            given.setdefault(override.pr, []).append(heading)
    return tuple(
        PlanOverride(
            OverrideKind.COMMIT_OVERRIDE, "; ".join(headings), f"#{pr} BEGIN_COMMIT_OVERRIDE"
        )
        for pr, headings in given.items()
    )


def floor_overrides(floors: Sequence[BumpFloor]) -> tuple[PlanOverride, ...]:
    return tuple(PlanOverride(OverrideKind.BUMP_FLOOR, f.bump.label, f.source) for f in floors)
