"""What a plan's notes show besides its commits' sections: each entry's pull request title
(``notes.entry_text: pr_title``) and who made the release (``notes.contributors``), read once
per range: the authors from git, their GitHub logins from one paged listing when a token is at
hand."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from regent.core.changelog import ReleaseNotes
from regent.core.errors import GitHubNotFoundError
from regent.core.notes.author import Author
from regent.core.notes.contributors import (
    Account,
    AccountsReader,
    AuthorsReader,
    Credits,
    credit,
    credited,
    for_changelog,
)
from regent.core.notes.entry_text import with_pull_titles
from regent.core.notes.policy import EntryText, NotesPolicy
from regent.core.policy import ReleasePolicy
from regent.core.ports import NotesRenderer

log = logging.getLogger(__name__)


class NotesExtras:
    """Reads each range's credits once (a run plans a range more than once) and finishes notes.

    ``accounts`` None (no token): authors are shown by their git names.
    """

    def __init__(self, authors: AuthorsReader, accounts: AccountsReader | None = None) -> None:
        self._authors = authors
        self._accounts_reader = accounts
        self._credits: dict[tuple[str | None, str], Credits] = {}

    def authors(
        self, *, policy: ReleasePolicy, start: str | None, head: str
    ) -> Mapping[str, Author] | None:
        """Each commit's author after ``start`` up to ``head``, by sha, to build the notes'
        entries with; None when no destination shows them."""
        return self.credits(start, head).by_sha if policy.notes.reads_authors else None

    def finish(
        self,
        notes: ReleaseNotes,
        *,
        policy: ReleasePolicy,
        start: str | None,
        head: str,
        titles: Mapping[int, str],
    ) -> ReleaseNotes:
        """``notes`` of the range after ``start`` (None: the whole history) up to ``head`` (its
        entries built with ``authors``), with the pull request titles (``titles``, by number,
        from the merged pull requests read) and the people the policy asks for."""
        if policy.notes.entry_text is EntryText.PR_TITLE:
            notes = with_pull_titles(notes, titles, breaking_title=policy.changelog.breaking_title)
        if not policy.notes.reads_authors:
            return notes
        return credited(notes, self.credits(start, head), show=policy.notes.contributors_in_release)

    def credits(self, start: str | None, head: str) -> Credits:
        """Who made the commits after ``start`` up to ``head``: one git pass over the range, one
        over the history before it and one paged listing, each stopped once every author is
        found."""
        key = (start, head)
        if key not in self._credits:
            listed = list(self._authors.commit_authors(until=head, since=start))
            listed.reverse()  # oldest first: people are thanked in the order they came
            emails = {author.email.lower() for author in listed}
            earlier = (
                None if start is None else self._authors.earlier_authors(until=start, emails=emails)
            )
            accounts = self._accounts(start, head, emails) if listed else {}
            self._credits[key] = credit(listed, accounts=accounts, earlier=earlier)
        return self._credits[key]

    def _accounts(self, start: str | None, head: str, emails: set[str]) -> Mapping[str, Account]:
        if self._accounts_reader is None:
            return {}
        try:
            return self._accounts_reader.commit_accounts(base=start, head=head, emails=emails)
        except GitHubNotFoundError as error:  # a local commit GitHub does not have yet
            log.info("contributors shown by their git names: %s", error.message)
            return {}


def changelog_entry(
    renderer: NotesRenderer,
    notes: ReleaseNotes,
    *,
    policy: NotesPolicy,
    release_notes: str | None = None,
) -> str:
    """The CHANGELOG.md section of ``notes``, as the changelog shows them (``for_changelog``:
    contributors only when configured, no @-mentions, no generated notes); ``release_notes``
    (``notes`` rendered, when they were) is its notes when the changelog's render the same."""
    shown = for_changelog(notes, policy)
    if release_notes is None or not renderer.renders_alike(notes, shown):
        release_notes = renderer.release_notes(shown)
    return renderer.changelog_entry(shown, release_notes=release_notes)


def with_generated_notes(
    notes: ReleaseNotes, text: str, *, renderer: NotesRenderer
) -> tuple[ReleaseNotes, str]:
    """``notes`` with GitHub's generated notes appended, and their rendering."""
    shown = replace(notes, generated_notes=text.strip())
    return shown, renderer.release_notes(shown)
