"""Replace one ``## `` section of a Markdown file (bench/RESULTS.md), keeping the rest."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section under ``heading`` in ``path`` (up to the next ``## `` heading), or
    append it."""
    text = path.read_text() if path.exists() else ""
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip("\n") == heading)
    except StopIteration:
        joined = text.rstrip("\n")
        path.write_text((joined + "\n\n" if joined else "") + section)
        return
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
        len(lines),
    )
    after = "".join(lines[end:])
    path.write_text("".join(lines[:start]) + section + ("\n" + after if after else ""))
