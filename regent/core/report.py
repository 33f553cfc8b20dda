"""How each commit shows up in a report: counted, skipped or cancelled, and why.

One row model and one label table for every report of a plan's commits: ``regent plan`` (text
and JSON) and the Action's job summary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TypedDict

from regent.core.changes import CommitChange, Effect
from regent.core.policy import ChangelogPolicy
from regent.core.versioning.bump import Bump

LISTED_COMMITS = 50
"""Beyond this many commits a report lists only some of them and points to the full list."""
EFFECT_LABELS: Mapping[str, str] = {
    Effect.COUNTED.value: "counted",
    Effect.SKIPPED.value: "skipped",
    Effect.CANCELLED.value: "cancelled by reverts",
}
"""Each effect as reports name it, in the order they list them."""
_EFFECT_VALUES = {effect: effect.value for effect in Effect}
_BUMP_LABELS = {bump: bump.label for bump in Bump}
"""Looked up once per row: an enum's ``value`` and ``label`` are Python-level properties."""


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


def commit_rows(changes: Sequence[CommitChange], *, policy: ChangelogPolicy) -> Iterator[CommitRow]:
    """A row per commit of ``changes`` (oldest first, as a plan holds them), newest first."""
    listed = frozenset(kind for section in policy.sections for kind in section.types)
    show_all = policy.show_other_types
    return (_row(change, listed=listed, show_all=show_all) for change in reversed(changes))


def commit_heading(row: CommitRow) -> str:
    """``type(scope)!: description`` as the commit states it (the description alone untyped)."""
    if not row["type"]:
        return row["description"]
    scope = f"({row['scope']})" if row["scope"] else ""
    return f"{row['type']}{scope}{'!' if row['breaking'] else ''}: {row['description']}"


def effect_totals(counts: Mapping[str, int]) -> str:
    """``2 counted, 1 skipped``: the effects that occur, in the label table's order."""
    return ", ".join(
        f"{counts[effect]} {label}" for effect, label in EFFECT_LABELS.items() if counts.get(effect)
    )


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
        "bump": _BUMP_LABELS[change.bump],
        "included": included,
        "effect": _EFFECT_VALUES[change.effect],
        "note": note,
    }
