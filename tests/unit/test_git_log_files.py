"""Splitting one ``git log -z --name-only`` stream into commits and the files each changes."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.adapters.git.log import FilesWalk, read_fields
from regent.core.errors import HistoryError
from regent.core.history import RawCommit
from regent.core.notes.contributors import CommitAuthor

A, B, C = "a" * 40, "b" * 40, "c" * 40
AUTHOR = "Ann\x00ann@example.com\x00"


class Chunked(io.BytesIO):
    """A stream that hands out a few bytes at a time, as a pipe may."""

    def read1(self, size: int = -1) -> bytes:
        return super().read1(3)


def walk(output: str, *, stream: type[io.BytesIO] = io.BytesIO) -> list[tuple[RawCommit, tuple]]:
    return list(FilesWalk(stream(output.encode("utf-8")), finish=lambda: None))


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param(
            f"//>{A}\x00\x00{AUTHOR}feat: a\n\x00\na/x\x00b/y\x00",
            [(RawCommit(A, (), "feat: a\n"), ("a/x", "b/y"))],
            id="root-with-files",
        ),
        pytest.param(
            f"//>{A}\x00{B} {C}\x00{AUTHOR}Merge\n\x00//>{B}\x00{C}\x00{AUTHOR}fix: b\n\x00\nb\x00",
            [(RawCommit(A, (B, C), "Merge\n"), ()), (RawCommit(B, (C,), "fix: b\n"), ("b",))],
            id="merge-lists-no-files",
        ),
        pytest.param(
            f"//>{A}\x00{C}\x00{AUTHOR}fix: a\n\x00\nx\x00"
            f"\n//-{C}\x00\x00{AUTHOR}base\n\x00\nz\x00",
            [(RawCommit(A, (C,), "fix: a\n"), ("x",))],
            id="boundary-not-a-commit",
        ),
        pytest.param(
            f"//>{A}\x00\x00{AUTHOR}//feat: message like a header\n\x00\n\nodd\x00\n/x\x00",
            [(RawCommit(A, (), "//feat: message like a header\n"), ("\nodd", "\n/x"))],
            id="only-a-field-after-the-files-starts-a-record",
        ),
        pytest.param(
            f"//>{A}\x00\x00{AUTHOR}feat: é\n\x00\nnaïve/ü\x00",
            [(RawCommit(A, (), "feat: é\n"), ("naïve/ü",))],
            id="utf-8",
        ),
    ],
)
def test_records(output: str, expected: list[tuple[RawCommit, tuple[str, ...]]]) -> None:
    assert walk(output) == expected
    assert walk(output, stream=Chunked) == expected


def test_the_boundary_is_known_once_read() -> None:
    files = FilesWalk(
        io.BytesIO(f"//>{A}\x00{C}\x00{AUTHOR}a\n\x00//-{C}\x00\x00{AUTHOR}b\n\x00".encode()),
        finish=lambda: None,
    )
    assert [commit.sha for commit, _ in files] == [A]
    assert files.boundary == {C}


def test_output_cut_inside_a_commit_is_an_error() -> None:
    with pytest.raises(HistoryError, match="ended inside a commit"):
        walk(f"//>{A}\x00{C}")


def test_a_long_field_is_read_whole() -> None:
    message = "x" * 100_000
    fields = list(read_fields(io.BytesIO(f"{message}\x00y\x00".encode()), chunk_size=1000))
    assert fields == [message, "y"]


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
    min_size=1,
    max_size=20,
)


@given(
    st.lists(
        st.tuples(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=100,
            ),
            st.lists(st.lists(NAMES, min_size=1, max_size=3).map("/".join), max_size=4),
        ),
        max_size=4,
    ),
    st.integers(min_value=1, max_value=16),
)
def test_any_messages_and_paths_round_trip(commits: list[tuple[str, list[str]]], size: int) -> None:
    """Messages and paths of any text (paths as git writes them: no leading '/', no '//')."""
    expected = [
        (RawCommit(f"{n:040x}", (), message), tuple(files))
        for n, (message, files) in enumerate(commits)
    ]
    stream = "".join(
        f"//>{commit.sha}\x00\x00{AUTHOR}{commit.message}\x00"
        + "".join(("\n" if at == 0 else "") + path + "\x00" for at, path in enumerate(files))
        for commit, files in expected
    )
    read = list(FilesWalk(io.BytesIO(stream.encode()), finish=lambda: None))
    assert read == expected
    fields = list(read_fields(io.BytesIO(stream.encode()), chunk_size=size))
    assert fields == list(read_fields(io.BytesIO(stream.encode())))


@given(st.binary(max_size=300))
def test_any_bytes_either_parse_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(HistoryError):
        list(FilesWalk(io.BytesIO(data), finish=lambda: None))


@pytest.mark.parametrize("output", ["x\x00y\x00z\x00", "//\x00\x00m\x00", "\n\x00a\x00b\x00"])
def test_a_record_that_does_not_start_with_a_commit_is_an_error(output: str) -> None:
    with pytest.raises(HistoryError, match="no commit where one should start"):
        walk(output)


def test_each_non_merge_commits_author_is_read_in_the_same_pass() -> None:
    merge = f"//>{A}\x00{B} {C}\x00Bot\x00bot@example.com\x00Merge\n\x00"
    fix = f"//>{B}\x00{C}\x00{AUTHOR}fix: b\n\x00\nb\x00"
    files = FilesWalk(io.BytesIO((merge + fix).encode()), finish=lambda: None)
    assert [commit.sha for commit, _ in files] == [A, B]
    assert files.authors == [CommitAuthor(B, "Ann", "ann@example.com")], "a merge is no one's"
