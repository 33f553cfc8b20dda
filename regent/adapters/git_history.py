"""Read release history from a local checkout with GitPython: one ``git log`` process per range."""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import git

from regent.core.errors import HistoryError
from regent.core.history import RawCommit

log = logging.getLogger(__name__)

FIELD = "\x00"
FIELDS_PER_COMMIT = 3
CHUNK_SIZE = 1 << 18
LOG_FORMAT = "--format=%H%x00%P%x00%B"
SHALLOW_FIX = (
    "fetch the full history: with actions/checkout set `fetch-depth: 0`, "
    "otherwise run `git fetch --unshallow --tags`"
)
_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?|git@|ssh://git@)(?P<host>[^/:]+)[/:](?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"
)


class GitHistory:
    """A git checkout seen as release history."""

    def __init__(self, path: Path) -> None:
        try:
            self._repo = git.Repo(path, search_parent_directories=True)
        except git.NoSuchPathError:
            raise HistoryError(f"{path}: no such directory") from None
        except git.InvalidGitRepositoryError:
            raise HistoryError(
                f"{path} is not inside a git repository; run regent in a checkout or pass its path"
            ) from None
        if self._repo.bare:
            raise HistoryError(
                f"{path} is a bare repository; regent needs a checkout with a work tree"
            )
        self.root = Path(self._repo.working_tree_dir or path)

    def head_sha(self) -> str | None:
        """The commit HEAD points at, or None in a repository without commits."""
        try:
            return self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}") or None
        except HistoryError:
            return None

    def ensure_full_history(self) -> None:
        """Deepen a shallow clone from its remote, or explain how to."""
        if self._run("rev-parse", "--is-shallow-repository") != "true":
            return
        remote = self._default_remote()
        if remote is None:
            raise HistoryError(
                f"this clone is shallow and has no remote to deepen it from; {SHALLOW_FIX}"
            )
        log.warning(
            "shallow clone: fetching the full history from %s (use fetch-depth: 0 to skip this)",
            remote,
        )
        try:
            self._repo.git.fetch("--unshallow", "--tags", "--quiet", remote)
        except git.GitCommandError as error:
            raise HistoryError(
                f"this clone is shallow and deepening it from {remote} failed "
                f"({_stderr(error)}); {SHALLOW_FIX}",
                retryable=True,
            ) from None

    def tags_merged_into(self, sha: str, *, glob: str) -> list[str]:
        """Names of tags matching ``glob`` that point at ``sha`` or its ancestors."""
        output = self._run("tag", "--list", "--merged", sha, glob)
        return output.splitlines()

    def commits(self, *, until: str, since: str | None) -> Iterator[RawCommit]:
        """Stream commits in ``since..until`` (all history when ``since`` is None), newest first.

        One ``git log`` process; commits are parsed while git is still writing.
        """
        revision = f"{since}..{until}" if since else until
        process = self._repo.git.log("-z", LOG_FORMAT, revision, as_process=True)
        yield from read_log(process.proc.stdout)
        try:
            process.wait()
        except git.GitCommandError as error:
            raise HistoryError(f"git log failed: {_stderr(error)}") from None

    def shas(self, *, until: str, since: str | None) -> frozenset[str]:
        revision = f"{since}..{until}" if since else until
        return frozenset(self._run("rev-list", revision).split())

    def repository_url(self) -> str | None:
        """The web address of the ``origin`` remote when it is a GitHub-style host, else None."""
        remote = self._default_remote()
        if remote is None:
            return None
        url = self._run("remote", "get-url", remote)
        match = _GITHUB_REMOTE.match(url)
        if match is None:
            return None
        return f"https://{match['host']}/{match['owner']}/{match['repo']}"

    def read_file(self, relative: str) -> str | None:
        """A work-tree file's text, or None when it does not exist."""
        path = self.root / relative
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise HistoryError(f"{relative}: cannot read as UTF-8 text ({error})") from None

    def _default_remote(self) -> str | None:
        names = [remote.name for remote in self._repo.remotes]
        if "origin" in names:
            return "origin"
        return names[0] if names else None

    def _run(self, *args: str, strip: bool = True) -> str:
        try:
            output: str = self._repo.git.execute(["git", *args], strip_newline_in_stdout=strip)
        except git.GitCommandError as error:
            raise HistoryError(f"git {args[0]} failed: {_stderr(error)}") from None
        return output


def read_log(stream: io.BufferedIOBase, *, chunk_size: int = CHUNK_SIZE) -> Iterator[RawCommit]:
    """Parse a ``git log -z --format=%H%x00%P%x00%B`` byte stream into commits as it arrives."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    fields: list[str] = []
    while (
        chunk := stream.read1(chunk_size) if hasattr(stream, "read1") else stream.read(chunk_size)
    ):
        parts = (pending + decoder.decode(chunk)).split(FIELD)
        pending = parts.pop()
        fields.extend(parts)
        complete = len(fields) - len(fields) % FIELDS_PER_COMMIT
        yield from _commits(fields[:complete])
        del fields[:complete]
    pending += decoder.decode(b"", final=True)
    if fields or pending.strip("\n"):
        raise HistoryError(
            "git log output could not be split into commits (a commit message contains a NUL byte?)"
        )


def parse_log(output: str) -> tuple[RawCommit, ...]:
    """All commits of a complete ``git log -z`` output."""
    return tuple(read_log(io.BytesIO(output.encode("utf-8"))))


def _commits(fields: list[str]) -> Iterator[RawCommit]:
    for i in range(0, len(fields), FIELDS_PER_COMMIT):
        yield RawCommit(fields[i].lstrip("\n"), tuple(fields[i + 1].split()), fields[i + 2])


def _stderr(error: git.GitCommandError) -> str:
    text = str(error.stderr or error).strip()
    return text.removeprefix("stderr: ").strip("'\" \n") or f"exit status {error.status}"
