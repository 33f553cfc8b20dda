"""Print a monorepo's plan: one block per component, then the commits outside every component."""

from __future__ import annotations

from typing import TextIO

from regent.cli.json_encoding import best_encoder
from regent.cli.plan_output import byte_writer, json_fields
from regent.cli.plan_text import commit_line, plan_text
from regent.core.markdown import printable
from regent.core.policy import ChangelogPolicy
from regent.core.report import LISTED_COMMITS, commit_rows
from regent.services.component_planning import PreparedComponent, PreparedComponents

OUTSIDE_HEADING = "Outside every component"


def write_components_plan(
    out: TextIO, prepared: PreparedComponents, *, output_format: str, pretty: bool
) -> None:
    """Write every component's plan in ``output_format``; ``pretty`` indents JSON."""
    if output_format == "json":
        dumps = best_encoder()
        document = components_json(prepared)
        byte_writer(out)((dumps.indented if pretty else dumps.compact)(document) + b"\n")
    elif output_format == "markdown":
        out.write(printable("\n".join(_markdown_block(entry) for entry in prepared.components)))
    else:
        blocks = [_text_block(entry) for entry in prepared.components]
        out.write("\n".join([*blocks, _outside_text(prepared)]))


def components_json(prepared: PreparedComponents) -> dict[str, object]:
    """The documented JSON of a monorepo's plan (docs/plan-json.md): each component with the
    single plan's keys, and the ``outside`` commits."""
    components = []
    for entry in prepared.components:
        policy = entry.component.policy
        head, tail = json_fields(entry.prepared)
        rows = list(commit_rows(entry.prepared.plan.changes, policy=policy.changelog))
        components.append(
            {"name": entry.component.name, "path": entry.component.path, **head, "commits": rows}
            | tail
        )
    outside = list(commit_rows(prepared.outside, policy=_outside_policy(prepared)))
    return {"components": components, "outside": outside}


def _text_block(entry: PreparedComponent) -> str:
    component = entry.component
    heading = f"== {component.name} ({component.path or '.'}) =="
    return f"{heading}\n{plan_text(entry.prepared, policy=component.policy)}"


def _outside_text(prepared: PreparedComponents) -> str:
    rows = list(commit_rows(prepared.outside, policy=_outside_policy(prepared)))
    if not rows:
        return printable(f"== {OUTSIDE_HEADING}: no commits ==\n")
    count = f"{len(rows)} commit" + ("" if len(rows) == 1 else "s")
    lines = [f"== {OUTSIDE_HEADING} ({count}, bumping nothing) =="]
    lines += [commit_line(row) for row in rows[:LISTED_COMMITS]]
    if len(rows) > LISTED_COMMITS:
        lines.append(f"  and {len(rows) - LISTED_COMMITS} more (use --format json for all)")
    return printable("\n".join(lines) + "\n")


def _markdown_block(entry: PreparedComponent) -> str:
    plan = entry.prepared.plan
    if plan.next_version is None:
        return f"## {entry.component.name}\n\nNothing to release.\n"
    return f"## {entry.component.name} {plan.next_version}\n\n{entry.prepared.release_notes}"


def _outside_policy(prepared: PreparedComponents) -> ChangelogPolicy:
    """The changelog sections that name the outside commits' types: the first component's."""
    first = prepared.components[0] if prepared.components else None
    return first.component.policy.changelog if first else ChangelogPolicy()
