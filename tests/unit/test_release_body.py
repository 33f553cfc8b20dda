"""The release PR body fits GitHub's limit: long notes are cut with a notice, the maintainers'
section and the marker kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.release_pr.body import (
    PR_BODY_LIMIT,
    RELEASE_BODY_LIMIT,
    RELEASE_TRUNCATION_NOTICE,
    TRUNCATION_NOTICE,
    release_body,
    release_pr_body,
)
from regent.core.release_pr.maintainer_notes import maintainer_section, read_maintainer_notes
from regent.core.release_pr.marker import ReleasePrMarker, format_marker, parse_marker

MARKER = ReleasePrMarker("1.2.0", "v1.2.0", "a" * 40, "sha256:0", "2026-11-26")
LINE = format_marker(MARKER)
SECTION = maintainer_section("") + "\n"
"""The empty maintainers' section that opens every release PR body."""


def units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@pytest.mark.parametrize(
    ("visible", "body"),
    [
        pytest.param("notes\n", f"{SECTION}notes\n\n{LINE}\n", id="plain"),
        pytest.param("notes", f"{SECTION}notes\n\n{LINE}\n", id="no-final-newline"),
        pytest.param("notes\n\n\n", f"{SECTION}notes\n\n{LINE}\n", id="blank-lines"),
        pytest.param("", f"{SECTION}\n\n{LINE}\n", id="empty"),
    ],
)
def test_short_bodies_are_kept_whole(visible: str, body: str) -> None:
    assert release_pr_body(visible, MARKER) == body


def test_the_maintainers_notes_open_the_body() -> None:
    body = release_pr_body("notes\n", MARKER, maintainer_notes="Upgrade with care.")
    assert body == f"{maintainer_section('Upgrade with care.')}\nnotes\n\n{LINE}\n"
    assert read_maintainer_notes(body) == "Upgrade with care."


@pytest.mark.parametrize(
    ("line", "count"),
    [
        pytest.param("* a fix (abc1234)\n", 5_000, id="ascii"),
        pytest.param("* ünïcödé fix\n", 6_000, id="accents"),
        pytest.param("* 🚀 astral fix 🚀\n", 5_000, id="astral"),
        pytest.param("x" * 70_000, 1, id="one-long-line"),
    ],
)
def test_long_notes_are_cut_with_a_notice_and_the_marker_kept(line: str, count: int) -> None:
    body = release_pr_body(line * count, MARKER)
    assert units(body) <= PR_BODY_LIMIT
    assert units(body) > PR_BODY_LIMIT - 200
    assert TRUNCATION_NOTICE in body
    assert body.endswith(f"{LINE}\n")
    assert parse_marker(body) == MARKER
    kept = body.split(f"\n\n{TRUNCATION_NOTICE}")[0]
    if count > 1:
        assert kept.endswith(line.rstrip("\n"))


@pytest.mark.parametrize("notes", ["", "Read this first.", "* a\n* b\n\n" * 500])
def test_long_notes_are_cut_below_the_maintainers_notes(notes: str) -> None:
    body = release_pr_body("* a fix (abc1234)\n" * 5_000, MARKER, maintainer_notes=notes.strip())
    assert units(body) <= PR_BODY_LIMIT
    assert TRUNCATION_NOTICE in body
    assert read_maintainer_notes(body) == notes.strip()
    assert parse_marker(body) == MARKER


def test_maintainers_notes_longer_than_the_body_are_cut_between_their_markers() -> None:
    notes = "Read this first.\n" * 5_000
    body = release_pr_body("* a fix\n", MARKER, maintainer_notes=notes)
    assert units(body) <= PR_BODY_LIMIT
    kept = read_maintainer_notes(body)
    assert kept
    assert notes.startswith(kept)
    assert kept.endswith("Read this first.")  # cut at a line end
    assert parse_marker(body) == MARKER


def test_notes_just_at_the_limit_are_not_cut() -> None:
    tail = f"\n{LINE}\n"
    visible = "x" * (PR_BODY_LIMIT - len(SECTION) - len(tail) - 1) + "\n"
    assert release_pr_body(visible, MARKER) == SECTION + visible + tail
    assert TRUNCATION_NOTICE in release_pr_body("x" + visible, MARKER)


@given(
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=300),
    st.integers(min_value=400, max_value=2_000),
)
def test_any_body_fits_its_limit_and_keeps_its_marker(visible: str, notes: str, limit: int) -> None:
    body = release_pr_body(visible, MARKER, maintainer_notes=notes, limit=limit)
    assert units(body) <= limit
    assert parse_marker(body) == MARKER


def test_release_notes_within_githubs_limit_are_kept_whole() -> None:
    notes = "### Bug Fixes\n\n" + "* fix\n" * 10
    assert release_body(notes) == notes
    at_limit = "x" * (RELEASE_BODY_LIMIT - 1) + "\n"
    assert release_body(at_limit) == at_limit


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=200, max_value=5_000))
def test_long_release_notes_are_cut_at_a_line_end_with_a_notice(width: int, limit: int) -> None:
    notes = "".join(f"* {str(n) * width}\n" for n in range(2 * limit // width + 5))
    body = release_body(notes, limit=limit)
    assert len(body.encode("utf-16-le")) // 2 <= limit
    assert body.endswith(RELEASE_TRUNCATION_NOTICE + "\n")
    kept = body.removesuffix("\n\n" + RELEASE_TRUNCATION_NOTICE + "\n")
    assert notes.startswith(kept)
    assert notes[len(kept)] == "\n" or "\n" not in kept  # a line end, unless no line fits
