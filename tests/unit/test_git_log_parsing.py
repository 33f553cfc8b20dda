"""Splitting one `git log -z` stream into commits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.adapters.git_history import parse_log
from regent.core.errors import HistoryError
from regent.core.history import RawCommit

A, B, C = "a" * 40, "b" * 40, "c" * 40


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        pytest.param("", (), id="empty"),
        pytest.param(f"{A}\x00\x00feat: a\n\x00", (RawCommit(A, (), "feat: a\n"),), id="root"),
        pytest.param(
            f"{A}\x00{B} {C}\x00Merge\n\x00{B}\x00{C}\x00fix: b\n\nbody\n\x00",
            (RawCommit(A, (B, C), "Merge\n"), RawCommit(B, (C,), "fix: b\n\nbody\n")),
            id="merge-and-body",
        ),
    ],
)
def test_parse_log(output: str, expected: tuple[RawCommit, ...]) -> None:
    assert parse_log(output) == expected


def test_a_stream_that_does_not_split_is_an_error() -> None:
    with pytest.raises(HistoryError, match="NUL"):
        parse_log(f"{A}\x00\x00feat\x00extra\x00")


@given(
    st.lists(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=200), max_size=5)
)
def test_any_messages_round_trip(messages: list[str]) -> None:
    commits = tuple(RawCommit(f"{n:040x}", (), message) for n, message in enumerate(messages))
    stream = "".join(f"{c.sha}\x00\x00{c.message}\x00" for c in commits)
    assert parse_log(stream) == commits
