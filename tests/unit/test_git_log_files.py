"""Splitting one ``git log -z --name-only`` stream into commits and the files each changes."""

from __future__ import annotations

import io

import pytest

from regent.adapters.git.log import FilesWalk, read_fields
from regent.core.errors import HistoryError
from regent.core.history import RawCommit

A, B, C = "a" * 40, "b" * 40, "c" * 40


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
            f"//>{A}\x00\x00feat: a\n\x00\na/x\x00b/y\x00",
            [(RawCommit(A, (), "feat: a\n"), ("a/x", "b/y"))],
            id="root-with-files",
        ),
        pytest.param(
            f"//>{A}\x00{B} {C}\x00Merge\n\x00//>{B}\x00{C}\x00fix: b\n\x00\nb\x00",
            [(RawCommit(A, (B, C), "Merge\n"), ()), (RawCommit(B, (C,), "fix: b\n"), ("b",))],
            id="merge-lists-no-files",
        ),
        pytest.param(
            f"//>{A}\x00{C}\x00fix: a\n\x00\nx\x00\n//-{C}\x00\x00base\n\x00\nz\x00",
            [(RawCommit(A, (C,), "fix: a\n"), ("x",))],
            id="boundary-not-a-commit",
        ),
        pytest.param(
            f"//>{A}\x00\x00//feat: message like a header\n\x00\n\nodd\x00\n/x\x00",
            [(RawCommit(A, (), "//feat: message like a header\n"), ("\nodd", "\n/x"))],
            id="only-a-field-after-the-files-starts-a-record",
        ),
        pytest.param(
            f"//>{A}\x00\x00feat: é\n\x00\nnaïve/ü\x00",
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
        io.BytesIO(f"//>{A}\x00{C}\x00a\n\x00//-{C}\x00\x00b\n\x00".encode()), finish=lambda: None
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
