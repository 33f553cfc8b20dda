"""A component's notes when it releases with nothing of its own to list (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes

LINKED_TITLE = "Linked group"


def linked_reason(group: Sequence[str]) -> str:
    """The one line saying why a member of ``group`` releases with no changes of its own."""
    names = ", ".join(group)
    return f"No changes of its own: released with the linked group [{names}] to keep one version."


def explained_notes(notes: ReleaseNotes, *, group: Sequence[str]) -> ReleaseNotes:
    """``notes`` with one line saying why they release, when they list nothing and the
    component is in a linked group (``group``: its members); as they are otherwise."""
    if notes.sections or len(group) < 2:
        return notes
    entry = NoteEntry(linked_reason(group), None, "", "", None, ())
    return replace(notes, sections=(NoteSection(LINKED_TITLE, (entry,)),))
