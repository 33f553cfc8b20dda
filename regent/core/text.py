"""Outside text in a message or a log line: cut to a bound, quoted, control characters named.

A value that reaches a message from outside (a request header, a runner's input, a path read
from a repository) can be any length and hold any character: ``shown`` quotes it (``repr``
escapes every control character) and cuts it, saying how long it was; ``cut`` only cuts, for a
field whose encoder escapes it already (a JSON log line). ``CONTROL_CHARACTERS`` is the one
class of control characters (C0, DEL, C1) the other patterns build on.
"""

from __future__ import annotations

import re

SHOWN_CHARACTERS = 200
"""A value is shown up to this many characters by default, then its length is said."""
CONTROL_CHARACTERS = r"\x00-\x1f\x7f-\x9f"
"""C0 controls (NUL, ESC, line breaks, tab), DEL and C1 controls (``\\x9b`` is a terminal's CSI),
as a regular expression character-class range."""
CONTROL_CHARACTER = re.compile(f"[{CONTROL_CHARACTERS}]")


def cut(text: str, *, limit: int = SHOWN_CHARACTERS, quoted: bool = False) -> str:
    """``text`` (quoted with ``repr`` when ``quoted``) cut to ``limit`` characters, followed by
    its whole length when it was longer."""
    head = text[:limit]
    shown_head = repr(head) if quoted else head
    if len(head) == len(text):
        return shown_head
    return f"{shown_head}... ({len(text)} characters)"


def shown(value: str, *, limit: int = SHOWN_CHARACTERS) -> str:
    """``value`` quoted for a message or a log line (control characters escaped), cut to
    ``limit`` characters."""
    return cut(value, limit=limit, quoted=True)
