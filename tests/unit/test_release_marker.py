"""The release PR's state marker: format and parse are one pair; parsing never fails."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.github_port import FileChange
from regent.core.release_marker import (
    ReleasePrMarker,
    content_digest,
    format_marker,
    parse_marker,
)

MARKER = ReleasePrMarker(
    version="1.4.0", tag="v1.4.0", base_sha="a" * 40, content="sha256:00", date="2026-11-26"
)
LINE = (
    '<!-- release-regent {"version": "1.4.0", "tag": "v1.4.0", "base_sha": "'
    + "a" * 40
    + '", "content": "sha256:00", "date": "2026-11-26"} -->'
)


def test_the_marker_line() -> None:
    assert format_marker(MARKER) == LINE


@pytest.mark.parametrize(
    ("body", "found"),
    [
        pytest.param(LINE, MARKER, id="alone"),
        pytest.param(f"## Notes\n\n* a change\n\n{LINE}\n", MARKER, id="after-notes"),
        pytest.param(LINE.replace(", ", ",\n  "), MARKER, id="spread-over-lines"),
        pytest.param(LINE.replace("}", ', "extra": 1}'), MARKER, id="unknown-fields-ignored"),
        pytest.param(LINE.replace("1.4.0", "1.3.0") + "\n" + LINE, MARKER, id="last-one-wins"),
        pytest.param(LINE + "\n<!-- release-regent {broken} -->", MARKER, id="broken-after"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param("Edited by hand: the release notes.", None, id="hand-edited"),
        pytest.param("<!-- release-regent {} -->", None, id="no-fields"),
        pytest.param("<!-- release-regent [1, 2] -->", None, id="not-an-object"),
        pytest.param(LINE.replace('"1.4.0"', "140"), None, id="number-not-string"),
        pytest.param(LINE.replace('"2026-11-26"', '""'), None, id="empty-field"),
        pytest.param('<!-- release-regent {"version": -->', None, id="cut-short"),
        pytest.param("<!-- other-tool " + LINE[20:], None, id="other-tool"),
        pytest.param("<!-- release-regent " + "[" * 100_000 + " -->", None, id="deep"),
    ],
)
def test_parse_marker(body: str | None, found: ReleasePrMarker | None) -> None:
    assert parse_marker(body) == found


def test_html_in_fields_cannot_end_the_comment() -> None:
    odd = ReleasePrMarker("1.0.0", "x-->y<&", "b" * 40, "sha256:1", "2026-01-01")
    line = format_marker(odd)
    assert "-->" not in line.removesuffix(" -->")
    assert parse_marker(f"text\n{line}") == odd


@given(st.text())
def test_parsing_any_text_never_fails(body: str) -> None:
    parse_marker(body)


@given(
    st.builds(
        ReleasePrMarker,
        *(st.text(min_size=1) for _ in range(5)),
    ),
    st.text(),
)
def test_format_then_parse_round_trips(marker: ReleasePrMarker, before: str) -> None:
    assert parse_marker(f"{before}\n{format_marker(marker)}\n") == marker


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(
            [FileChange("a", "1"), FileChange("b", "2")],
            [FileChange("b", "2"), FileChange("a", "1")],
            True,
            id="order-does-not-matter",
        ),
        pytest.param([FileChange("a", "1")], [FileChange("a", "2")], False, id="content"),
        pytest.param([FileChange("a", "1")], [FileChange("b", "1")], False, id="path"),
        pytest.param([FileChange("a", "1")], [FileChange("a", None)], False, id="deleted"),
        pytest.param(
            [FileChange("a", "1\nb")], [FileChange("a\n1", "b")], False, id="no-ambiguity"
        ),
    ],
)
def test_content_digest(first: list[FileChange], second: list[FileChange], same: bool) -> None:
    assert (content_digest(first) == content_digest(second)) is same
    assert content_digest(first).startswith("sha256:")
