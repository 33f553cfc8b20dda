"""The plan for a terminal: every commit on a small range, a summary on a large one."""

from __future__ import annotations

from collections import Counter

from regent.core.bump import Bump
from regent.core.markdown import printable
from regent.core.policy import ReleasePolicy
from regent.core.report import CommitRow, iter_commit_rows
from regent.services.planning import PreparedRelease

LISTED_COMMITS = 50
"""Beyond this many commits the text lists only those that drove the bump."""
NOTES_LINES_PER_COMMIT = 2
EFFECT_HEADINGS = (
    ("counted", "counted"),
    ("skipped", "skipped"),
    ("cancelled", "cancelled by reverts"),
)
NO_TYPE = "(no type)"


def plan_text(
    prepared: PreparedRelease, *, policy: ReleasePolicy, limit: int = LISTED_COMMITS
) -> str:
    """The plan for a terminal; control characters in commit text (ANSI escapes) show as U+FFFD.

    Up to ``limit`` commits are all listed; past it, the counts and at most ``limit`` of the
    commits that drove the bump, and the release notes cut to a few lines per listed commit.
    """
    plan = prepared.plan
    current = (
        f"{plan.current_version} ({plan.current_tag})"
        if plan.current_version
        else "none (no release tag yet)"
    )
    lines = [f"Current version: {current}"]
    if plan.next_version:
        lines.append(f"Next version:    {plan.next_version} ({plan.next_tag}), {plan.bump} bump")
    else:
        lines.append("Next version:    nothing to release")
    lines += [f"Why: {plan.reason}", ""]
    rows = list(iter_commit_rows(plan, policy=policy.changelog))
    summarised = len(rows) > limit
    lines += _commit_summary(rows, limit=limit) if summarised else _commit_lines(rows)
    if plan.next_version:
        notes = _indent(prepared.release_notes)
        if summarised:
            notes = _cut(notes, limit=limit * NOTES_LINES_PER_COMMIT, whole="--format markdown")
        lines += ["", "Release notes:", "", *notes, "", "Files that would change:"]
        lines.append(f"  {prepared.changelog_path}")
        lines += [_file_line(u.path, u.old_version, u.new_version) for u in prepared.version_files]
    return printable("\n".join(lines).rstrip("\n") + "\n")


def _commit_lines(rows: list[CommitRow]) -> list[str]:
    if not rows:
        return ["Commits: none since the last release"]
    lines = [f"Commits ({len(rows)}):"]
    for effect, heading in EFFECT_HEADINGS:
        group = [row for row in rows if row["effect"] == effect]
        if group:
            lines.append(f"  {heading} ({len(group)}):")
            lines += [_commit_line(row) for row in group]
    return lines


def _commit_summary(rows: list[CommitRow], *, limit: int) -> list[str]:
    """Counts per effect and per type, then the commits that drove the bump, newest first."""
    effects = Counter(row["effect"] for row in rows)
    per_effect = ", ".join(
        f"{effects[effect]} {heading}" for effect, heading in EFFECT_HEADINGS if effects[effect]
    )
    types = Counter(row["type"] or NO_TYPE for row in rows)
    ranked = sorted(types.items(), key=lambda item: (-item[1], item[0]))
    per_type = ", ".join(f"{kind} {count}" for kind, count in ranked)
    lines = [f"Commits ({len(rows)}): {per_effect}", f"  by type: {per_type}"]
    top = max((Bump.from_label(row["bump"]) for row in rows if row["included"]), default=Bump.NONE)
    if top is Bump.NONE:
        lines.append("  none of them bumps the version")
        listed = 0
    else:
        drivers = [row for row in rows if row["included"] and row["bump"] == top.label]
        shown = drivers[:limit]
        lines.append(f"  that drove the {top.label} bump ({len(drivers)}):")
        lines += [_commit_line(row) for row in shown]
        listed = len(shown)
    lines.append(f"  and {len(rows) - listed} more (use --format json for all)")
    return lines


def _commit_line(row: CommitRow) -> str:
    scope = f"({row['scope']})" if row["scope"] else ""
    kind = f"{row['type']}{scope}{'!' if row['breaking'] else ''}: " if row["type"] else ""
    bump = f"  [{row['bump']}]" if row["bump"] != "none" else ""
    note = f"  ({row['note']})" if row["note"] else ""
    return f"    {row['sha'][:7]} {kind}{row['description']}{bump}{note}"


def _cut(lines: list[str], *, limit: int, whole: str) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"  ... and {len(lines) - limit} more lines (use {whole} for all)"]


def _file_line(path: str, old: str | None, new: str) -> str:
    if old == new:
        return f"  {path}: already {new}"
    return f"  {path}: {old} -> {new}"


def _indent(text: str) -> list[str]:
    return [f"  {line}" if line else "" for line in text.rstrip("\n").split("\n")]
