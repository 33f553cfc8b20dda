"""A component's notes when it releases with nothing of its own to list (a table)."""

from __future__ import annotations

import pytest

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.components.notes import LINKED_TITLE, explained_notes

FIX = NoteSection("Bug Fixes", (NoteEntry("retry once", None, "abc", "abc", None, ()),))
LINE = "No changes of its own: released with the linked group [api, cli] to keep one version."


def notes(*sections: NoteSection) -> ReleaseNotes:
    return ReleaseNotes("1.0.1", "cli-v1.0.1", "cli-v1.0.0", "2026-12-07", False, sections, None)


@pytest.mark.parametrize(
    ("given", "group", "expected"),
    [
        (notes(), ("api", "cli"), [(LINKED_TITLE, [LINE])]),
        (notes(FIX), ("api", "cli"), [("Bug Fixes", ["retry once"])]),
        (notes(), ("cli",), []),
        (
            notes(),
            ("api", "cli", "web"),
            [(LINKED_TITLE, [LINE.replace("[api, cli]", "[api, cli, web]")])],
        ),
    ],
    ids=["linked-and-empty", "own-changes-kept", "alone-untouched", "three-members"],
)
def test_a_linked_member_with_nothing_to_list_says_why_it_releases(
    given: ReleaseNotes, group: tuple[str, ...], expected: list[tuple[str, list[str]]]
) -> None:
    found = explained_notes(given, group=group)
    assert [(s.title, [e.description for e in s.entries]) for s in found.sections] == expected
    assert all(not e.sha for s in found.sections if s.title == LINKED_TITLE for e in s.entries)
