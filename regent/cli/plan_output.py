"""Print a prepared release as text for a terminal, JSON for tools, or the Markdown notes."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import asdict
from itertools import islice
from typing import BinaryIO, TextIO

from regent.cli.json_encoding import Dumps, JsonEncoder, best_encoder
from regent.cli.plan_text import plan_text
from regent.core.markdown import printable
from regent.core.plan_range import range_fields
from regent.core.policy import ReleasePolicy
from regent.core.report import commit_rows
from regent.core.version_files import VersionFileUpdate
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
    changelog: str | None = None,
    every: bool = False,
) -> None:
    """Write the plan in ``output_format``; ``pretty`` indents JSON for a terminal;
    ``changelog`` is the release's changelog section as written; ``every`` lists every commit
    in the text."""
    if output_format == "json":
        write_plan_json(out, prepared, policy=policy, pretty=pretty, changelog=changelog)
    elif output_format == "markdown":
        out.write(printable(plan_markdown(prepared, changelog=changelog)))
    else:
        out.write(plan_text(prepared, policy=policy, every=every))


def plan_markdown(prepared: PreparedRelease, *, changelog: str | None) -> str:
    """The release notes, then the changelog section as written under a comment naming the
    file; nothing when nothing is released."""
    notes = prepared.release_notes
    if changelog is None or not notes:
        return notes
    return f"{notes.rstrip()}\n\n<!-- {prepared.changelog_path} -->\n{changelog}"


def write_plan_json(
    out: TextIO,
    prepared: PreparedRelease,
    *,
    policy: ReleasePolicy,
    pretty: bool,
    changelog: str | None = None,
    encoder: JsonEncoder | None = None,
) -> None:
    """The documented JSON contract (docs/plan-json.md), streamed a batch of commits at a time.

    ``encoder`` defaults to the fastest installed; every encoder writes the same document.
    """
    dumps = encoder or best_encoder()
    write = byte_writer(out)
    rows = commit_rows(prepared.plan.changes, policy=policy.changelog)
    head, tail = json_fields(prepared, changelog=changelog)
    if pretty:
        write(dumps.indented({**head, "commits": list(rows), **tail}) + b"\n")
        return
    write(dumps.compact(head)[:-1] + b',"commits":[')
    separator = b""
    while batch := list(islice(rows, ROWS_PER_WRITE)):
        write(separator + dumps.compact(batch)[1:-1])
        separator = b","
    write(b"]")
    for key, value in tail.items():
        write(b"," + dumps.compact(key) + b":")
        if isinstance(value, str):
            _write_json_string(write, value, dumps=dumps.compact)
        else:
            write(dumps.compact(value))
    write(b"}\n")


def byte_writer(out: TextIO) -> Callable[[bytes], object]:
    """Writes UTF-8 straight to ``out``'s binary buffer when it has one (stdout), else decoded."""
    if isinstance(out, io.TextIOWrapper):
        out.flush()
        buffer: BinaryIO = out.buffer
        return buffer.write
    return lambda chunk: out.write(chunk.decode("utf-8"))


def _write_json_string(write: Callable[[bytes], object], text: str, *, dumps: Dumps) -> None:
    """A JSON string written a slice at a time, so long release notes are never copied whole."""
    write(b'"')
    for start in range(0, len(text), STRING_SLICE):
        write(dumps(text[start : start + STRING_SLICE])[1:-1])
    write(b'"')


def json_fields(
    prepared: PreparedRelease, *, changelog: str | None
) -> tuple[dict[str, object], dict[str, object]]:
    """The fields that come before ``commits`` and those after it; ``changelog`` is the
    release's changelog section as written (None: nothing is released)."""
    plan = prepared.plan
    head: dict[str, object] = {
        "current_version": plan.current_version,
        "current_tag": plan.current_tag,
        "next_version": plan.next_version,
        "next_tag": plan.next_tag,
        "bump": plan.bump,
        "reason": plan.reason,
        "override": (
            {"version": plan.override.version, "source": plan.override.source}
            if plan.override
            else None
        ),
        "overrides": [asdict(override) for override in plan.overrides],
        "skipped": plan.skipped,
        "is_prerelease": plan.is_prerelease,
        **range_fields(plan.history_range),
    }
    tail: dict[str, object] = {
        "release_notes": prepared.release_notes,
        "changelog": changelog or "",
        "files": [_file_row(u) for u in prepared.version_files],
    }
    return head, tail


def _file_row(update: VersionFileUpdate) -> dict[str, object]:
    """A version file's row; ``dependencies`` lists the workspace requirements it rewrites."""
    row: dict[str, object] = {
        "path": update.path,
        "old_version": update.old_version,
        "new_version": update.new_version,
    }
    if update.dependencies:
        row["dependencies"] = [asdict(change) for change in update.dependencies]
    return row
