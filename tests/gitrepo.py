"""Real git repositories for tests, driven with the git command line as a maintainer would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EPOCH = 1767225600
"""2026-01-01 00:00 UTC: every test commit is dated from here, so its sha is the same each run."""


def commit_dates(seconds: int) -> dict[str, str]:
    """GIT_AUTHOR_DATE and GIT_COMMITTER_DATE ``seconds`` after ``EPOCH``."""
    date = f"@{EPOCH + seconds} +0000"
    return {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.com",
    **commit_dates(0),
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
"""Fixed names, emails and dates: a history built by the same steps has the same shas."""


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in ``cwd`` and return its stripped output; fail loudly on error.

    ``env`` adds to (or overrides) ``GIT_ENV``, such as a later commit date.
    """
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


@dataclass
class GitRepo:
    """A work tree in a temporary directory; its n-th commit is dated n minutes after ``EPOCH``."""

    path: Path
    counter: int = 0

    @classmethod
    def create(cls, path: Path, *, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        git(path, "init", "--quiet", f"--initial-branch={branch}")
        return cls(path)

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, *, files: dict[str, str] | None = None) -> str:
        """Commit ``files`` (or a change to a scratch file) with ``message``; return the sha."""
        scratch = self.counter + 1
        for relative, text in (files or {f"changes/{scratch}.txt": f"{scratch}\n"}).items():
            self.write(relative, text)
        git(self.path, "add", "--all")
        self._git("commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-m", message)
        return self.head()

    def _git(self, *args: str) -> str:
        """A git command that writes a commit or tag, dated one minute after the last one."""
        self.counter += 1
        return git(self.path, *args, env=commit_dates(60 * self.counter))

    def head(self) -> str:
        return git(self.path, "rev-parse", "HEAD")

    def tag(self, name: str, *, annotated: bool = False) -> None:
        if annotated:
            self._git("tag", "-a", name, "-m", name)
        else:
            git(self.path, "tag", name)

    def branch(self, name: str, *, start: str = "HEAD") -> None:
        git(self.path, "checkout", "--quiet", "-b", name, start)

    def checkout(self, ref: str) -> None:
        git(self.path, "checkout", "--quiet", ref)

    def merge_pr(self, branch: str, *, number: int, owner: str = "octo", title: str = "") -> str:
        """Merge ``branch`` the way GitHub's "Create a merge commit" button does."""
        message = f"Merge pull request #{number} from {owner}/{branch}\n\n{title}".rstrip() + "\n"
        self._git("merge", "--quiet", "--no-ff", "-m", message, branch)
        return self.head()

    def revert(self, sha: str) -> str:
        self._git("revert", "--no-edit", sha)
        return self.head()

    def cherry_pick(self, sha: str) -> str:
        self._git("cherry-pick", "-x", sha)
        return self.head()


def run_regent(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``regent`` program in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "regent", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV, "SOURCE_DATE_EPOCH": "1790000000", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def plan_json(repo: Path, *args: str) -> dict[str, Any]:
    """``regent plan --format json`` on ``repo``; asserts it succeeded."""
    result = run_regent("plan", str(repo), "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data
