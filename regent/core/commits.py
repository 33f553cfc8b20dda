"""Parse commit messages as Conventional Commits 1.0.0, strictly or leniently.

Strict policy (the default) reads the specification literally:

- The header is ``<type>[(<scope>)][!]: <description>``. The type has no whitespace, parentheses,
  ``:`` or ``!``; the scope is non-empty and has no parentheses; ``:`` is followed by a space.
  Extra spaces before the description are skipped, trailing ones are kept.
- CRLF reads as LF, a line of only whitespace is blank, trailing blank lines are ignored.
- Anything after the header begins after a blank line (rule 6).
- Footers start at the first line, at the start of the text after the header or right after a
  blank line, that begins ``<token>: `` or ``<token> #``. A token has no whitespace or ``:``,
  except the literal ``BREAKING CHANGE``. Everything before that line is the body.
- A footer's value runs up to the next token line (rule 10), keeps inner blank lines and is
  right-trimmed. The body loses its surrounding blank lines and trailing whitespace.

Lenient policy (``lenient=True``) also accepts what common tools accept:

- no space after ``:`` (``feat:add x``);
- no blank line after the header: the lines that follow are read as body and footers;
- a ``<token> #`` line is a footer only when the rest of the line is issue numbers
  (``Closes #12``, ``Fixes #3, #4``, ``Refs #4 and #5``, an optional final period), so prose
  such as ``In #666, the devils...`` stays in the body. ``<token>: `` lines are read as in strict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter
from typing import NamedTuple

BREAKING_TOKENS = frozenset({"BREAKING CHANGE", "BREAKING-CHANGE"})

_HEADER = re.compile(r"(?P<type>[^\s():!]+)(?:\((?P<scope>[^()]*)\))?(?P<bang>!?):(?P<rest>.*)")
_FOOTER = re.compile(r"^(BREAKING CHANGE|[^\s:]+)(: | #)", re.MULTILINE)
_LEADING_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")
_ISSUE_NUMBERS = re.compile(r"\d+(?:(?:\s*,\s*|\s+)(?:and\s+)?#?\d+)*\.?\s*")
_HEADER_SHAPE = "write the header as '<type>[(<scope>)][!]: <description>'"


class Footer(NamedTuple):
    """One trailer-like footer: ``<token><separator><value>``.

    An immutable value, but a NamedTuple: a footer block of 10,000 lines builds 10,000, and a
    tuple is built several times faster than a frozen dataclass.
    """

    token: str
    separator: str
    value: str


class ConventionalCommit(NamedTuple):
    """A commit message that follows Conventional Commits (a NamedTuple: one per commit)."""

    type: str
    scope: str | None
    breaking: bool
    description: str
    body: str | None
    footers: tuple[Footer, ...]
    breaking_description: str | None

    def footer_values(self, token: str) -> tuple[str, ...]:
        """The values of every footer named ``token`` (compared case-insensitively), in order."""
        return tuple(map(FOOTER_VALUE, footers_named(self.footers, {token.casefold()})))


@dataclass(frozen=True, slots=True)
class NotConventional:
    """A message that is not a Conventional Commit, and why."""

    reason: str


ParsedMessage = ConventionalCommit | NotConventional
FOOTER_TOKEN = itemgetter(0)
FOOTER_VALUE = itemgetter(2)


def footers_named(footers: tuple[Footer, ...], tokens: frozenset[str] | set[str]) -> list[Footer]:
    """The footers whose token, case-folded, is one of ``tokens``, in order.

    Written with C iterators: a footer block of 10,000 lines runs no Python code per line.
    """
    folded = map(str.casefold, map(FOOTER_TOKEN, footers))
    return list(compress(footers, map(tokens.__contains__, folded)))


class _Header(NamedTuple):
    """The parts of a valid header (a tuple: built once per message on the hot path)."""

    type: str
    scope: str | None
    bang: bool
    description: str


def parse_message(message: str, *, lenient: bool = False) -> ParsedMessage:
    """Parse a raw commit message; never raises, returns ``NotConventional`` with the reason."""
    if "\r" in message:
        message = message.replace("\r\n", "\n")
    header_line, _, rest = message.partition("\n")
    rest = rest.rstrip()
    header = parse_header(header_line, lenient=lenient)
    if isinstance(header, NotConventional):
        if not rest and not header_line.strip():
            return NotConventional(
                "the message is empty; start it with a header such as 'fix: correct a typo'"
                " (Conventional Commits rule 1)"
            )
        return header
    if not rest:
        return _commit(header, None, ())
    if not lenient and rest.partition("\n")[0].strip():
        return NotConventional(
            "the line after the header is not blank; leave one blank line between the header"
            " and the body (Conventional Commits rule 6)"
        )
    block = _footer_block_start(rest, lenient=lenient)
    if block is None:
        return _commit(header, _body(rest), ())
    return _commit(header, _body(rest[:block]), _footers(rest[block:], lenient=lenient))


def parse_header(line: str, *, lenient: bool) -> _Header | NotConventional:
    """The parts of a header line, or why it is not one."""
    match = _HEADER.fullmatch(line)
    if match is None:
        return NotConventional(_header_problem(line))
    type_, scope, bang, rest = match.groups()
    if scope == "":
        return NotConventional(
            "the scope between the parentheses is empty; name a section of the codebase, as in"
            " 'fix(parser): ...', or drop the parentheses (Conventional Commits rule 4)"
        )
    if not lenient and not rest.startswith(" "):
        return NotConventional(
            "the header has no space after ':'; write '<type>: <description>' with a space"
            " after the colon (Conventional Commits rule 1)"
        )
    description = rest.lstrip()
    if not description:
        return NotConventional(
            "the header has no description after the type; add a short summary after ': '"
            " (Conventional Commits rule 5)"
        )
    return _Header(type_, scope, bang == "!", description)


def _header_problem(line: str) -> str:
    """Say why ``line`` is not a header; only called on the failure path."""
    if not line.strip():
        return (
            "the first line is blank; put the header, e.g. 'fix: correct a typo', on the first"
            " line (Conventional Commits rule 1)"
        )
    if line[0].isspace():
        return (
            f"the header starts with whitespace; {_HEADER_SHAPE} from the first column"
            " (Conventional Commits rule 1)"
        )
    if ":" not in line:
        return (
            f"the header has no ': ' after the type; {_HEADER_SHAPE} (Conventional Commits rule 1)"
        )
    prefix = line.split(":", 1)[0]
    if prefix[:1] in ("", "(", ")", "!"):
        return f"the header has no type before ':'; {_HEADER_SHAPE} (Conventional Commits rule 1)"
    if any(character.isspace() for character in prefix.split("(", 1)[0]):
        return (
            "the type before ':' is not one word; put the type, its optional '(<scope>)' and"
            f" '!' directly before ': '; {_HEADER_SHAPE} (Conventional Commits rule 1)"
        )
    if "(" in prefix or ")" in prefix:
        return (
            "the scope is not one '(<scope>)' between the type and ': ' (no nested parentheses,"
            " nothing after ')' but an optional '!'); write e.g. 'fix(parser): ...'"
            " (Conventional Commits rule 4)"
        )
    return (
        f"the header does not follow Conventional Commits; {_HEADER_SHAPE}"
        " (Conventional Commits rule 1)"
    )


def _footer_block_start(rest: str, *, lenient: bool) -> int | None:
    """Where the footer block of ``rest`` (the text after the header) starts, if it has one."""
    for match in _FOOTER.finditer(rest):
        if lenient and match[2] == " #" and not _lists_issues(rest, match.end()):
            continue
        if follows_blank_line(rest, match.start()):
            return match.start()
    return None


def _lists_issues(text: str, start: int) -> bool:
    """Whether the line from ``start`` is only issue numbers (``12, #13 and #14.``)."""
    end = text.find("\n", start)
    return _ISSUE_NUMBERS.fullmatch(text, start, len(text) if end < 0 else end) is not None


def follows_blank_line(text: str, line_start: int) -> bool:
    """Whether the line at ``line_start`` is the first of ``text`` or comes after a blank line."""
    if line_start == 0:
        return True
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[previous_start : line_start - 1].strip()


def _body(text: str) -> str | None:
    """``text`` without its surrounding blank lines and trailing whitespace, None when empty."""
    blank = _LEADING_BLANK_LINES.match(text)
    body = text[blank.end() if blank else 0 :].rstrip()
    return body or None


def _footers(block: str, *, lenient: bool) -> tuple[Footer, ...]:
    """Each footer's value runs from its separator to the next token line (rule 10).

    ``block`` starts at a token line. One split finds every token line: a block of 10,000
    footers costs one C call and a tuple per footer.
    """
    parts = _FOOTER.split(block)  # "", then a token, its separator and its value per line
    tokens, separators, values = parts[1::3], parts[2::3], parts[3::3]
    if not lenient:  # tuple.__new__ builds what Footer(...) builds, without a Python call each
        lines = zip(tokens, separators, map(str.rstrip, values), strict=True)
        return tuple(map(tuple.__new__, repeat(Footer), lines))
    footers: list[tuple[str, str, list[str]]] = []
    for token, separator, value in zip(tokens, separators, values, strict=True):
        if footers and separator == " #" and not _lists_issues(value, 0):
            footers[-1][2].extend((token, separator, value))  # prose such as "In #666, ..."
        else:
            footers.append((token, separator, [value]))
    return tuple(Footer(token, sep, "".join(value).rstrip()) for token, sep, value in footers)


def _commit(header: _Header, body: str | None, footers: tuple[Footer, ...]) -> ConventionalCommit:
    """The parsed commit (built positionally: once per commit)."""
    type_, scope, bang, description = header
    breaking_description = description if bang else None
    if footers and not BREAKING_TOKENS.isdisjoint(map(FOOTER_TOKEN, footers)):
        breaking_description = next(
            value for token, _, value in footers if token in BREAKING_TOKENS
        )
    return ConventionalCommit(
        type_,
        scope,
        bang or breaking_description is not None,
        description,
        body,
        footers,
        breaking_description,
    )
