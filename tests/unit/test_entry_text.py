"""``notes.entry_text: pr_title`` (core/notes/entry_text.py): entries show their merged pull
request's title, once per pull request and section."""

from __future__ import annotations

import pytest

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.notes.entry_text import title_text, with_pull_titles

BREAKING = "⚠ Breaking Changes"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Add a dark mode", "Add a dark mode"),
        ("feat(ui): add a dark mode", "add a dark mode"),
        ("feat!: drop Python 3.8 (#12)", "drop Python 3.8"),
        ("  Fix: the crash  ", "the crash"),
        ("feat: ", "feat:"),
        (
            "Note: this is not a type? yes it is read as one",
            "this is not a type? yes it is read as one",
        ),
        ("What (#4) means", "What (#4) means"),
    ],
)
def test_title_text(title: str, text: str) -> None:
    assert title_text(title) == text


def entry(description: str, pr: int | None, issues: tuple[int, ...] = ()) -> NoteEntry:
    return NoteEntry(description, None, f"{len(description):040x}", "abc1234", pr, issues)


def notes(*sections: NoteSection) -> ReleaseNotes:
    return ReleaseNotes("1.0.0", "v1.0.0", None, "2026-12-07", False, sections, None)


def texts(result: ReleaseNotes) -> list[list[tuple[str, tuple[int, ...]]]]:
    return [[(e.description, e.issues) for e in s.entries] for s in result.sections]


def test_entries_take_their_pull_request_title_once_per_section() -> None:
    given = notes(
        NoteSection(BREAKING, (entry("the config moved", 7),)),
        NoteSection(
            "Features",
            (entry("a", 7, (1,)), entry("b", 7, (2, 1)), entry("direct push", None), entry("c", 9)),
        ),
        NoteSection("Bug Fixes", (entry("d", 7),)),
    )
    result = with_pull_titles(
        given, {7: "feat: a new config file (#7)", 9: "Faster start"}, breaking_title=BREAKING
    )
    assert texts(result) == [
        [("the config moved", ())],
        [("a new config file", (1, 2)), ("direct push", ()), ("Faster start", ())],
        [("a new config file", ())],
    ]


def test_no_titles_read_leaves_the_notes() -> None:
    given = notes(NoteSection("Features", (entry("a", 7),)))
    assert with_pull_titles(given, {}, breaking_title=BREAKING) is given
