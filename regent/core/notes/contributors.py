"""Who made a release: each commit's author, the contributors, the first-time ones, the bots.

A person is one GitHub login, or, without one, one email (case-insensitive): two emails of one
login are one contributor, and so are two names of one email. A bot is an account of type Bot,
or an author whose login, name or email local part ends in ``[bot]`` (``dependabot[bot]``).
A first-time contributor is a person none of whose emails authored a commit before the previous
release (none are named on a first release, which has no "before").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from regent.core.changelog import ReleaseNotes
from regent.core.notes.author import BOT_SUFFIX, Author
from regent.core.notes.policy import NotesPolicy


class CommitAuthor(NamedTuple):
    """A commit's author as git records it."""

    sha: str
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Account:
    """The GitHub account a commit is linked to."""

    login: str
    is_bot: bool = False


class AuthorsReader(Protocol):
    """The authors of a history (git: ``GitHistory``)."""

    def commit_authors(self, *, until: str, since: str | None) -> Iterable[CommitAuthor]:
        """The authors of the non-merge commits in ``since..until``, newest first, one pass."""

    def earlier_authors(self, *, until: str, emails: Collection[str]) -> frozenset[str]:
        """Which of ``emails`` (lower case) authored a commit reachable from ``until``: one
        streamed pass, stopped once all are found."""


class AccountsReader(Protocol):
    """The GitHub accounts of a range's commits (a ``GitHubAdapter`` is one)."""

    def commit_accounts(
        self, *, base: str | None, head: str, emails: Collection[str] = ()
    ) -> Mapping[str, Account]:
        """The account of each commit in ``base..head`` that GitHub links to one, by sha, from
        one paged listing (100 commits a page) read until each of ``emails`` has shown up."""


@dataclass(frozen=True, slots=True)
class Credits:
    """Each commit's author, and the people of the release."""

    by_sha: Mapping[str, Author]
    contributors: tuple[Author, ...] = ()
    """The people (no bots), in the order of their first commit given."""
    first_time: tuple[Author, ...] = ()
    bots: tuple[Author, ...] = ()


NO_CREDITS = Credits({})


def is_bot_author(name: str, email: str, account: Account | None) -> bool:
    """Whether an author is a bot: its account says so, or its login, name or email's local
    part ends in ``[bot]``."""
    if account is not None and (account.is_bot or account.login.endswith(BOT_SUFFIX)):
        return True
    return name.endswith(BOT_SUFFIX) or email.partition("@")[0].endswith(BOT_SUFFIX)


def credit(
    authors: Sequence[CommitAuthor],
    *,
    accounts: Mapping[str, Account],
    earlier: Collection[str] | None,
) -> Credits:
    """The credits of ``authors`` (oldest first), with the GitHub ``accounts`` read by sha and
    the lower-case ``earlier`` emails that authored a commit before the previous release
    (None: there is no previous release). One pass over the authors, then one over the people."""
    login_of_email: dict[str, Account] = {}
    for author in authors:
        account = accounts.get(author.sha)
        if account is not None:
            login_of_email.setdefault(author.email.lower(), account)
    people: dict[str, Author] = {}
    emails: dict[str, set[str]] = {}
    by_sha: dict[str, Author] = {}
    for author in authors:
        email = author.email.lower()
        account = accounts.get(author.sha) or login_of_email.get(email)
        key = f"login:{account.login.lower()}" if account is not None else f"email:{email}"
        person = people.get(key)
        if person is None:
            login = account.login if account is not None else None
            bot = is_bot_author(author.name, author.email, account)
            person = people[key] = Author(author.name, author.email, login, bot)
        emails.setdefault(key, set()).add(email)
        by_sha[author.sha] = person
    humans = [(key, person) for key, person in people.items() if not person.is_bot]
    first = (
        ()
        if earlier is None
        else tuple(person for key, person in humans if emails[key].isdisjoint(earlier))
    )
    return Credits(
        by_sha,
        tuple(person for _, person in humans),
        first,
        tuple(person for person in people.values() if person.is_bot),
    )


def credited(notes: ReleaseNotes, credits: Credits, *, show: bool) -> ReleaseNotes:
    """``notes`` with the release's people; ``show``: whether this destination (the GitHub
    Release and release PR) shows them. Each entry's author is given as it is built
    (``build_release_notes``' ``authors``: ``credits.by_sha``), not here."""
    return replace(
        notes,
        contributors=credits.contributors,
        first_time_contributors=credits.first_time,
        bots=credits.bots,
        show_contributors=show,
    )


def for_changelog(notes: ReleaseNotes, policy: NotesPolicy) -> ReleaseNotes:
    """``notes`` as CHANGELOG.md shows them: contributors only when configured, logins never
    as @-mentions, and without GitHub's generated notes."""
    return replace(
        notes,
        show_contributors=policy.contributors_in_changelog,
        mentions=False,
        generated_notes="",
    )
