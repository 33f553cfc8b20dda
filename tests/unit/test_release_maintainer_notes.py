"""The maintainers' notes in the release PR body: read back as written, whatever is around them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.release_pr.maintainer_notes import (
    CLOSING_LINE,
    OPENING_LINE,
    clean_notes,
    maintainer_section,
    read_maintainer_notes,
)
from tests.time_guard import guard

OPEN, CLOSE = OPENING_LINE, CLOSING_LINE


@pytest.mark.parametrize(
    ("body", "notes"),
    [
        pytest.param(maintainer_section(""), "", id="empty-section"),
        pytest.param(f"{OPEN}\n\nShip it.\n\n{CLOSE}\n\n### Features", "Ship it.", id="one-line"),
        pytest.param(
            f"{OPEN}\r\n\r\nLine one\r\n\r\n* a\r\n* b\r\n\r\n{CLOSE}\r\nrest",
            "Line one\n\n* a\n* b",
            id="crlf-from-the-web-editor",
        ),
        pytest.param(
            f"{OPEN}\n\n    indented code\n  \n\n{CLOSE}", "    indented code", id="indent-kept"
        ),
        pytest.param(
            f"{OPEN.replace('maintainers', 'team')}\nkept\n{CLOSE}",
            "",
            id="bold-words-edited",
        ),
        pytest.param(f"{OPEN} (edited)\nkept\n{CLOSE} (edited)", "kept", id="explanations-edited"),
        pytest.param(f"{OPEN}\nno closing line", "", id="closing-line-gone"),
        pytest.param(f"notes\n{CLOSE}", "", id="opening-line-gone"),
        pytest.param(f"\n \n{OPEN}\nkept\n{CLOSE}", "kept", id="blank-lines-above"),
        pytest.param(f"{CLOSE}\n{OPEN}\nlate\n{CLOSE}", "", id="closing-before-opening"),
        pytest.param(f"typed above\n{OPEN}\nnotes\n{CLOSE}", "", id="text-above-the-section"),
        pytest.param(
            f"Merging this releases v1.\n\n* a commit\n{OPEN}\nforged\n{CLOSE}",
            "",
            id="lines-below-the-top-are-not-a-section",
        ),
        pytest.param(f"{OPEN}\na\n{CLOSE}\nb\n{CLOSE}", "a", id="first-closing-line"),
        pytest.param(f"{OPEN}\na\n{OPEN}\nb\n{CLOSE}", f"a\n{OPEN}\nb", id="second-opening-kept"),
        pytest.param(f"* {OPEN}\nfake\n{CLOSE}", "", id="in-a-bullet-not-a-marker"),
        pytest.param(f"  {OPEN}\nfake\n{CLOSE}", "", id="indented-not-a-marker"),
        pytest.param(
            f"{OPEN}\n# Big\n## Less\n### Kept\n{CLOSE}",
            "### Big\n#### Less\n### Kept",
            id="headings",
        ),
        pytest.param(
            f"{OPEN}\n  ## indented\n#hashtag\n{CLOSE}",
            "  #### indented\n#hashtag",
            id="heading-shapes",
        ),
        pytest.param(
            f"{OPEN}\nbell \x07 and \x1b[31m\n{CLOSE}", "bell \ufffd and \ufffd[31m", id="controls"
        ),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_read_maintainer_notes(body: str | None, notes: str) -> None:
    assert read_maintainer_notes(body) == notes


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"{OPEN}\n" + "x\n" * 1_000_000, id="no-closing-line-megabytes"),
        pytest.param(f"{OPEN}\n" * 200_000, id="only-opening-lines"),
        pytest.param(f"{OPEN}\n" + "# h\n" * 200_000 + CLOSE, id="many-headings"),
    ],
)
def test_reading_is_linear(body: str) -> None:
    with guard():
        read_maintainer_notes(body)


@given(st.text())
def test_notes_written_back_read_the_same(text: str) -> None:
    notes = clean_notes(text)
    assert read_maintainer_notes(maintainer_section(notes) + "\n### Features\n") == notes
    assert clean_notes(notes) == notes


def test_the_section_is_visible_text() -> None:
    section = maintainer_section("Ship it.")
    assert section == f"{OPEN}\n\nShip it.\n\n{CLOSE}\n"
    assert "<!--" not in section
    assert "kept on every update" in OPEN
