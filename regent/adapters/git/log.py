"""One ``git log -z --boundary`` stream, parsed into commits while git is still writing it."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from sys import intern

from regent.core.errors import HistoryError
from regent.core.history import RawCommit
from regent.core.notes.contributors import CommitAuthor

LOG_ARGUMENTS = ("-z", "--boundary", "--format=%m%H%x00%P%x00%aN%x00%aE%x00%B")
"""Each commit's mark, sha, parents, author (mailmapped name and email) and message: the notes'
credits come from the same pass as the commits."""
FIELD = "\x00"
FIELDS_PER_COMMIT = 5
BOUNDARY_MARK = "-"
CHUNK_SIZE = 1 << 18
READ_BATCH = 2000
"""Commits between two calls of a walk's ``on_read``."""


def _ignore(count: int) -> None:
    """No one is told how many commits were read."""


class LogWalk:
    """The commits of one range, newest first; ``boundary`` is complete once they are consumed.

    Boundary commits (excluded parents of the range's commits) are not yielded: they tell the
    caller which excluded commits the range starts from, e.g. that a tag is an ancestor.
    """

    def __init__(self, stream: io.BufferedIOBase, *, finish: Callable[[], None]) -> None:
        self._stream = stream
        self._finish = finish
        self.boundary: frozenset[str] = frozenset()
        self.authors: list[CommitAuthor] = []
        """The author of each non-merge commit, newest first (what ``git log --no-merges``
        gives), complete once the commits are consumed."""
        self.on_read: Callable[[int], None] = _ignore
        """Told how many more commits were read, a batch at a time (progress on a terminal)."""

    def __iter__(self) -> Iterator[RawCommit]:
        boundary: set[str] = set()
        authors: list[CommitAuthor] = []
        names: dict[str, str] = {}  # a history has many commits but few authors: each kept once
        read = 0
        records = read_records(self._stream, width=FIELDS_PER_COMMIT)
        for marked_sha, parents, name, email, message in records:
            marked = marked_sha.lstrip("\n")
            sha = intern(marked[1:])
            if marked.startswith(BOUNDARY_MARK):
                boundary.add(sha)
                continue
            parent_shas = tuple(map(intern, parents.split()))
            if len(parent_shas) < 2:  # a merge has two parents or more
                authors.append(CommitAuthor(sha, names.setdefault(name, name), intern(email)))
            yield RawCommit(sha, parent_shas, message)
            read += 1
            if read == READ_BATCH:
                self.on_read(read)
                read = 0
        self.on_read(read)
        self.authors = authors
        self._finish()
        self.boundary = frozenset(boundary)


def read_records(
    stream: io.BufferedIOBase, *, width: int = 3, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[str, ...]]:
    """Split a ``-z`` stream of ``width``-field records as it arrives.

    Only each new chunk is split: a field longer than a chunk (a pasted 1 MB log) is kept as
    pieces and joined once, so reading it stays linear in its size.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending: list[str] = []
    fields: list[str] = []
    while chunk := stream.read1(chunk_size):
        parts = decoder.decode(chunk).split(FIELD)
        if len(parts) == 1:
            pending.append(parts[0])
            continue
        pending.append(parts[0])
        parts[0] = "".join(pending)
        pending = [parts.pop()]
        fields.extend(parts)
        complete = len(fields) - len(fields) % width
        grouped = iter(fields[:complete])
        yield from zip(*[grouped] * width, strict=True)  # records of ``width`` fields each
        del fields[:complete]
    rest = "".join(pending) + decoder.decode(b"", final=True)
    if fields or rest.strip("\n"):
        raise HistoryError(
            "git log output could not be split into commits (a commit message contains a NUL byte?)"
        )


FILES_LOG_ARGUMENTS = (
    "-z",
    "--boundary",
    "--name-only",
    "--no-renames",
    "--format=//%m%H%x00%P%x00%aN%x00%aE%x00%B",
)
"""Each record starts with a field ``//`` + mark + sha, which no path can be, even after a
newline (git's paths never start with ``/`` nor hold ``//``); then the parents, the author
(mailmapped name and email: the components' credits come from this pass) and the message; the
changed files follow the message, the first after a newline."""
RECORD_START = "//"
_STARTS = (RECORD_START, "\n" + RECORD_START)


class FilesWalk:
    """The commits of one range with the files each changes (``--name-only``; a merge commit
    lists none), newest first; ``boundary`` is complete once they are consumed."""

    def __init__(self, stream: io.BufferedIOBase, *, finish: Callable[[], None]) -> None:
        self._stream = stream
        self._finish = finish
        self.boundary: frozenset[str] = frozenset()
        self.authors: list[CommitAuthor] = []
        """The author of each non-merge commit, newest first, complete once consumed."""
        self.on_read: Callable[[int], None] = _ignore

    def __iter__(self) -> Iterator[tuple[RawCommit, tuple[str, ...]]]:
        boundary: set[str] = set()
        authors: list[CommitAuthor] = []
        names: dict[str, str] = {}  # a history has many commits but few authors: each kept once
        read = 0
        for marked, parents, author, message, files in _file_records(read_fields(self._stream)):
            mark, sha = marked[2], intern(marked[3:])
            if mark == BOUNDARY_MARK:
                boundary.add(sha)
                continue
            parent_shas = tuple(map(intern, parents.split()))
            if len(parent_shas) < 2:  # a merge has two parents or more
                name, email = author
                authors.append(CommitAuthor(sha, names.setdefault(name, name), intern(email)))
            yield RawCommit(sha, parent_shas, message), files
            read += 1
            if read == READ_BATCH:
                self.on_read(read)
                read = 0
        self.on_read(read)
        self.authors = authors
        self._finish()
        self.boundary = frozenset(boundary)


def _file_records(
    fields: Iterator[str],
) -> Iterator[tuple[str, str, tuple[str, str], str, tuple[str, ...]]]:
    """Group the fields into (marked sha, parents, (author name, email), message, files)
    records: a record's five fields, then its files up to the next field that starts one."""
    field = next(fields, None)
    while field is not None:
        header = field.removeprefix("\n")  # git may start a record on a new line
        parents = next(fields, None)
        name = next(fields, None)
        email = next(fields, None)
        message = next(fields, None)
        if len(header) <= len(RECORD_START) + 1 or not header.startswith(RECORD_START):
            raise HistoryError(
                f"git log output has no commit where one should start: {field!r:.60}"
            )
        if message is None or parents is None:
            raise HistoryError(
                "git log output ended inside a commit (a commit message with a NUL?)"
            )
        files: list[str] = []
        for field in fields:  # the field that ends the files starts the next record
            if field.startswith(_STARTS):
                break
            if field:
                files.append(field)
        else:
            field = None
        if files:
            files[0] = files[0].removeprefix("\n")  # the file list starts on a new line
        yield header, parents, (name or "", email or ""), message, tuple(files)


def read_fields(stream: io.BufferedIOBase, *, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The NUL-terminated fields of a ``-z`` stream as it arrives (a long field joined once)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending: list[str] = []
    while chunk := stream.read1(chunk_size):
        parts = decoder.decode(chunk).split(FIELD)
        pending.append(parts[0])
        if len(parts) == 1:
            continue
        parts[0] = "".join(pending)
        pending = [parts.pop()]
        yield from parts
    rest = "".join(pending) + decoder.decode(b"", final=True)
    if rest.strip("\n"):
        yield rest
