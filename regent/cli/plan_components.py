"""Print a monorepo's plan: one block per component, then the commits outside every component."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from regent.cli.json_encoding import best_encoder
from regent.cli.plan_output import byte_writer, json_fields
from regent.cli.plan_text import ALL_HINT, commit_line, plan_text
from regent.core.markdown import printable
from regent.core.policy import ChangelogPolicy
from regent.core.report import LISTED_COMMITS, commit_rows
from regent.services.component_planning import PreparedComponent, PreparedComponents

OUTSIDE_HEADING = "Outside every component"
ChangelogEntry = Callable[[PreparedComponent], str | None]
"""A component's changelog section, as written."""


def _no_entry(entry: PreparedComponent) -> str | None:
    return None


def write_components_plan(
    out: TextIO,
    prepared: PreparedComponents,
    *,
    output_format: str,
    pretty: bool,
    changelog: ChangelogEntry = _no_entry,
    every: bool = False,
) -> None:
    """Write every component's plan in ``output_format``; ``pretty`` indents JSON; ``every``
    lists every commit in the text."""
    if output_format == "json":
        dumps = best_encoder()
        document = components_json(prepared, changelog=changelog)
        byte_writer(out)((dumps.indented if pretty else dumps.compact)(document) + b"\n")
    elif output_format == "markdown":
        blocks = [_markdown_block(entry, changelog(entry)) for entry in prepared.components]
        out.write(printable("\n".join(blocks)))
    else:
        blocks = [_text_block(entry, every=every) for entry in prepared.components]
        out.write("\n".join([*blocks, _outside_text(prepared, every=every)]))


def components_json(
    prepared: PreparedComponents, *, changelog: ChangelogEntry = _no_entry
) -> dict[str, object]:
    """The documented JSON of a monorepo's plan (docs/plan-json.md): each component with the
    single plan's keys, and the ``outside`` commits."""
    components = []
    for entry in prepared.components:
        policy = entry.component.policy
        head, tail = json_fields(entry.prepared, changelog=changelog(entry))
        rows = list(commit_rows(entry.prepared.plan.changes, policy=policy.changelog))
        components.append(
            {"name": entry.component.name, "path": entry.component.path, **head, "commits": rows}
            | tail
        )
    outside = list(commit_rows(prepared.outside, policy=_outside_policy(prepared)))
    return {"components": components, "outside": outside}


def _text_block(entry: PreparedComponent, *, every: bool) -> str:
    component = entry.component
    heading = f"== {component.name} ({component.path or '.'}) =="
    return f"{heading}\n{plan_text(entry.prepared, policy=component.policy, every=every)}"


def _outside_text(prepared: PreparedComponents, *, every: bool) -> str:
    rows = list(commit_rows(prepared.outside, policy=_outside_policy(prepared)))
    if not rows:
        return printable(f"== {OUTSIDE_HEADING}: no commits ==\n")
    count = f"{len(rows)} commit" + ("" if len(rows) == 1 else "s")
    lines = [f"== {OUTSIDE_HEADING} ({count}, bumping nothing) =="]
    shown = rows if every else rows[:LISTED_COMMITS]
    lines += [commit_line(row) for row in shown]
    if len(rows) > len(shown):
        lines.append(f"  and {len(rows) - len(shown)} more ({ALL_HINT})")
    return printable("\n".join(lines) + "\n")


def _markdown_block(entry: PreparedComponent, changelog: str | None) -> str:
    """The component's notes under its name, then its changelog section under a comment."""
    prepared = entry.prepared
    if prepared.plan.next_version is None:
        return f"## {entry.component.name}\n\nNothing to release.\n"
    text = f"## {entry.component.name} {prepared.plan.next_version}\n\n{prepared.release_notes}"
    if changelog is None:
        return text
    return f"{text.rstrip()}\n\n<!-- {prepared.changelog_path} -->\n{changelog}"


def _outside_policy(prepared: PreparedComponents) -> ChangelogPolicy:
    """The changelog sections that name the outside commits' types: the first component's."""
    first = prepared.components[0] if prepared.components else None
    return first.component.policy.changelog if first else ChangelogPolicy()
