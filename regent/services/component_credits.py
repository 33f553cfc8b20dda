"""Who made each component's release and its pull requests' titles (``notes.contributors``,
``notes.entry_text: pr_title`` of a monorepo's components): each component's authors from
git, their GitHub logins from ONE paged listing over the union of the components' ranges,
split by sha."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from regent.core.changelog import ReleaseNotes
from regent.core.components.model import Monorepo
from regent.core.components.ports import FileHistoryReader
from regent.core.errors import GitHubNotFoundError
from regent.core.model import instant
from regent.core.notes.author import Author
from regent.core.notes.contributors import (
    Account,
    AccountsReader,
    CommitAuthor,
    Credits,
    credit,
    credited,
)
from regent.core.notes.entry_text import with_pull_titles
from regent.core.notes.policy import EntryText
from regent.core.plan import ReleasePlan
from regent.core.policy import ReleasePolicy

log = logging.getLogger(__name__)


class ComponentCredits:
    """One run's credits of every component: the union range's accounts read once."""

    def __init__(
        self,
        authors: FileHistoryReader,
        accounts: AccountsReader | None,
        *,
        commit_time: Callable[[str], str | None],
    ) -> None:
        self._authors = authors
        self._accounts_reader = accounts
        self._commit_time = commit_time
        self._listed: dict[tuple[str | None, str], list[CommitAuthor]] = {}

    def of_plans(
        self, plans: Mapping[str, ReleasePlan], *, monorepo: Monorepo, head: str
    ) -> dict[str, Credits]:
        """The credits of each releasing component whose notes show people, by name."""
        ranges = {
            component.name: (plan.history_range.commit, _shas(plan))
            for component in monorepo.components
            if (plan := plans[component.name]).next_tag is not None
            and component.policy.notes.reads_authors
        }
        return self.credits(head=head, ranges=ranges) if ranges else {}

    def credits(
        self, *, head: str, ranges: Mapping[str, tuple[str | None, Sequence[str]]]
    ) -> dict[str, Credits]:
        """Each component's credits, by name, from its ``(start, shas)`` range up to ``head``:
        one git pass per distinct start, one over the history before each start, and one
        paged accounts listing over their union (from the oldest start), split by sha."""
        walked = self._authors.walked_authors()
        order = {sha: at for at, sha in enumerate(walked)}  # newest first
        listed: dict[str, list[CommitAuthor]] = {}
        for name, (start, shas) in ranges.items():
            if walked:  # the plan's one walk read every range (a merge has no author there)
                found = sorted((sha for sha in set(shas) if sha in order), key=order.__getitem__)
                authors = [walked[sha] for sha in found]
            else:
                wanted = set(shas)
                authors = [a for a in self._range_authors(start, head) if a.sha in wanted]
            authors.reverse()  # oldest first: people are thanked in the order they came
            listed[name] = authors
        emails = {a.email.lower() for authors in listed.values() for a in authors}
        starts = [start for start, _ in ranges.values()]
        accounts = self._read_accounts(head, starts, emails) if emails else {}
        credits = {}
        for name, authors in listed.items():
            start = ranges[name][0]
            mine = {a.email.lower() for a in authors}
            earlier = (
                None if start is None else self._authors.earlier_authors(until=start, emails=mine)
            )
            credits[name] = credit(authors, accounts=accounts, earlier=earlier)
        return credits

    def _range_authors(self, start: str | None, head: str) -> list[CommitAuthor]:
        key = (start, head)
        if key not in self._listed:
            self._listed[key] = list(self._authors.commit_authors(until=head, since=start))
        return self._listed[key]

    def _read_accounts(
        self, head: str, starts: Sequence[str | None], emails: set[str]
    ) -> Mapping[str, Account]:
        """Every commit's account from the oldest start up to ``head``: one paged listing."""
        if self._accounts_reader is None:
            return {}
        base = _oldest(starts, self._commit_time)
        try:
            return self._accounts_reader.commit_accounts(base=base, head=head, emails=emails)
        except GitHubNotFoundError as error:  # a local commit GitHub does not have yet
            log.info("contributors shown by their git names: %s", error.message)
            return {}


def _shas(plan: ReleasePlan) -> list[str]:
    """The commits a plan's notes may list: its own and those its notes were given."""
    return [change.sha for change in (*plan.changes, *plan.notes_changes)]


def _oldest(starts: Sequence[str | None], commit_time: Callable[[str], str | None]) -> str | None:
    """The earliest start (None when a range has none: the whole history)."""
    if not starts or any(start is None for start in starts):
        return None
    timed = [(time, start) for start in starts if start and (time := commit_time(start))]
    if len(timed) != len(starts):
        return None
    return min(timed, key=lambda pair: instant(pair[0]))[1]


def finished(
    notes: ReleaseNotes,
    *,
    policy: ReleasePolicy,
    credits: Credits | None,
    titles: Mapping[int, str],
) -> ReleaseNotes:
    """A component's ``notes`` with its pull requests' titles and people, as its policy asks."""
    if policy.notes.entry_text is EntryText.PR_TITLE:
        notes = with_pull_titles(notes, titles, breaking_title=policy.changelog.breaking_title)
    if credits is None:
        return notes
    return credited(notes, credits, show=policy.notes.contributors_in_release)


def authors_of(credits: Credits | None) -> Mapping[str, Author] | None:
    """Each commit's author, by sha, to build a component's entries with."""
    return None if credits is None else credits.by_sha
