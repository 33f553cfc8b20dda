"""Find the Conventional Commits a squash body or an override block lists.

Nested commits (``NestedCommits``): GitHub's default squash message lists the branch's commits in
its body (``* feat: a``, ``* fix(x): b``), and a ``BEGIN_COMMIT_OVERRIDE`` block lists the
messages that replace a pull request's. A nested commit starts at a line (after an optional
``*``, ``-`` or ``+`` bullet) whose header has a known type (so ``Note: ...`` or a footer such
as ``Co-authored-by: ...`` never starts one), at a paragraph start or bullet; its body and
footers run to the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from regent.core.commits import (
    ConventionalCommit,
    NotConventional,
    follows_blank_line,
    parse_header,
    parse_message,
)

COMMON_TYPES = frozenset(
    {"feat", "feature", "fix", "perf", "refactor", "docs", "style", "test", "tests", "build"}
    | {"ci", "chore", "revert", "deps"}
)
"""The types a nested commit may have besides those the bump rules name."""


class NestedCommits:
    """Finds the Conventional Commits listed inside a message body (one pattern per range)."""

    def __init__(self, types: Iterable[str], *, lenient: bool) -> None:
        names = sorted({name.lower() for name in (*COMMON_TYPES, *types)}, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, names))
        self._starts = re.compile(
            rf"^(?P<bullet>[ \t]*[*+-][ \t]+)?(?:{alternatives})(?:\([^()\n]*\))?!?:",
            re.MULTILINE | re.IGNORECASE,
        )
        self._lenient = lenient
        self.candidate = self._starts.search
        """``candidate(text, start)``: None when no line from ``start`` can start a nested
        commit, so most bodies are passed over in one C call."""

    def split(
        self, text: str, *, start: int = 0, every_line: bool = False
    ) -> tuple[int, tuple[str, ...]]:
        """Where the first nested commit of ``text`` from ``start`` (a line start, itself a
        paragraph start) begins (``len(text)`` when none) and the message of each.
        ``every_line``: any line may start one, not only a paragraph or bullet.

        One regular-expression pass, no copy of ``text``; each candidate costs its own line.
        """
        starts: list[tuple[int, int]] = []
        for match in self._starts.finditer(text, start):
            at, bullet = match.start(), len(match["bullet"] or "")
            if not (every_line or bullet or at == start or follows_blank_line(text, at)):
                continue
            end = text.find("\n", at)
            line = text[at + bullet : len(text) if end < 0 else end]
            if not isinstance(parse_header(line, lenient=self._lenient), NotConventional):
                starts.append((at, bullet))
        if not starts:
            return len(text), ()
        ends = [at for at, _ in starts[1:]] + [len(text)]
        messages = tuple(
            _unindented(text[at + bullet : end], bullet).rstrip()
            for (at, bullet), end in zip(starts, ends, strict=True)
        )
        return starts[0][0], messages

    def parse(self, message: str) -> ConventionalCommit:
        """A nested commit's message; its header alone when the rest does not parse (rule 6)."""
        parsed = parse_message(message, lenient=self._lenient)
        if isinstance(parsed, NotConventional):
            parsed = parse_message(message.partition("\n")[0], lenient=self._lenient)
        assert isinstance(parsed, ConventionalCommit), "split() keeps valid headers only"
        return parsed


def _unindented(text: str, width: int) -> str:
    """``text`` with up to ``width`` spaces taken from the start of each continuation line."""
    if not width or "\n " not in text:
        return text
    return re.sub(rf"\n {{1,{width}}}", "\n", text)
