"""Hostile commit text, and what a CommonMark parser (markdown-it-py) makes of rendered notes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

WJ = "\u2060"
PIECES = [
    *("#", "## ", "###### ", "```", "~~~", "---", "===", "***", "___", "- - -", "|", ":", "-"),
    *("<!--", "-->", "<", ">", "<img src=x>", "</", "<?", "<!", "&lt;!--", "@", "@octocat"),
    *("@acme/team", "a@b.c", "[x]:", "[^1]: ", "[", "]", "`", "\\", "*", "_", "1. ", "> "),
    *("\n", "\n\n", "\r\n", "\r", " ", "  ", "    ", "\t", "\x1b[31m", "\x00", "\x9b", "\u202e"),
    *("a", "word", "é", "🚀", WJ, '<!-- release-regent {"version": "66.6.0"} -->'),
]
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)
"""Text made of Markdown's block and inline openers, HTML, mentions and control characters."""

UNESCAPED_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")
_MENTION = re.compile(r"(?<![A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?")


def stray_mentions(text: str, *, credited: tuple[str, ...]) -> list[str]:
    """The @-mentions in ``text`` other than the credits Release Regent gives these logins."""
    allowed = {f"@{login}" for login in credited}
    return [found for found in _MENTION.findall(text) if found not in allowed]


FORBIDDEN = {"html_block", "html_inline", "hr", "fence", "table_open"}
_PARSER = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class NotesShape:
    """What rendered notes are made of: ``(section heading, number of bullets)`` in order."""

    sections: tuple[tuple[str, int], ...]
    forbidden: tuple[str, ...]
    """Tokens user text must never produce (HTML, rules, fences, tables, stray headings)."""
    references: tuple[str, ...]
    """Link reference definitions (a commit line must not define one)."""


def notes_shape(markdown: str) -> NotesShape:
    """The shape of ``markdown`` as GitHub-flavoured CommonMark parses it."""
    env: dict[str, dict[str, object]] = {}
    tokens = _PARSER.parse(markdown, env)
    sections: list[tuple[str, int]] = []
    forbidden: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.tag == "h3":
            sections.append((tokens[index + 1].content, 0))
        elif token.type == "list_item_open" and token.level == 1 and sections:
            title, count = sections[-1]
            sections[-1] = (title, count + 1)
        elif token.type == "heading_open" or token.type in FORBIDDEN:
            forbidden.append(f"{token.type} {token.markup} at level {token.level}")
        forbidden += [child.type for child in _children(token) if child.type in FORBIDDEN]
    return NotesShape(tuple(sections), tuple(forbidden), tuple(env.get("references", {})))


def _children(token: Token) -> list[Token]:
    return list(token.children or [])
