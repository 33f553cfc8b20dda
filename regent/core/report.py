"""How each commit shows up in a plan's output: counted, hidden, skipped or cancelled, and why."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.analysis import CommitChange, Effect
from regent.core.bump import Bump
from regent.core.plan import ReleasePlan
from regent.core.policy import ChangelogPolicy


@dataclass(frozen=True, slots=True)
class CommitReport:
    """One row of the plan's commit table (the JSON ``commits`` entries)."""

    sha: str
    type: str | None
    scope: str | None
    breaking: bool
    description: str
    pr: int | None
    bump: str
    included: bool
    effect: str
    note: str | None


def commit_reports(plan: ReleasePlan, *, policy: ChangelogPolicy) -> tuple[CommitReport, ...]:
    """A row per commit, newest first (``git log`` order)."""
    listed = {kind for section in policy.sections for kind in section.types}
    return tuple(_report(change, listed=listed, policy=policy) for change in reversed(plan.changes))


def _report(change: CommitChange, *, listed: set[str], policy: ChangelogPolicy) -> CommitReport:
    shown = change.breaking or change.type in listed or policy.show_other_types
    included = change.effect is Effect.COUNTED and (shown or change.bump > Bump.NONE)
    note = change.note
    if change.effect is Effect.COUNTED and not included:
        note = f"type '{change.type}' does not bump the version and has no release-notes section"
    return CommitReport(
        sha=change.sha,
        type=change.type,
        scope=change.scope,
        breaking=change.breaking,
        description=change.description or change.subject,
        pr=change.pr,
        bump=change.bump.label,
        included=included,
        effect=change.effect.value,
        note=note,
    )
