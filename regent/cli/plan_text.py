"""The plan for a terminal: every commit on a small range, a summary on a large one."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from regent.core.markdown import printable
from regent.core.policy import ReleasePolicy
from regent.core.report import (
    EFFECT_LABELS,
    LISTED_COMMITS,
    CommitRow,
    commit_heading,
    commit_rows,
    effect_totals,
)
from regent.core.versioning.bump import Bump
from regent.services.planning import PreparedRelease

NOTES_LINES_PER_COMMIT = 2
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
    lines.append(f"Why: {plan.reason}")
    lines += [f"Override: {o.kind} {o.value} (from {o.source})" for o in plan.overrides]
    if plan.skipped:
        lines.append(f"Not read: {plan.skipped}")
    lines.append("")
    rows = commit_rows(plan.changes, policy=policy.changelog)
    summarised = len(plan.changes) > limit
    lines += _commit_summary(rows, limit=limit) if summarised else _commit_lines(list(rows))
    if plan.next_version:
        if summarised:
            notes = _head(prepared.release_notes, limit=limit * NOTES_LINES_PER_COMMIT)
        else:
            notes = _indent(prepared.release_notes)
        lines += ["", "Release notes:", "", *notes, "", "Files that would change:"]
        lines.append(f"  {prepared.changelog_path}")
        for u in prepared.version_files:
            moved = (u.old_version or "") != u.new_version or not u.dependencies
            line = _file_line(u.path, u.old_version, u.new_version) if moved else None
            lines.append(line or f"  {u.path}: requirements only")
            lines += [f"    {c.package}: {c.old} -> {c.new}" for c in u.dependencies]
    return printable("\n".join(lines).rstrip("\n") + "\n")


def _commit_lines(rows: list[CommitRow]) -> list[str]:
    if not rows:
        return ["Commits: none since the last release"]
    lines = [f"Commits ({len(rows)}):"]
    for effect, label in EFFECT_LABELS.items():
        group = [row for row in rows if row["effect"] == effect]
        if group:
            lines.append(f"  {label} ({len(group)}):")
            lines += [commit_line(row) for row in group]
    return lines


def _commit_summary(rows: Iterable[CommitRow], *, limit: int) -> list[str]:
    """Counts per effect and per type, then the commits that drove the bump, newest first.

    One pass that keeps at most ``limit`` rows per bump level, not every row.
    """
    effects: Counter[str] = Counter()
    types: Counter[str] = Counter()
    bumps: Counter[Bump] = Counter()
    drivers: dict[Bump, list[CommitRow]] = defaultdict(list)
    for row in rows:
        effects[row["effect"]] += 1
        types[row["type"] or NO_TYPE] += 1
        if row["included"]:
            level = Bump.from_label(row["bump"])
            bumps[level] += 1
            if len(drivers[level]) < limit:
                drivers[level].append(row)
    total = effects.total()
    ranked = sorted(types.items(), key=lambda item: (-item[1], item[0]))
    per_type = ", ".join(f"{kind} {count}" for kind, count in ranked)
    lines = [f"Commits ({total}): {effect_totals(effects)}", f"  by type: {per_type}"]
    top = max(bumps, default=Bump.NONE)
    shown = drivers[top] if top is not Bump.NONE else []
    if shown:
        lines.append(f"  that drove the {top.label} bump ({bumps[top]}):")
        lines += [commit_line(row) for row in shown]
    else:
        lines.append("  none of them bumps the version")
    lines.append(f"  and {total - len(shown)} more (use --format json for all)")
    return lines


def commit_line(row: CommitRow) -> str:
    bump = f"  [{row['bump']}]" if row["bump"] != "none" else ""
    note = f"  ({row['note']})" if row["note"] else ""
    return f"    {row['sha'][:7]} {commit_heading(row)}{bump}{note}"


def _head(text: str, *, limit: int) -> list[str]:
    """The first ``limit`` lines of ``text``, indented, then a line saying how many more there are.

    Long notes (a 10,000-line footer is 10,000 issue links) are neither split nor copied whole.
    """
    end = len(text)
    while end and text[end - 1] == "\n":
        end -= 1
    cut = -1
    for _ in range(limit):
        cut = text.find("\n", cut + 1, end)
        if cut < 0:
            return _indent(text[:end])
    more = text.count("\n", cut, end)
    lines = _indent_lines(text[:cut].split("\n"))
    return [*lines, f"  ... and {more} more lines (use --format markdown for all)"]


def _file_line(path: str, old: str | None, new: str) -> str:
    if old == new:
        return f"  {path}: already {new}"
    return f"  {path}: {old} -> {new}"


def _indent(text: str) -> list[str]:
    return _indent_lines(text.rstrip("\n").split("\n"))


def _indent_lines(lines: list[str]) -> list[str]:
    return [f"  {line}" if line else "" for line in lines]
