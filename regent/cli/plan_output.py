"""Print a prepared release as text for a terminal, JSON for tools, or the Markdown notes."""

from __future__ import annotations

import json
from dataclasses import asdict

from regent.core.policy import ReleasePolicy
from regent.core.report import CommitRow, commit_rows
from regent.services.planning import PreparedRelease

EFFECT_HEADINGS = (
    ("counted", "counted"),
    ("skipped", "skipped"),
    ("cancelled", "cancelled by reverts"),
)


def render_plan(
    prepared: PreparedRelease, *, policy: ReleasePolicy, output_format: str, pretty: bool
) -> str:
    """The plan in ``output_format``; ``pretty`` indents JSON (for a terminal; slower)."""
    if output_format == "json":
        data = plan_json(prepared, policy=policy)
        return json.dumps(data, indent=2 if pretty else None, ensure_ascii=False) + "\n"
    if output_format == "markdown":
        return prepared.release_notes
    return plan_text(prepared, policy=policy)


def plan_json(prepared: PreparedRelease, *, policy: ReleasePolicy) -> dict[str, object]:
    """The documented JSON contract (docs/plan-json.md)."""
    plan = prepared.plan
    return {
        "current_version": plan.current_version,
        "current_tag": plan.current_tag,
        "next_version": plan.next_version,
        "next_tag": plan.next_tag,
        "bump": plan.bump,
        "reason": plan.reason,
        "override": asdict(plan.override) if plan.override else None,
        "is_prerelease": plan.is_prerelease,
        "commits": commit_rows(plan, policy=policy.changelog),
        "release_notes": prepared.release_notes,
        "files": [
            {
                "path": update.path,
                "old_version": update.old_version,
                "new_version": update.new_version,
            }
            for update in prepared.version_files
        ],
    }


def plan_text(prepared: PreparedRelease, *, policy: ReleasePolicy) -> str:
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
    lines += _commit_lines(commit_rows(plan, policy=policy.changelog))
    if plan.next_version:
        lines += [
            "",
            "Release notes:",
            "",
            *_indent(prepared.release_notes),
            "",
            "Files that would change:",
        ]
        lines.append(f"  {prepared.changelog_path}")
        lines += [f"  {u.path}: {u.old_version} -> {u.new_version}" for u in prepared.version_files]
    return "\n".join(lines).rstrip("\n") + "\n"


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


def _commit_line(row: CommitRow) -> str:
    scope = f"({row['scope']})" if row["scope"] else ""
    kind = f"{row['type']}{scope}{'!' if row['breaking'] else ''}: " if row["type"] else ""
    bump = f"  [{row['bump']}]" if row["bump"] != "none" else ""
    note = f"  ({row['note']})" if row["note"] else ""
    return f"    {row['sha'][:7]} {kind}{row['description']}{bump}{note}"


def _indent(text: str) -> list[str]:
    return [f"  {line}" if line else "" for line in text.rstrip("\n").split("\n")]
