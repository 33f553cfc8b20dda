"""Print a prepared release as text for a terminal, JSON for tools, or the Markdown notes."""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import islice
from json.encoder import encode_basestring_ascii
from typing import TextIO

from regent.cli.plan_text import plan_text
from regent.core.markdown import printable
from regent.core.plan_range import range_fields
from regent.core.policy import ReleasePolicy
from regent.core.report import iter_commit_rows
from regent.services.planning import PreparedRelease

ROWS_PER_WRITE = 2000
STRING_SLICE = 1 << 18


def write_plan(
    out: TextIO,
    prepared: PreparedRelease,
    *,
    policy: ReleasePolicy,
    output_format: str,
    pretty: bool,
) -> None:
    """Write the plan in ``output_format``; ``pretty`` indents JSON for a terminal."""
    if output_format == "json":
        write_plan_json(out, prepared, policy=policy, pretty=pretty)
    elif output_format == "markdown":
        out.write(printable(prepared.release_notes))
    else:
        out.write(plan_text(prepared, policy=policy))


def write_plan_json(
    out: TextIO, prepared: PreparedRelease, *, policy: ReleasePolicy, pretty: bool
) -> None:
    """The documented JSON contract (docs/plan-json.md), streamed a batch of commits at a time."""
    rows = iter_commit_rows(prepared.plan, policy=policy.changelog)
    head, tail = _json_fields(prepared)
    if pretty:
        document = {**head, "commits": list(rows), **tail}
        out.write(json.dumps(document, indent=2, ensure_ascii=True) + "\n")
        return
    encode = json.JSONEncoder(ensure_ascii=True).encode
    out.write("{" + "".join(f"{encode(k)}: {encode(v)}, " for k, v in head.items()))
    out.write('"commits": [')
    separator = ""
    while batch := list(islice(rows, ROWS_PER_WRITE)):
        out.write(separator + encode(batch)[1:-1])
        separator = ", "
    out.write("]")
    for key, value in tail.items():
        out.write(f", {encode(key)}: ")
        if isinstance(value, str):
            _write_json_string(out, value)
        else:
            out.write(encode(value))
    out.write("}\n")


def _write_json_string(out: TextIO, text: str) -> None:
    """A JSON string written a slice at a time, so long release notes are never copied whole."""
    out.write('"')
    for start in range(0, len(text), STRING_SLICE):
        out.write(encode_basestring_ascii(text[start : start + STRING_SLICE])[1:-1])
    out.write('"')


def _json_fields(prepared: PreparedRelease) -> tuple[dict[str, object], dict[str, object]]:
    """The fields that come before ``commits`` and those after it."""
    plan = prepared.plan
    head: dict[str, object] = {
        "current_version": plan.current_version,
        "current_tag": plan.current_tag,
        "next_version": plan.next_version,
        "next_tag": plan.next_tag,
        "bump": plan.bump,
        "reason": plan.reason,
        "override": asdict(plan.override) if plan.override else None,
        "is_prerelease": plan.is_prerelease,
        **range_fields(plan.history_range),
    }
    tail: dict[str, object] = {
        "release_notes": prepared.release_notes,
        "files": [
            {"path": u.path, "old_version": u.old_version, "new_version": u.new_version}
            for u in prepared.version_files
        ],
    }
    return head, tail
