"""User text (commit messages, PR titles, branch names) as Markdown that renders as written.

Escaping happens once, where user text meets a Markdown document (the renderer's notes, the
Action's job summary), and keeps the document's structure whatever the text says:

- a WORD JOINER (U+2060, invisible) follows every ``<``, every ``@`` that could start a
  mention and every ``&`` that could start a character reference, so no HTML comment, tag or
  autolink can open (``<!--`` never survives), nobody is notified, and no entity decodes into
  one (``&#64;octocat``, ``&#x202E;``); code spans read the same (``Vec<T>``, ``@types/node``,
  ``a && b``);
- a line that would start a block (an ATX heading, a setext underline or thematic break, a
  code fence, a table delimiter row, a link reference definition), also inside a block quote or
  list item it opens, gets a backslash before that block's first character, so it renders as
  the text it is and one commit cannot open a section, a code block or a table that swallows
  the entries after it;
- control characters (ANSI escapes, NUL, a lone CR), bidirectional overrides and lone
  surrogates (which no file or log can encode) become U+FFFD.

Every step is one pass over the text.
"""

from __future__ import annotations

import re

from regent.core.text import CONTROL_CHARACTERS

WORD_JOINER = "\u2060"
REPLACEMENT = "\ufffd"

_UNPRINTABLE = re.compile(
    rf"(?![\t\n])[{CONTROL_CHARACTERS}]|[\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters but tab and line feed, bidirectional overrides, lone surrogates."""
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""Everything ``str.splitlines`` breaks at: a reader of a log may split at any of them."""
_INLINE_OPENER = re.compile(r"<|&(?=[#A-Za-z0-9])|(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])")
"""An HTML tag, comment or autolink; a character reference; a mention."""
_OPENER = re.compile(
    r"#{1,6}(?:[ \t]|$)"  # ATX heading
    r"|```|~~~"  # code fence
    r"|\[[^\]]*\]:"  # link reference definition, footnote
)
_RULE_START = "-=*_|:"
_RULE_CHARS = _RULE_START + " \t"
"""A line made of these is a setext underline, a thematic break or a table delimiter row."""
_CONTAINER = re.compile(r"(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$))[ \t]*")
"""A block quote or list item marker (``> ## x``, ``- ---``): blocks may open inside it."""
_PLAIN = re.compile(r"[A-Za-z][^\x00-\x1f\x7f-\x9f<&@\u202a-\u202e\u2066-\u2069\ud800-\udfff]*")
"""One line that starts with a letter and holds nothing the steps above change."""


def printable(text: str) -> str:
    """``text`` with CRLF read as LF and every other control character shown as U+FFFD."""
    return _UNPRINTABLE.sub(REPLACEMENT, text.replace("\r\n", "\n"))


def encodable(text: str) -> bool:
    """Whether ``text`` can be written out: JSON's ``\\ud800`` decodes to a lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable_line(text: str) -> str:
    """``text`` on one printable line, for a log or an error: each line break shown as ``\\n``."""
    return printable(_LINE_BREAK.sub("\\\\n", text))


def markdown_text(text: str) -> str:
    """``text`` as Markdown paragraphs that show it as written (lines kept)."""
    if _PLAIN.fullmatch(text):  # most commit subjects: nothing to escape, no copy made
        return text
    return _escaped(text)


def _escaped(text: str) -> str:
    """``markdown_text`` for any text: each step above, one pass each."""
    text = _INLINE_OPENER.sub("\\g<0>" + WORD_JOINER, printable(text))
    return "\n".join(_line(line) for line in text.split("\n"))


def markdown_line(text: str) -> str:
    """``text`` as Markdown on one line: line breaks become spaces."""
    return markdown_text(" ".join(text.splitlines()))


def _line(line: str) -> str:
    """``line`` with a backslash before a block opener at its start or past quote/list markers."""
    rule_from = len(line.rstrip(_RULE_CHARS))
    at = len(line) - len(line.lstrip(" \t"))
    while at < len(line):
        if _OPENER.match(line, at) or (line[at] in _RULE_START and at >= rule_from):
            return f"{line[:at]}\\{line[at:]}"
        container = _CONTAINER.match(line, at)
        if container is None:
            return line
        at = container.end()
    return line
