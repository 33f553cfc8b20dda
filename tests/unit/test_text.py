"""core.text: outside text cut to a bound and quoted, its length said, controls escaped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.text import CONTROL_CHARACTER, cut, shown


@pytest.mark.parametrize(
    ("text", "limit", "quoted", "expected"),
    [
        pytest.param("main", 10, False, "main", id="short-as-is"),
        pytest.param("main", 4, False, "main", id="at-the-limit"),
        pytest.param("release", 3, False, "rel... (7 characters)", id="cut"),
        pytest.param("main", 10, True, "'main'", id="quoted"),
        pytest.param("release", 3, True, "'rel'... (7 characters)", id="quoted-and-cut"),
        pytest.param("\x1b[2J", 10, True, "'\\x1b[2J'", id="escape-shown-escaped"),
        pytest.param("", 0, True, "''", id="empty"),
    ],
)
def test_cut(text: str, limit: int, quoted: bool, expected: str) -> None:
    assert cut(text, limit=limit, quoted=quoted) == expected


@given(st.text(max_size=500), st.integers(0, 300))
def test_a_shown_value_is_bounded_and_printable(text: str, limit: int) -> None:
    quoted = shown(text, limit=limit)
    assert len(quoted) <= 10 * limit + 40
    assert CONTROL_CHARACTER.search(quoted) is None


@pytest.mark.parametrize(
    ("character", "control"),
    [
        ("\x00", True),
        ("\t", True),
        ("\n", True),
        ("\x1b", True),
        ("\x7f", True),
        ("\x9b", True),
        ("\xa0", False),
        (" ", False),
        ("a", False),
    ],
)
def test_control_characters(character: str, control: bool) -> None:
    assert (CONTROL_CHARACTER.search(character) is not None) is control
