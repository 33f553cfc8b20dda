"""The changelog section of a prepared release, exactly as the release PR writes it."""

from __future__ import annotations

from regent.core.changelog_file import changelog_section
from regent.core.ports import NotesRenderer
from regent.services.planning import PreparedRelease


def changelog_entry(renderer: NotesRenderer, prepared: PreparedRelease) -> str | None:
    """The section ``prepared`` adds to (or replaces in) the changelog file; None when it
    releases nothing."""
    notes = prepared.notes
    if notes is None:
        return None
    entry = renderer.changelog_entry(notes, release_notes=prepared.release_notes)
    return changelog_section(entry, version=notes.version)
