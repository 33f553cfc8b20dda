"""Splitting one `git log -z --boundary` stream into commits, boundary commits and authors."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.adapters.git.log import LogWalk, read_records
from regent.core.errors import HistoryError
from regent.core.history import RawCommit
from regent.core.notes.contributors import CommitAuthor
from tests.time_guard import guard

A, B, C = "a" * 40, "b" * 40, "c" * 40
ADA = "Ada\x00ada@example.com"
"""An author's two fields, as the walk's format writes them between the parents and message."""


def parse_log(output: str) -> tuple[RawCommit, ...]:
    """The commits of a complete ``git log`` output in the walk's format."""
    return tuple(LogWalk(io.BytesIO(output.encode("utf-8")), finish=lambda: None))


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        pytest.param("", (), id="empty"),
        pytest.param(
            f">{A}\x00\x00{ADA}\x00feat: a\n\x00", (RawCommit(A, (), "feat: a\n"),), id="root"
        ),
        pytest.param(
            f">{A}\x00{B} {C}\x00{ADA}\x00Merge\n\x00"
            f"\n>{B}\x00{C}\x00{ADA}\x00fix: b\n\nbody\n\x00",
            (RawCommit(A, (B, C), "Merge\n"), RawCommit(B, (C,), "fix: b\n\nbody\n")),
            id="merge-and-body",
        ),
        pytest.param(
            f">{A}\x00{C}\x00{ADA}\x00fix: a\n\x00-{C}\x00\x00{ADA}\x00base\n\x00",
            (RawCommit(A, (C,), "fix: a\n"),),
            id="boundary-not-a-commit",
        ),
    ],
)
def test_parse_log(output: str, expected: tuple[RawCommit, ...]) -> None:
    assert parse_log(output) == expected


def test_boundary_is_known_after_the_walk() -> None:
    finished: list[bool] = []
    stream = io.BytesIO(
        f">{A}\x00{B} {C}\x00{ADA}\x00m\x00-{B}\x00\x00{ADA}\x00b\x00"
        f"-{C}\x00\x00{ADA}\x00c\x00".encode()
    )
    walk = LogWalk(stream, finish=lambda: finished.append(True))
    assert [commit.sha for commit in walk] == [A]
    assert walk.boundary == {B, C}
    assert finished == [True]


def test_the_authors_of_the_commits_that_are_not_merges_are_read_by_the_same_walk() -> None:
    stream = io.BytesIO(
        (
            f">{A}\x00{B} {C}\x00Ada\x00ada@example.com\x00Merge\x00"
            f">{B}\x00{C}\x00Grace Hopper\x00grace@example.com\x00fix: b\x00"
            f">{C}\x00\x00Ada\x00ada@example.com\x00feat: c\x00"
            f"-{C}\x00\x00Boundary\x00b@example.com\x00base\x00"
        ).encode()
    )
    walk = LogWalk(stream, finish=lambda: None)
    assert walk.authors == []
    assert [commit.sha for commit in walk] == [A, B, C]
    assert walk.authors == [
        CommitAuthor(B, "Grace Hopper", "grace@example.com"),
        CommitAuthor(C, "Ada", "ada@example.com"),
    ]


def test_a_stream_that_does_not_split_is_an_error() -> None:
    with pytest.raises(HistoryError, match="NUL"):
        parse_log(f">{A}\x00\x00{ADA}\x00feat\x00extra\x00")


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    stream = io.BytesIO(f">{A}\x00\x00{ADA}\x00fix: caf".encode() + b"\xe9\n\x00")
    [commit] = LogWalk(stream, finish=lambda: None)
    assert commit.message == "fix: caf\ufffd\n"


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=200,
        ),
        max_size=5,
    )
)
def test_any_messages_round_trip(messages: list[str]) -> None:
    commits = tuple(RawCommit(f"{n:040x}", (), message) for n, message in enumerate(messages))
    stream = "".join(f">{c.sha}\x00\x00{ADA}\x00{c.message}\x00" for c in commits)
    assert parse_log(stream) == commits


@given(st.binary(max_size=300))
def test_any_bytes_either_parse_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(HistoryError):
        list(LogWalk(io.BytesIO(data), finish=lambda: None))


def read_in_chunks(data: bytes, size: int) -> list[tuple[str, str, str]]:
    return list(read_records(io.BytesIO(data), chunk_size=size))


@given(
    messages=st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\x00", b"")), max_size=4),
    size=st.integers(min_value=1, max_value=16),
)
def test_chunk_boundaries_do_not_change_what_is_read(messages: list[bytes], size: int) -> None:
    """A record split anywhere, even inside a UTF-8 sequence, reads as the whole stream does."""
    data = b"".join(b">%s\x00\x00%s\x00" % (A.encode(), message) for message in messages)
    expected = [(f">{A}", "", m.decode("utf-8", errors="replace")) for m in messages]
    assert read_in_chunks(data, size) == expected


def test_a_message_far_longer_than_a_read_is_read_in_linear_time() -> None:
    """2 MB of non-UTF-8 junk in 64-byte reads: re-splitting what is pending on every read
    copies gigabytes; splitting only each new chunk reads it at once."""
    junk = bytes(range(1, 256)) * 8000 + b"\xc3"
    with guard():
        [(_, _, message)] = read_in_chunks(b">" + A.encode() + b"\x00\x00" + junk + b"\x00", 64)
    assert len(message) == len(junk)
