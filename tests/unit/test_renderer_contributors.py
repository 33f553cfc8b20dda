"""Authors and contributors in the rendered notes: @-mentions in the GitHub Release, never in
CHANGELOG.md; names escaped; GitHub's generated notes appended to the release notes only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from regent.adapters.jinja_renderer import JinjaRenderer, format_author, format_authors
from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.markdown import WORD_JOINER
from regent.core.notes.author import Author
from regent.core.notes.contributors import Account, CommitAuthor, credit, credited, for_changelog
from regent.core.notes.policy import NotesPolicy
from regent.core.policy import TemplatePolicy

ANN, BOB, BOT = "a" * 40, "b" * 40, "c" * 40


@pytest.mark.parametrize(
    ("author", "mentions", "expected"),
    [
        (Author("Ann", "ann@x.org", "ann"), True, "@ann"),
        (Author("Ann", "ann@x.org", "ann"), False, "`@ann`"),
        (Author("dependabot[bot]", "d@x", "dependabot[bot]", True), True, "@dependabot[bot]"),
        (Author("dependabot[bot]", "d@x", "dependabot[bot]", True), False, "`@dependabot[bot]`"),
        (Author("Ann <b>", "ann@x.org"), True, f"Ann <{WORD_JOINER}b>"),
        (Author("@everyone", "e@x.org"), True, f"@{WORD_JOINER}everyone"),
        (Author("", "ann@x.org"), True, "ann@x.org"),
        (Author("x", "x@x", "not a login`"), True, "not a login`"),
    ],
    ids=[
        "mention",
        "code span",
        "bot mention",
        "bot code span",
        "html in a name",
        "a name cannot mention",
        "no name",
        "an odd login is text, not a mention",
    ],
)
def test_format_author(author: Author, mentions: bool, expected: str) -> None:
    assert format_author(author, mentions=mentions) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, ""), (1, "@a0"), (2, "@a0 and @a1"), (3, "@a0, @a1 and @a2")],
)
def test_format_authors(count: int, expected: str) -> None:
    people = [Author(f"A{i}", f"a{i}@x", f"a{i}") for i in range(count)]
    assert format_authors(people, mentions=True) == expected


def credited_notes() -> ReleaseNotes:
    credits = credit(
        [
            CommitAuthor(ANN, "Ann", "ann@x.org"),
            CommitAuthor(BOB, "Bob", "bob@x.org"),
            CommitAuthor(BOT, "dependabot[bot]", "1+dependabot[bot]@users.noreply.github.com"),
        ],
        accounts={ANN: Account("ann"), BOB: Account("bob"), BOT: Account("dependabot[bot]", True)},
        earlier={"ann@x.org"},
    )
    by = credits.by_sha
    entries = (
        NoteEntry("add x", None, ANN, ANN[:7], 3, (), by[ANN]),
        NoteEntry("add y", None, BOB, BOB[:7], None, (), by[BOB]),
        NoteEntry("bump z", None, BOT, BOT[:7], None, (), by[BOT]),
    )
    notes = ReleaseNotes(
        "1.1.0", "v1.1.0", "v1.0.0", "2026-12-07", False,
        (NoteSection("Features", entries),), None,
    )  # fmt: skip
    return credited(notes, credits, show=True)


RELEASE = """\
### Features

* add x (#3) (aaaaaaa) by @ann
* add y (bbbbbbb) by @bob
* bump z (ccccccc) by @dependabot[bot]

### Contributors

Thanks to @ann and @bob.

First-time contributors: @bob. Welcome!

Automated updates by @dependabot[bot].
"""


def test_release_notes_mention_and_thank_the_people() -> None:
    assert JinjaRenderer(overrides=TemplatePolicy()).release_notes(credited_notes()) == RELEASE


def test_changelog_never_mentions_and_shows_contributors_only_when_asked() -> None:
    renderer = JinjaRenderer(overrides=TemplatePolicy())
    notes = replace(credited_notes(), generated_notes="## What's Changed\n* x by @ann")
    off = for_changelog(notes, NotesPolicy())
    text = renderer.changelog_entry(off, release_notes=renderer.release_notes(off))
    assert "@" not in text
    assert "Contributors" not in text
    assert "What's Changed" not in text
    on = for_changelog(notes, NotesPolicy(contributors_in_changelog=True))
    text = renderer.changelog_entry(on, release_notes=renderer.release_notes(on))
    assert "* add x (#3) (aaaaaaa) by `@ann`" in text
    assert "Thanks to `@ann` and `@bob`." in text
    assert "@" not in text.replace("`@", "")


def test_generated_notes_follow_ours_in_the_release() -> None:
    notes = replace(
        credited_notes(), show_contributors=False, generated_notes="## What's Changed\n* x by @ann"
    )
    text = JinjaRenderer(overrides=TemplatePolicy()).release_notes(notes)
    assert text.endswith("* bump z (ccccccc)\n\n## What's Changed\n* x by @ann\n")
    assert "Contributors" not in text
    assert " by @bob" not in text


@pytest.mark.parametrize(
    ("override", "show", "changes", "alike"),
    [
        (False, False, {"mentions": False}, True),
        (False, True, {"mentions": False}, False),
        (True, False, {"mentions": False}, False),
        (False, False, {}, True),
        (True, True, {}, True),
        (False, False, {"show_contributors": True}, False),
        (False, False, {"generated_notes": "## What's Changed"}, False),
    ],
    ids=[
        "built-in, no authors shown: mentions unseen",
        "built-in, authors shown: mentions seen",
        "a template of our own may read mentions",
        "equal notes",
        "equal notes, own template",
        "contributors shown in one",
        "generated notes in one",
    ],
)
def test_renders_alike(override: bool, show: bool, changes: dict[str, object], alike: bool) -> None:
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="notes.md.j2" if override else None),
        read_template=lambda path: "{{ notes.mentions }}",
    )
    notes = replace(credited_notes(), show_contributors=show)
    other = replace(notes, **changes)  # type: ignore[arg-type]
    assert renderer.renders_alike(notes, other) is alike
    if alike:
        assert renderer.release_notes(notes) == renderer.release_notes(other)
