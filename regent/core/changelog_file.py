"""Put a rendered release entry into CHANGELOG.md: pure text in, text out.

The file is read as a header (title and intro), then release sections, then an optional footer
of Markdown link reference definitions. A section starts at a *boundary* heading: any level-2
heading, or a level-1 heading naming a version (semantic-release writes minor releases that
way), and runs to the next boundary or the footer. A ``# comment`` line in a code block names
no version, so it never cuts a section short.

The entry must be one such section: a heading naming its version first, no other boundary.

- A section for the same version is replaced in place.
- Otherwise the entry goes above the newest section, or below a leading ``## [Unreleased]``
  section (Keep a Changelog keeps that one on top), or above the footer when there is none.

Blank lines around the entry become exactly one; the file ends with exactly one newline, written
with CRLF when its first line ends that way. Everything else stays byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from regent.core.errors import ConfigError

DEFAULT_CHANGELOG_HEADER = "# Changelog\n"

_BOM = "\ufeff"
_HEADING = re.compile(r" {0,3}(?P<marks>#{1,2})(?:[ \t]+(?P<title>.*))?")  # linear: no lazy title
_TITLE_VERSION = re.compile(r"\[?[vV]?(?P<token>[^\s\[\](),;:]+)")
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S.*")
_UNRELEASED = "unreleased"
_HASH_LINE = re.compile(r"\n( {0,3}#.*)")
"""A line after the first that may be a boundary heading (``_is_boundary`` tells); found from
its newline, which is searched for faster than a line start."""


class ChangelogEntryError(ConfigError):
    """A rendered changelog entry that is not one section for its version."""


def update_changelog(
    existing: str | None,
    *,
    version: str,
    entry: str,
    header: str = DEFAULT_CHANGELOG_HEADER,
) -> str:
    """``existing`` with ``entry`` as the section for ``version``; a new file when it is empty."""
    entry_lines = _entry_lines(entry, version=version)
    text = existing or ""
    bom = _BOM if text.startswith(_BOM) else ""
    text = text.removeprefix(_BOM)
    newline = _newline_of(text)
    lines = _split_lines(text) if text.strip() else header.replace("\r\n", "\n").split("\n")
    start, end = _entry_span(lines, version=version)
    before = _without_trailing_blanks(lines[:start])
    after = _without_trailing_blanks(lines[end:])
    parts = [*before, *([""] if before else []), *entry_lines, *([""] if after else []), *after]
    return bom + "".join(_with_ending(line, newline) for line in parts)


def changelog_section(entry: str, *, version: str) -> str:
    """The section ``update_changelog`` writes for ``entry``: its lines without the blank ones
    around them, each ended with a newline (a file that ends its lines with CRLF gets those);
    ``entry`` itself when it is that already (a long one is not copied line by line)."""
    if _is_section_text(entry):
        first, _, _ = entry.partition("\n")
        last = entry[entry.rfind("\n", 0, -1) + 1 : -1]
        _check_entry(first, _hash_lines(entry), last, version=version)
        return entry
    return "".join(f"{line}\n" for line in _entry_lines(entry, version=version))


def with_release_sections(
    existing: str | None,
    entries: Sequence[tuple[str, str]],
    *,
    keep_older: bool,
    header: str = DEFAULT_CHANGELOG_HEADER,
) -> str:
    """``existing`` with ``entries`` (version and rendered entry, newest first) as its newest
    release sections, in one pass however many there are.

    The text above the first release section (with a leading Unreleased section) and the footer
    stay; the other release sections stay when ``keep_older`` (those of ``entries``' versions
    dropped), else they are all replaced.
    """
    blocks = [_entry_lines(entry, version=version) for version, entry in entries]
    text = (existing or "").removeprefix(_BOM)
    bom = _BOM if (existing or "").startswith(_BOM) else ""
    lines = _split_lines(text) if text.strip() else header.replace("\r\n", "\n").split("\n")
    opening = next((line for line in lines if line.strip()), "")
    newline = "\r\n" if opening.endswith("\r\n") else "\n"  # blank lines before it are dropped
    footer = _footer_start(lines)
    boundaries = [index for index in range(footer) if _is_boundary(lines[index])]
    if boundaries and _heading_token(lines[boundaries[0]]).lower() == _UNRELEASED:
        boundaries.pop(0)
    top = boundaries[0] if boundaries else footer
    older: list[list[str]] = []
    if keep_older and boundaries:
        written = {_without_v(version) for version, _ in entries}
        ends = [*boundaries[1:], footer]
        older = [
            lines[start:end]
            for start, end in zip(boundaries, ends, strict=True)
            if _heading_token(lines[start]) not in written
        ]
    parts: list[str] = []
    for block in (lines[:top], *blocks, *older, lines[footer:]):
        kept = _without_trailing_blanks(block)
        first = next((n for n, line in enumerate(kept) if line.strip()), len(kept))
        if kept[first:]:
            parts += [*([""] if parts else []), *kept[first:]]
    return bom + "".join(_with_ending(line, newline) for line in parts)


def newest_release(text: str) -> str | None:
    """The version the newest release section names (a leading Unreleased one skipped)."""
    lines = _split_lines(text.removeprefix(_BOM))
    for line in lines[: _footer_start(lines)]:
        token = _heading_token(line) if _is_boundary(line) else ""
        if token and token.lower() != _UNRELEASED:
            return token
    return None


def _entry_lines(entry: str, *, version: str) -> list[str]:
    """The entry's lines without endings; raise unless it is exactly one section for ``version``."""
    lines = _without_trailing_blanks(entry.replace("\r\n", "\n").split("\n"))
    while lines and not lines[0].strip():
        lines.pop(0)
    first = lines[0] if lines else ""
    _check_entry(first, enumerate(lines[1:], start=2), lines[-1] if lines else "", version=version)
    return lines


def _is_section_text(entry: str) -> bool:
    """Whether ``entry`` is its own lines joined, each ended with a newline: no CRLF, and no
    blank line first or last."""
    last = entry.rfind("\n", 0, -1) + 1
    return (
        entry.endswith("\n")
        and "\r\n" not in entry
        and bool(entry.partition("\n")[0].strip())
        and bool(entry[last:].strip())
    )


def _hash_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` after the first that may be headings, with their numbers."""
    number, at = 1, 0
    for match in _HASH_LINE.finditer(text):
        number += text.count("\n", at, match.start(1))
        at = match.start(1)
        yield number, match[1]


def _check_entry(first: str, lines: Iterable[tuple[int, str]], last: str, *, version: str) -> None:
    """Raise unless an entry whose first line is ``first`` and last ``last``, its other
    ``lines`` numbered (those that may be headings will do), is one section for ``version``."""
    if not _names_version(first, version):
        raise ChangelogEntryError(
            f"the changelog entry for {version} must start with a heading naming it, such as "
            f"`## {version} (2026-01-31)`, but starts with {first!r}; check the changelog "
            "entry template"
        )
    for number, line in lines:
        if _is_boundary(line):
            raise ChangelogEntryError(
                f"the changelog entry for {version} has a second top-level heading on line "
                f"{number} ({line!r}); use ### for its subsections in the changelog entry template"
            )
    if _LINK_DEFINITION.fullmatch(last):
        raise ChangelogEntryError(
            f"the changelog entry for {version} ends with a link reference definition "
            f"({last!r}); link the heading inline in the changelog entry template instead"
        )


def _entry_span(lines: list[str], *, version: str) -> tuple[int, int]:
    """The lines ``[start, end)`` the entry replaces (``start == end`` to insert)."""
    footer = _footer_start(lines)
    boundaries = [index for index in range(footer) if _is_boundary(lines[index])]
    ends = [*boundaries[1:], footer]
    for start, end in zip(boundaries, ends, strict=False):
        if _names_version(lines[start], version):
            return start, end
    if boundaries and _heading_token(lines[boundaries[0]]).lower() == _UNRELEASED:
        return ends[0], ends[0]
    anchor = boundaries[0] if boundaries else footer
    return anchor, anchor


def _footer_start(lines: list[str]) -> int:
    """Where the trailing block of link reference definitions (and blank lines) begins."""
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        content = _content(lines[index])
        if _LINK_DEFINITION.fullmatch(content):
            start = index
        elif content.strip():
            break
    return start


def _is_boundary(line: str) -> bool:
    """A level-2 heading, or a level-1 heading naming a version."""
    heading = _HEADING.fullmatch(_content(line))
    return heading is not None and (
        len(heading["marks"]) == 2 or _heading_token(line)[:1].isdigit()
    )


def _names_version(line: str, version: str) -> bool:
    """A boundary heading whose version token is exactly ``version`` (a ``v`` prefix aside)."""
    return _is_boundary(line) and _heading_token(line) == _without_v(version)


def _heading_token(line: str) -> str:
    """``## [v1.3.0](...) (date)`` -> ``1.3.0``; ``""`` for a line that is not a heading."""
    heading = _HEADING.fullmatch(_content(line))
    title = _TITLE_VERSION.match(heading["title"] or "") if heading else None
    return title["token"] if title else ""


def _without_v(version: str) -> str:
    return version[1:] if version[:1] in ("v", "V") and version[1:2].isdigit() else version


def _newline_of(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _split_lines(text: str) -> list[str]:
    """Lines split after each ``\\n``, endings kept; a last line without one stays as it is."""
    pieces = text.split("\n")
    return [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _with_ending(line: str, newline: str) -> str:
    """Existing lines keep their own ending; new ones (and an unended last line) get ``newline``."""
    return line if line.endswith("\n") else line.rstrip("\r") + newline
