"""The changelog section of a prepared release, exactly as the release PR writes it."""

from __future__ import annotations

from regent.core.changelog_file import changelog_section
from regent.core.policy import ReleasePolicy
from regent.core.ports import NotesRenderer
from regent.services.planning import PreparedRelease
from regent.services.release_notes_extras import changelog_entry


def changelog_preview(
    renderer: NotesRenderer, prepared: PreparedRelease, *, policy: ReleasePolicy
) -> str | None:
    """The section ``prepared`` adds to (or replaces in) the changelog file under ``policy``
    (its ``notes:`` say what the changelog shows); None when it releases nothing."""
    notes = prepared.notes
    if notes is None:
        return None
    entry = changelog_entry(
        renderer, notes, policy=policy.notes, release_notes=prepared.release_notes
    )
    return changelog_section(entry, version=notes.version)
