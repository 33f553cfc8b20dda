"""The plan for a terminal: the commits that decide the release and a count of the rest, or
every commit with ``--all``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from regent.core.changes import Effect
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
NO_COMMITS = "Commits: none since the last release"
ALL_HINT = "use --all to list every commit"
COUNTED = Effect.COUNTED.value


def plan_text(
    prepared: PreparedRelease,
    *,
    policy: ReleasePolicy,
    limit: int = LISTED_COMMITS,
    every: bool = False,
) -> str:
    """The plan for a terminal; control characters in commit text (ANSI escapes) show as U+FFFD.

    The commits that bump the version are listed (at most ``limit``, the highest bumps first)
    and the rest counted by type; ``every`` lists every commit and all the release notes. On a
    range longer than ``limit`` the notes are cut to a few lines per listed commit.
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
    lines += every_commit_lines(list(rows)) if every else deciding_lines(rows, limit=limit)
    if plan.next_version:
        if len(plan.changes) > limit and not every:
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


def every_commit_lines(rows: list[CommitRow]) -> list[str]:
    """``--all``: every commit, grouped by its effect (counted, skipped, cancelled)."""
    if not rows:
        return [NO_COMMITS]
    lines = [f"Commits ({len(rows)}):"]
    for effect, label in EFFECT_LABELS.items():
        group = [row for row in rows if row["effect"] == effect]
        if group:
            lines.append(f"  {label} ({len(group)}):")
            lines += [commit_line(row) for row in group]
    return lines


def deciding_lines(rows: Iterable[CommitRow], *, limit: int) -> list[str]:
    """The counts per effect, the commits that bump the version (highest bump first, then
    newest first; at most ``limit``), and the others counted by type.

    One pass that keeps at most ``limit`` rows per bump level, not every row.
    """
    effects: Counter[str] = Counter()
    quiet: Counter[str] = Counter()
    bumps: Counter[Bump] = Counter()
    kept: dict[Bump, list[CommitRow]] = defaultdict(list)
    for row in rows:
        effects[row["effect"]] += 1
        level = Bump.from_label(row["bump"])
        if row["effect"] != COUNTED or level is Bump.NONE:
            quiet[_kind(row)] += 1
            continue
        bumps[level] += 1
        if len(kept[level]) < limit:
            kept[level].append(row)
    total = effects.total()
    if not total:
        return [NO_COMMITS]
    lines = [f"Commits ({total}): {effect_totals(effects)}"]
    deciding = bumps.total()
    if deciding:
        shown = [row for level in sorted(kept, reverse=True) for row in kept[level]][:limit]
        lines.append(f"  that bump the version ({deciding}):")
        lines += [commit_line(row) for row in shown]
        if deciding > len(shown):
            lines.append(f"    and {deciding - len(shown)} more that bump ({ALL_HINT})")
    if quiet:
        ranked = sorted(quiet.items(), key=lambda item: (-item[1], item[0]))
        kinds = ", ".join(f"{kind} {count}" for kind, count in ranked)
        count = quiet.total()
        plural = "commit that does" if count == 1 else "commits that do"
        lead = "and " if deciding else ""
        lines.append(f"  {lead}{count} {plural} not bump: {kinds}")
    return lines


def _kind(row: CommitRow) -> str:
    """How a commit that does not bump is counted: its type, or its effect when not counted."""
    if row["effect"] != COUNTED:
        return EFFECT_LABELS[row["effect"]]
    return row["type"] or NO_TYPE


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
