"""``notes.entry_text: pr_title``: an entry shows the title of the merged pull request its
commit belongs to, as people wrote it for readers, instead of the commit's description."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes

_TYPE_PREFIX = re.compile(r"[^\s():!]+(?:\([^()]+\))?!?:\s*(?=\S)")
"""A Conventional Commit header's ``type(scope)!: ``, taken off a title read under a section
that already says the type."""
_NUMBER_SUFFIX = re.compile(r"\s\(#[0-9]{1,12}\)\s*$")


def title_text(title: str) -> str:
    """A pull request title as an entry's text: its ``feat(api): `` prefix and ``(#12)``
    suffix dropped, surrounding spaces trimmed; the title itself when nothing is left."""
    text = _NUMBER_SUFFIX.sub("", _TYPE_PREFIX.sub("", title.strip(), count=1)).strip()
    return text or title.strip()


def with_pull_titles(
    notes: ReleaseNotes, titles: Mapping[int, str], *, breaking_title: str
) -> ReleaseNotes:
    """``notes`` whose entries of a merged pull request show its title (``titles``: by number),
    one entry per pull request and section; the breaking changes section keeps each commit's
    breaking description, which says what to change."""
    if not titles:
        return notes
    return replace(
        notes,
        sections=tuple(
            section
            if section.title == breaking_title
            else NoteSection(section.title, _titled(section.entries, titles))
            for section in notes.sections
        ),
    )


def _titled(entries: tuple[NoteEntry, ...], titles: Mapping[int, str]) -> tuple[NoteEntry, ...]:
    """The entries with pull request titles, the later entries of one pull request dropped
    (their issues joined to the first's)."""
    kept: list[NoteEntry] = []
    first_of: dict[int, int] = {}
    for entry in entries:
        title = titles.get(entry.pr) if entry.pr is not None else None
        if title is None or entry.pr is None:
            kept.append(entry)
            continue
        at = first_of.get(entry.pr)
        if at is None:
            first_of[entry.pr] = len(kept)
            kept.append(replace(entry, description=title_text(title)))
        elif entry.issues:
            earlier = kept[at]
            issues = tuple(dict.fromkeys((*earlier.issues, *entry.issues)))
            kept[at] = replace(earlier, issues=issues)
    return tuple(kept)
