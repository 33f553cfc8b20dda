"""Who made a release (core/notes/contributors.py): tables of authors, accounts and history."""

from __future__ import annotations

import pytest

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes, group_sections
from regent.core.changes import CommitChange, Effect
from regent.core.notes.author import Author
from regent.core.notes.contributors import (
    Account,
    CommitAuthor,
    credit,
    credited,
    for_changelog,
    is_bot_author,
)
from regent.core.notes.policy import NotesPolicy
from regent.core.policy import ChangelogPolicy

DEPENDABOT_EMAIL = "49699333+dependabot[bot]@users.noreply.github.com"


def sha(n: int) -> str:
    return f"{n:040x}"


def authors(*people: tuple[str, str]) -> list[CommitAuthor]:
    """One commit per (name, email), oldest first, shas 1, 2, 3..."""
    return [CommitAuthor(sha(i), name, email) for i, (name, email) in enumerate(people, 1)]


def shown(people: tuple[Author, ...]) -> list[str]:
    return [person.display for person in people]


CASES = [
    pytest.param(
        authors(("Ann", "ann@x.org"), ("Bob", "bob@x.org")),
        {},
        None,
        (["Ann", "Bob"], [], []),
        id="offline: git names, first release names no first-timers",
    ),
    pytest.param(
        authors(("Ann", "ann@x.org"), ("Bob", "bob@x.org")),
        {sha(1): Account("ann"), sha(2): Account("bob")},
        {"ann@x.org"},
        (["@ann", "@bob"], ["@bob"], []),
        id="logins; bob has no commit before the previous release",
    ),
    pytest.param(
        authors(("Ann", "ann@x.org"), ("Ann B.", "ANN@x.org"), ("Ann", "ann@x.org")),
        {},
        {"zed@x.org"},
        (["Ann"], ["Ann"], []),
        id="one email in two cases and two names is one person",
    ),
    pytest.param(
        authors(("Ann", "ann@home.org"), ("Ann", "ann@work.org")),
        {sha(1): Account("ann"), sha(2): Account("Ann")},
        {"ann@work.org"},
        (["@ann"], [], []),
        id="two emails of one login are one person, not new if either wrote before",
    ),
    pytest.param(
        authors(("Ann", "ann@x.org"), ("Ann", "ann@x.org")),
        {sha(2): Account("ann")},
        {"bob@x.org"},
        (["@ann"], ["@ann"], []),
        id="an email's login read on one commit credits its other commits",
    ),
    pytest.param(
        authors(("Ann", "ann@x.org"), ("Cy", "cy@unlinked.org")),
        {sha(1): Account("ann")},
        {"ann@x.org", "cy@unlinked.org"},
        (["@ann", "Cy"], [], []),
        id="an email GitHub links to no account keeps its git name",
    ),
    pytest.param(
        authors(("dependabot[bot]", DEPENDABOT_EMAIL), ("Ann", "ann@x.org")),
        {sha(1): Account("dependabot[bot]", is_bot=True)},
        {"ann@x.org"},
        (["Ann"], [], ["@dependabot[bot]"]),
        id="a bot account is kept apart and never first-time",
    ),
    pytest.param(
        authors(("renovate[bot]", "bot@renovateapp.com"), ("CI", "ci[bot]@example.org")),
        {},
        set(),
        ([], [], ["renovate[bot]", "CI"]),
        id="offline bots by name or email local part",
    ),
    pytest.param(
        authors(("Release Bot", "rel@x.org")),
        {sha(1): Account("release-app", is_bot=True)},
        set(),
        ([], [], ["@release-app"]),
        id="an account of type Bot whatever its name",
    ),
]


@pytest.mark.parametrize(("listed", "accounts", "earlier", "expected"), CASES)
def test_credit(
    listed: list[CommitAuthor],
    accounts: dict[str, Account],
    earlier: set[str] | None,
    expected: tuple[list[str], list[str], list[str]],
) -> None:
    credits = credit(listed, accounts=accounts, earlier=earlier)
    assert (shown(credits.contributors), shown(credits.first_time), shown(credits.bots)) == expected
    assert set(credits.by_sha) == {author.sha for author in listed}


@pytest.mark.parametrize(
    ("name", "email", "account", "bot"),
    [
        ("dependabot[bot]", DEPENDABOT_EMAIL, None, True),
        ("Ann", "ann@x.org", None, False),
        ("Ann", "ann@x.org", Account("ann[bot]"), True),
        ("Ann", "ann@x.org", Account("ann"), False),
        ("[bot] fan", "fan@x.org", None, False),
    ],
)
def test_is_bot_author(name: str, email: str, account: Account | None, bot: bool) -> None:
    assert is_bot_author(name, email, account) is bot


def test_credited_notes_carry_the_people_and_entries_their_authors_as_built() -> None:
    credits = credit(authors(("Ann", "ann@x.org")), accounts={}, earlier=set())
    changes = (CommitChange(sha(1), Effect.COUNTED, type="feat", description="add x"),)
    sections = group_sections(changes, policy=ChangelogPolicy(), authors=credits.by_sha)
    dependency = NoteEntry("bump y", None, "", "", None, ())
    notes = ReleaseNotes(
        "1.1.0", "v1.1.0", "v1.0.0", "2026-12-07", False,
        (NoteSection("Features", (*sections[0].entries, dependency)),), None,
    )  # fmt: skip
    result = credited(notes, credits, show=True)
    assert [e.author for e in result.sections[0].entries] == [Author("Ann", "ann@x.org"), None]
    assert (result.contributors, result.first_time_contributors) == (
        (Author("Ann", "ann@x.org"),),
    ) * 2
    assert result.show_contributors
    assert result.mentions
    changelog = for_changelog(result, NotesPolicy())
    assert (changelog.show_contributors, changelog.mentions) == (False, False)
    assert for_changelog(result, NotesPolicy(contributors_in_changelog=True)).show_contributors
