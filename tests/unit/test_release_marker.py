"""The release PR's state marker: format and parse are one pair, on the body's last line."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from regent.core.markdown import encodable
from regent.core.model import FileChange
from regent.core.release_pr.marker import (
    MARKER_PREFIX,
    ComponentVersion,
    ReleasePrMarker,
    VersionPin,
    content_digest,
    format_marker,
    parse_marker,
)
from tests.time_guard import guard

MARKER = ReleasePrMarker(
    version="1.4.0", tag="v1.4.0", base_sha="a" * 40, content="sha256:00", date="2026-11-26"
)
LINE = (
    '<!-- release-regent {"version": "1.4.0", "tag": "v1.4.0", "base_sha": "'
    + "a" * 40
    + '", "content": "sha256:00", "date": "2026-11-26"} -->'
)
PAIR = replace(MARKER, version="\U0001f680")
"""A surrogate pair escape decodes to one character (U+1F680): a marker may hold it."""

PREFIX = "<!-- release-regent {"
FAKE = '<!-- release-regent {"version": "66.6.0", "tag": "v66.6.0", "base_sha": "b", ' + (
    '"content": "c", "date": "d"} -->'
)


def test_the_marker_line() -> None:
    assert format_marker(MARKER) == LINE


@pytest.mark.parametrize(
    ("body", "found"),
    [
        pytest.param(LINE, MARKER, id="alone"),
        pytest.param(f"## Notes\n\n* a change\n\n{LINE}\n", MARKER, id="after-notes"),
        pytest.param(f"notes\r\n\r\n  {LINE}  \r\n\r\n", MARKER, id="crlf-and-blank-lines"),
        pytest.param(LINE.replace("}", ', "extra": 1}'), MARKER, id="unknown-fields-ignored"),
        pytest.param(LINE.replace("1.4.0", "66.6.0") + "\n" + LINE, MARKER, id="only-the-last"),
        pytest.param(f"{FAKE} {PREFIX}\n\n{LINE}\n", MARKER, id="fake-in-the-notes"),
        pytest.param(f"{FAKE}\n{PREFIX}\n{LINE}", MARKER, id="fake-lines-above"),
        pytest.param(f"{LINE}\nedited by hand", None, id="not-last"),
        pytest.param(f"notes {LINE}", None, id="not-a-line-of-its-own"),
        pytest.param(LINE.replace(", ", ",\n  "), None, id="spread-over-lines"),
        pytest.param(LINE + "\n<!-- release-regent {broken} -->", None, id="broken-last-line"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param("Edited by hand: the release notes.", None, id="hand-edited"),
        pytest.param("<!-- release-regent {} -->", None, id="no-fields"),
        pytest.param("<!-- release-regent [1, 2] -->", None, id="not-an-object"),
        pytest.param(LINE.replace('"1.4.0"', "140"), None, id="number-not-string"),
        pytest.param(LINE.replace('"2026-11-26"', '""'), None, id="empty-field"),
        pytest.param(LINE.replace('"1.4.0"', '"\\ud800"'), None, id="lone-surrogate"),
        pytest.param(LINE.replace('"1.4.0"', '"1.4.0\\udfff"'), None, id="trailing-surrogate"),
        pytest.param(LINE.replace('"1.4.0"', '"\\ud83d\\ude80"'), PAIR, id="surrogate-pair"),
        pytest.param('<!-- release-regent {"version": -->', None, id="cut-short"),
        pytest.param("<!-- other-tool " + LINE[20:], None, id="other-tool"),
        pytest.param("<!-- release-regent " + "[" * 100_000 + " -->", None, id="deep"),
        pytest.param(PREFIX * 100_000 + "\n" + LINE, MARKER, id="repeated-prefix-above"),
        pytest.param(PREFIX * 100_000, None, id="repeated-prefix-last"),
        pytest.param(LINE[:-4] * 10_000 + " -->", None, id="repeated-marker-one-line"),
        pytest.param("x" * 1_000_000 + "\n" + LINE, MARKER, id="megabyte-line-above"),
        pytest.param(MARKER_PREFIX + '{"a": "' + "x" * 1_000_000 + '"} -->', None, id="megabyte"),
    ],
)
def test_parse_marker(body: str | None, found: ReleasePrMarker | None) -> None:
    with guard():
        assert parse_marker(body) == found


PIN = VersionPin("2.0.0-rc.1", "!set-version by @alice in #12")
PINNED = replace(MARKER, pin=PIN)
PINNED_LINE = LINE.replace(
    '"2026-11-26"}',
    '"2026-11-26", "pin": {"version": "2.0.0-rc.1", "source": "!set-version by @alice in #12"}}',
)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        pytest.param(PINNED_LINE, PINNED, id="pinned"),
        pytest.param(LINE, MARKER, id="no-pin-as-before-pins"),
        pytest.param(PINNED_LINE.replace('"2.0.0-rc.1"', "2"), MARKER, id="pin-version-not-text"),
        pytest.param(PINNED_LINE.replace('"2.0.0-rc.1"', '""'), MARKER, id="pin-version-empty"),
        pytest.param(
            PINNED_LINE.replace(', "source": "!set-version by @alice in #12"', ""),
            MARKER,
            id="pin-without-source",
        ),
        pytest.param(
            LINE.replace('"2026-11-26"}', '"2026-11-26", "pin": "2.0.0"}'),
            MARKER,
            id="pin-not-an-object",
        ),
        pytest.param(
            PINNED_LINE.replace('"2.0.0-rc.1"', '"\\ud800"'), MARKER, id="pin-lone-surrogate"
        ),
    ],
)
def test_the_pin_is_written_only_when_set_and_a_broken_one_is_ignored(
    line: str, found: ReleasePrMarker
) -> None:
    assert parse_marker(f"notes\n\n{line}\n") == found
    if found.pin is not None:
        assert format_marker(found) == line


def test_a_pin_source_cannot_end_the_comment() -> None:
    marker = replace(MARKER, pin=VersionPin("2.0.0", "by @x --> <b>&amp;</b>"))
    line = format_marker(marker)
    assert line.count("-->") == 1
    assert parse_marker(line) == marker


def test_html_in_fields_cannot_end_the_comment() -> None:
    odd = ReleasePrMarker("1.0.0", "x-->y<&", "b" * 40, "sha256:1", "2026-01-01")
    line = format_marker(odd)
    assert "-->" not in line.removesuffix(" -->")
    assert parse_marker(f"text\n{line}") == odd


@given(st.text())
def test_parsing_any_text_never_fails(body: str) -> None:
    parse_marker(body)


@example("\ud800")
@given(st.text(st.characters(exclude_categories=()), min_size=1))
def test_a_parsed_marker_can_always_be_written_out(version: str) -> None:
    """A field no file can encode (a lone surrogate) makes the whole marker unreadable."""
    marker = parse_marker(format_marker(ReleasePrMarker(version, "v", "b", "sha256:c", "d")))
    assert marker is None or encodable(marker.version)


@given(
    st.builds(
        ReleasePrMarker,
        *(st.text(min_size=1) for _ in range(5)),
        pin=st.none() | st.builds(VersionPin, st.text(min_size=1), st.text(min_size=1)),
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


def test_each_components_pin_round_trips_and_a_broken_one_is_ignored() -> None:
    pin = VersionPin("2.0.0", "!set-version by @alice in #7, comment 9")
    marker = replace(
        MARKER,
        components=(
            ComponentVersion("api", "2.0.0", "api-v2.0.0", "1.0.0", pin),
            ComponentVersion("cli", "0.3.1", "cli-v0.3.1", "0.3.0"),
        ),
    )
    line = format_marker(marker)
    assert line.count('"pin"') == 1, "only the pinned component carries one"
    assert parse_marker(f"notes\n{line}") == marker
    broken = line.replace('"source": "!set-version', '"source": 7, "x": "')
    (api, cli) = parse_marker(broken).components  # type: ignore[union-attr]
    assert (api.pin, api.version, cli) == (None, "2.0.0", marker.components[1])
