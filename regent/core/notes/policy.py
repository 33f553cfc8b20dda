"""The ``notes:`` settings as plain values: contributors per destination, entry text, and
GitHub's generated notes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EntryText(enum.StrEnum):
    """Where an entry's text comes from."""

    COMMIT = "commit"
    """The commit's description (its Conventional Commit header)."""
    PR_TITLE = "pr_title"
    """The title of the merged pull request the commit belongs to, else the commit's."""


class GeneratedNotes(enum.StrEnum):
    """What to do with GitHub's own generated release notes."""

    NONE = "none"
    APPEND = "append"
    """Below ours, in the GitHub Release only."""


@dataclass(frozen=True, slots=True)
class NotesPolicy:
    """What the notes show besides the commits' sections."""

    contributors_in_release: bool = True
    """Authors (``by @login``) and the contributors lines in the GitHub Release and release PR."""
    contributors_in_changelog: bool = False
    """The same in CHANGELOG.md (logins are never @-mentions there)."""
    entry_text: EntryText = EntryText.COMMIT
    github_generated: GeneratedNotes = GeneratedNotes.NONE

    @property
    def reads_authors(self) -> bool:
        """Whether any destination shows contributors, so the commits' authors are read."""
        return self.contributors_in_release or self.contributors_in_changelog
