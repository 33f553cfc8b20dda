"""``acme/widget`` on GitHub as a test sees it, the simulator's or the fake's: the repository's
state, the port calls made, failures to inject, and a maintainer's hands (open, label, merge).

Both remotes hold the same seed: main has two commits, ``first`` (README.md, VERSION) and
``base`` (src/app.py), in a bare repository at ``git_dir`` that a checkout can clone.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from regent.core.model import RepoRef
from tests.fakes.github import FakeGitHub
from tests.fakes.github_repo import FakeRepository
from tests.gitrepo import GitRepo, git

REPO = RepoRef("acme", "widget")

SIM_PATHS = {
    "ensure_tag": ("POST", r"/git/refs$"),
    "ensure_release": ("POST", r"/releases$"),
    "delete_branch": ("DELETE", r"/git/refs/heads/"),
    "comment": ("POST", r"/issues/\d+/comments$"),
    "set_labels": ("PUT", r"/issues/\d+/labels$"),
    "update_release_pull": ("PATCH", r"/pulls/\d+$"),
    "reply": ("POST", r"/issues/\d+/comments$"),
    "react": ("POST", r"/issues/comments/\d+/reactions$"),
    "add_labels": ("POST", r"/issues/\d+/labels$"),
    "remove_label": ("DELETE", r"/issues/\d+/labels/"),
}
"""The request each port operation fails at on the simulator (its first write)."""
SIM_WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def seed(work: Path) -> tuple[GitRepo, str, str]:
    """The work tree ``acme/widget`` is cloned from; its ``first`` and ``base`` commits.

    Commits have fixed dates, so the seed is the same every time: it is built once per process
    and copied (seven git processes fewer per test).
    """
    template, first, base = _seed_template()
    shutil.copytree(template, work, symlinks=True)
    return GitRepo(work, counter=2), first, base


@functools.cache
def _seed_template() -> tuple[Path, str, str]:
    root = Path(tempfile.mkdtemp(prefix="regent-seed-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    repo = GitRepo.create(root / "work")
    first = repo.commit("chore: start", files={"README.md": "hello\n", "VERSION": "1.0.0\n"})
    base = repo.commit("feat: app", files={"src/app.py": "x = 1\n"})
    assert repo.counter == 2
    return repo.path, first, base


class Remote(Protocol):
    """``acme/widget`` on a GitHub, for tests."""

    @property
    def git_dir(self) -> Path: ...

    @property
    def work(self) -> GitRepo: ...

    @property
    def first(self) -> str: ...

    @property
    def base(self) -> str: ...

    def state(self) -> dict[str, Any]:
        """Branches, tags (peeled), pulls and releases (the simulator's state shape)."""

    def calls(self) -> list[str]:
        """What was asked of GitHub since ``forget``: requests, or the fake's port operations."""

    def writes(self) -> list[str]:
        """The calls of ``calls`` that change something."""

    def forget(self) -> None: ...

    def fail(self, operation: str, *, times: int) -> None:
        """The next ``times`` attempts of port ``operation`` fail with a 502 before acting."""

    def heal(self) -> None: ...

    def open_pull(self, head: str, base: str, *, title: str) -> int: ...

    def merge(self, number: int, *, method: str = "merge") -> str:
        """Merge pull request ``number`` as a maintainer would; the merge commit."""

    def edit_pull(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        """Edit the title or body, as a maintainer would."""

    def add_labels(self, number: int, labels: list[str]) -> None: ...

    def create_ref(self, ref: str, sha: str) -> None: ...

    def add_release(self, tag: str, *, body: str) -> None:
        """Publish a release by hand."""

    def comments(self, number: int) -> list[str]: ...

    def latest_release_tag(self) -> str | None: ...

    def close_pull(self, number: int) -> None:
        """Close the pull request without merging it."""

    def set_role(self, login: str, role: str) -> None:
        """Give ``login`` a role on the repository (admin, maintain, write, triage, read, none)."""

    def reactions(self, number: int) -> dict[int, dict[str, int]]:
        """How many of each reaction each comment on ``number`` has, by comment id."""


def push_branch(remote: Remote, name: str, *, files: dict[str, str] | None = None) -> str:
    """A branch off ``base`` with one commit, force-pushed to the remote."""
    git(remote.work.path, "checkout", "--quiet", "-B", name, remote.base)
    sha = remote.work.commit(f"feat: {name}", files=files)
    remote.work.checkout("main")
    git(remote.work.path, "push", "--quiet", str(remote.git_dir), f"+{name}:refs/heads/{name}")
    return sha


@dataclass
class FakeRemote:
    """``acme/widget`` on a ``FakeGitHub``."""

    github: FakeGitHub
    repository: FakeRepository
    work: GitRepo
    first: str
    base: str

    @classmethod
    def create(cls, tmp_path: Path) -> FakeRemote:
        work, first, base = seed(tmp_path / "work")
        github = FakeGitHub(tmp_path / "github")
        repository = github.add_repository(REPO.full_name, source=work.path)
        return cls(github, repository, work, first, base)

    @property
    def git_dir(self) -> Path:
        return self.repository.store.git_dir

    def state(self) -> dict[str, Any]:
        return self.repository.state()

    def calls(self) -> list[str]:
        return self.github.calls()

    def writes(self) -> list[str]:
        return self.github.writes()

    def forget(self) -> None:
        self.github.forget()

    def fail(self, operation: str, *, times: int) -> None:
        self.github.fail(operation, times=times)

    def heal(self) -> None:
        self.github.heal()

    def open_pull(self, head: str, base: str, *, title: str) -> int:
        return self.repository.open_pull(head, base, title=title)

    def merge(self, number: int, *, method: str = "merge") -> str:
        return self.repository.merge(number, method=method)

    def edit_pull(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        self.repository.edit_pull(number, title=title, body=body)

    def add_labels(self, number: int, labels: list[str]) -> None:
        self.repository.add_labels(number, labels)

    def create_ref(self, ref: str, sha: str) -> None:
        assert self.repository.store.create_ref(ref, sha), f"{ref} exists"

    def add_release(self, tag: str, *, body: str) -> None:
        self.repository.add_release(
            tag, name=tag, body=body, draft=False, prerelease=False, latest=True
        )

    def comments(self, number: int) -> list[str]:
        return [comment.body for comment in self.repository.comments_on(number)]

    def latest_release_tag(self) -> str | None:
        return self.repository.latest_release_tag()

    def close_pull(self, number: int) -> None:
        self.repository.close_pull(number)

    def set_role(self, login: str, role: str) -> None:
        self.repository.set_role(login, role)

    def reactions(self, number: int) -> dict[int, dict[str, int]]:
        made = self.repository.reactions
        return {
            comment.id: dict(Counter(content for _, content in made.get(comment.id, [])))
            for comment in self.repository.comments_on(number)
        }
