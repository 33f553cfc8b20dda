"""The maintainers' notes in the release PR body: one parse/format pair.

The section opens the body, between two visible lines::

    **Notes from the maintainers, kept on every update:** write them below this line; ...

    (the notes)

    **End of the notes from the maintainers.** Release Regent rewrites everything below ...

Every update writes the notes back, and they open the release notes and the CHANGELOG.md entry.
A line is one of the two markers when it starts, at its first column, with the bold words
(the rest may be edited). The opening line must be the body's first non-blank line, so no text
below it (the rendered notes quote commit text) can open a section of its own. Reading is one
pass over the lines, up to the first closing line; a body without both lines has no notes.
"""

from __future__ import annotations

import re

from regent.core.markdown import printable

OPENING = "**Notes from the maintainers, kept on every update:**"
CLOSING = "**End of the notes from the maintainers.**"
OPENING_LINE = (
    f"{OPENING} write them below this line; they open the release notes and the "
    "CHANGELOG.md entry when this pull request is merged."
)
CLOSING_LINE = f"{CLOSING} Release Regent rewrites everything below on every update."
_TOP_HEADING = re.compile(r"^( {0,3})(#{1,2})(?=[ \t]|$)", re.MULTILINE)
"""A level-1 or level-2 ATX heading: it would start a new CHANGELOG.md section."""


def read_maintainer_notes(body: str | None) -> str:
    """The notes between the two marker lines of ``body``, as ``maintainer_section`` writes
    them back ("" when there are none, or a marker line is missing)."""
    lines = printable(body or "").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or not lines[start].startswith(OPENING):
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(CLOSING)), None)
    if end is None:
        return ""
    return clean_notes("\n".join(lines[start + 1 : end]))


def clean_notes(text: str) -> str:
    """``text`` without blank lines around it, control characters shown as U+FFFD, and its
    level-1 and level-2 headings made level 3 and 4 (the entry's heading stays its only one)."""
    text = printable(text)
    kept = [line.rstrip() if not line.strip() else line for line in text.split("\n")]
    while kept and not kept[0]:
        kept.pop(0)
    while kept and not kept[-1]:
        kept.pop()
    return _TOP_HEADING.sub(r"\1##\2", "\n".join(kept))


def maintainer_section(notes: str) -> str:
    """The section that opens the release PR body, holding ``notes`` (read back unchanged)."""
    inside = f"\n{notes}\n\n" if notes else "\n"
    return f"{OPENING_LINE}\n{inside}{CLOSING_LINE}\n"
