"""How each commit shows up in a plan's output: counted, skipped or cancelled, and why."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from regent.core.changes import CommitChange, Effect
from regent.core.plan import ReleasePlan
from regent.core.policy import ChangelogPolicy
from regent.core.versioning.bump import Bump


class CommitRow(TypedDict):
    """One row of the plan's commit table: the JSON ``commits`` entries (docs/plan-json.md)."""

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


def iter_commit_rows(plan: ReleasePlan, *, policy: ChangelogPolicy) -> Iterator[CommitRow]:
    """A row per commit, newest first (``git log`` order)."""
    listed = frozenset(kind for section in policy.sections for kind in section.types)
    show_all = policy.show_other_types
    return (_row(change, listed=listed, show_all=show_all) for change in reversed(plan.changes))


def _row(change: CommitChange, *, listed: frozenset[str], show_all: bool) -> CommitRow:
    counted = change.effect is Effect.COUNTED
    shown = change.breaking or show_all or change.type in listed
    included = counted and (shown or change.bump is not Bump.NONE)
    note = change.note
    if counted and not included:
        note = f"type '{change.type}' does not bump the version and has no release-notes section"
    return {
        "sha": change.sha,
        "type": change.type,
        "scope": change.scope,
        "breaking": change.breaking,
        "description": change.description or change.subject,
        "pr": change.pr,
        "bump": change.bump.label,
        "included": included,
        "effect": change.effect.value,
        "note": note,
    }
