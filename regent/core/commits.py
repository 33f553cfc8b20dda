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

BREAKING_TOKENS = frozenset({"BREAKING CHANGE", "BREAKING-CHANGE"})

_HEADER = re.compile(r"(?P<type>[^\s():!]+)(?:\((?P<scope>[^()]*)\))?(?P<bang>!?):(?P<rest>.*)")
_FOOTER = re.compile(r"(BREAKING CHANGE|[^\s:]+)(: | #)")
_ISSUE_NUMBERS = re.compile(r"\d+(?:(?:\s*,\s*|\s+)(?:and\s+)?#?\d+)*\.?\s*")
_HEADER_SHAPE = "write the header as '<type>[(<scope>)][!]: <description>'"


@dataclass(frozen=True, slots=True)
class Footer:
    """One trailer-like footer: ``<token><separator><value>``."""

    token: str
    separator: str
    value: str


@dataclass(frozen=True, slots=True)
class ConventionalCommit:
    """A commit message that follows Conventional Commits."""

    type: str
    scope: str | None
    breaking: bool
    description: str
    body: str | None
    footers: tuple[Footer, ...]
    breaking_description: str | None

    def footer_values(self, token: str) -> tuple[str, ...]:
        """The values of every footer named ``token`` (compared case-insensitively), in order."""
        wanted = token.casefold()
        return tuple(footer.value for footer in self.footers if footer.token.casefold() == wanted)


@dataclass(frozen=True, slots=True)
class NotConventional:
    """A message that is not a Conventional Commit, and why."""

    reason: str


ParsedMessage = ConventionalCommit | NotConventional


@dataclass(frozen=True, slots=True)
class _Header:
    type: str
    scope: str | None
    bang: bool
    description: str


def parse_message(message: str, *, lenient: bool = False) -> ParsedMessage:
    """Parse a raw commit message; never raises, returns ``NotConventional`` with the reason."""
    lines = message.replace("\r\n", "\n").split("\n") if "\n" in message else [message]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return NotConventional(
            "the message is empty; start it with a header such as 'fix: correct a typo'"
            " (Conventional Commits rule 1)"
        )
    header = _parse_header(lines[0], lenient=lenient)
    if isinstance(header, NotConventional):
        return header
    if len(lines) == 1:
        return _commit(header, None, ())
    if lines[1].strip() and not lenient:
        return NotConventional(
            "the line after the header is not blank; leave one blank line between the header"
            " and the body (Conventional Commits rule 6)"
        )
    body, footers = _split_body(lines[1:], lenient=lenient)
    return _commit(header, body, footers)


def _parse_header(line: str, *, lenient: bool) -> _Header | NotConventional:
    match = _HEADER.fullmatch(line)
    if match is None:
        return NotConventional(_header_problem(line))
    scope = match["scope"]
    if scope == "":
        return NotConventional(
            "the scope between the parentheses is empty; name a section of the codebase, as in"
            " 'fix(parser): ...', or drop the parentheses (Conventional Commits rule 4)"
        )
    rest = match["rest"]
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
    return _Header(match["type"], scope, match["bang"] == "!", description)


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
    return f"the header does not follow Conventional Commits; {_HEADER_SHAPE} (rule 1)"


def _footer_start(line: str, *, lenient: bool) -> re.Match[str] | None:
    """The token/separator match when ``line`` starts a footer under the chosen policy."""
    match = _FOOTER.match(line)
    if match is None or not lenient or match[2] == ": ":
        return match
    return match if _ISSUE_NUMBERS.fullmatch(line, match.end()) else None


def _split_body(lines: list[str], *, lenient: bool) -> tuple[str | None, tuple[Footer, ...]]:
    """Split the lines after the header into the body text and the footers."""
    start = len(lines)
    after_blank = True
    for index, line in enumerate(lines):
        blank = not line.strip()
        if after_blank and not blank and _footer_start(line, lenient=lenient):
            start = index
            break
        after_blank = blank
    return _body(lines[:start]), _footers(lines[start:], lenient=lenient)


def _body(lines: list[str]) -> str | None:
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    text = "\n".join(lines[first:]).rstrip()
    return text or None


def _footers(lines: list[str], *, lenient: bool) -> tuple[Footer, ...]:
    parts: list[tuple[str, str, list[str]]] = []
    for line in lines:
        match = _footer_start(line, lenient=lenient)
        if match is None:
            parts[-1][2].append(line)
        else:
            parts.append((match[1], match[2], [line[match.end() :]]))
    return tuple(
        Footer(token, separator, "\n".join(value).rstrip()) for token, separator, value in parts
    )


def _commit(header: _Header, body: str | None, footers: tuple[Footer, ...]) -> ConventionalCommit:
    breaking_values = [footer.value for footer in footers if footer.token in BREAKING_TOKENS]
    if breaking_values:
        breaking_description: str | None = breaking_values[0]
    else:
        breaking_description = header.description if header.bang else None
    return ConventionalCommit(
        type=header.type,
        scope=header.scope,
        breaking=header.bang or bool(breaking_values),
        description=header.description,
        body=body,
        footers=footers,
        breaking_description=breaking_description,
    )
