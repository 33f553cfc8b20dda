"""The git side of a fake GitHub repository: a bare repository written with git's plumbing.

Commits, trees and tags are real git objects, so a checkout fetches what the fake wrote and
``GitHistory`` reads it as it reads GitHub's. Every commit the store writes is dated one second
after the previous one, from a fixed moment: the same steps give the same shas every run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from regent.core.model import FileChange

EPOCH = 1767225600
"""2026-01-01 00:00 UTC."""
NO_OBJECT = "0" * 40
GITHUB = {"NAME": "GitHub", "EMAIL": "noreply@github.com"}


class GitStoreError(Exception):
    """A git command in the fake's repository failed (a missing object, a bad ref name)."""


@dataclass
class GitStore:
    """A bare repository: refs, and the objects the port's writes create."""

    git_dir: Path
    writes: int = 0

    @classmethod
    def clone(cls, git_dir: Path, source: Path | None) -> GitStore:
        """A bare clone of ``source`` (or an empty repository) at ``git_dir``."""
        git_dir.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            _run(["git", "init", "--quiet", "--bare", str(git_dir)])
        else:
            _run(["git", "clone", "--quiet", "--bare", "--no-local", str(source), str(git_dir)])
        return cls(git_dir)

    def git(self, *args: str, stdin: str | None = None, env: Mapping[str, str] = {}) -> str:
        """Run git in the repository; its output without the trailing newline."""
        return _run(["git", f"--git-dir={self.git_dir}", *args], stdin=stdin, env=env)

    def ref(self, full_ref: str) -> str | None:
        """The object ``full_ref`` (``refs/heads/main``) points at, or None."""
        return self.refs(full_ref).get(full_ref)

    def refs(self, prefix: str) -> dict[str, str]:
        """Full ref name -> object sha, for every ref under ``prefix``."""
        listed = self.git("for-each-ref", "--format=%(refname) %(objectname)", prefix)
        return dict(line.split(" ", 1) for line in listed.splitlines())

    def peeled(self, revision: str) -> str | None:
        """The commit ``revision`` (a ref, tag or sha) names, or None when there is none."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitStoreError:
            return None

    def set_ref(self, full_ref: str, sha: str, *, old: str | None = None) -> None:
        """Point ``full_ref`` at ``sha``; with ``old``, only if it still points there."""
        self.git("update-ref", full_ref, sha, *([] if old is None else [old]))

    def create_ref(self, full_ref: str, sha: str) -> bool:
        """Create ``full_ref`` at ``sha``; False when it exists already."""
        try:
            self.git("update-ref", full_ref, sha, NO_OBJECT)
        except GitStoreError:
            return False
        return True

    def delete_ref(self, full_ref: str) -> bool:
        """Delete ``full_ref``; False when it was not there."""
        old = self.ref(full_ref)
        if old is None:
            return False
        self.git("update-ref", "-d", full_ref, old)
        return True

    def commit_files(
        self, *, base_sha: str, files: Sequence[FileChange], message: str, base_tree: str | None
    ) -> str:
        """One commit on ``base_sha`` whose tree is ``base_sha``'s with ``files`` applied."""
        with tempfile.TemporaryDirectory(prefix="fake-index-") as scratch:
            index = {"GIT_INDEX_FILE": f"{scratch}/index"}
            self.git("read-tree", base_tree or f"{base_sha}^{{tree}}", env=index)
            entries = "".join(self._index_entry(change) for change in files)
            self.git("update-index", "-z", "--index-info", stdin=entries, env=index)
            tree = self.git("write-tree", env=index)
        return self.git("commit-tree", tree, "-p", base_sha, stdin=message, env=self._dated())

    def tag_object(self, *, tag: str, sha: str, message: str) -> str:
        """An annotated tag object for commit ``sha`` (no ref)."""
        self.writes += 1
        text = (
            f"object {sha}\ntype commit\ntag {tag}\n"
            f"tagger GitHub <noreply@github.com> {EPOCH + self.writes} +0000\n\n{message}\n"
        )
        return self.git("mktag", stdin=text)

    def entry(self, revision: str, path: str) -> tuple[str, str, str] | None:
        """``(mode, type, sha)`` of ``path`` in ``revision``'s tree, or None when absent."""
        listed = self.git("ls-tree", "--full-tree", revision, "--", path)
        line = next((row for row in listed.splitlines() if row.endswith(f"\t{path}")), None)
        if line is None:
            return None
        mode, kind, sha = line.split("\t", 1)[0].split()
        return mode, kind, sha

    def blob(self, sha: str) -> bytes:
        result = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "cat-file", "blob", sha],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise GitStoreError(result.stderr.decode("utf-8", "replace").strip())
        return result.stdout

    def _index_entry(self, change: FileChange) -> str:
        """An ``update-index -z --index-info`` entry: the file's new blob, or mode 0 to drop it."""
        if change.content is None:
            return f"0 {NO_OBJECT}\t{change.path}\0"
        return f"{change.mode} {self._write_blob(change.content.encode())}\t{change.path}\0"

    def _write_blob(self, data: bytes) -> str:
        """Store ``data`` as a loose blob object, as ``git hash-object -w`` would; its sha."""
        raw = b"blob %d\0" % len(data) + data
        sha = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
        target = self.git_dir / "objects" / sha[:2] / sha[2:]
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(zlib.compress(raw))
        return sha

    def _dated(self) -> dict[str, str]:
        self.writes += 1
        date = f"@{EPOCH + self.writes} +0000"
        people = {
            f"GIT_{role}_{key}": value
            for role in ("AUTHOR", "COMMITTER")
            for key, value in GITHUB.items()
        }
        return {**people, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}


def _run(command: list[str], *, stdin: str | None = None, env: Mapping[str, str] = {}) -> str:
    result = subprocess.run(
        command,
        input=stdin,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise GitStoreError(f"git {' '.join(command[2:])}: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")
