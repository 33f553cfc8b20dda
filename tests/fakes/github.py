"""A stateful in-memory fake of GitHub: the session, which binds the port (``github_port``)
to one repository.

It keeps the port's promises as the PyGithub adapter does over the simulator (the contract
tests in ``tests/contract/test_github_*.py`` run against both): writes are idempotent, an
existing object is returned with the outcome the adapter reports, and conflicts and missing
things raise the same errors. Pull requests, labels, releases and comments are records in
memory; commits, trees and tags are real git objects in a bare repository, so a checkout
fetches what the fake wrote. There is no HTTP: no ETags, retries or budgets (those stay
adapter-only), and every port call counts as one.

``fail(operation, times=n)`` makes the next ``n`` calls of a port operation raise
``GitHubUnavailableError`` before they act: a run that stopped at that step.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from regent.core.errors import GitHubUnavailableError
from regent.core.model import CallCounts, RepoRef
from tests.fakes.git_store import GitStore
from tests.fakes.github_port import FakeGitHubPort
from tests.fakes.github_repo import HEADS, FakeRepository

WRITES = frozenset(
    {
        "write_release_branch",
        "open_release_pull",
        "update_release_pull",
        "close_release_pull",
        "set_labels",
        "ensure_tag",
        "ensure_release",
        "delete_branch",
        "comment",
        "react",
        "reply",
        "add_labels",
        "remove_label",
    }
)
TOKEN = "fake-installation-token"


class FakeGitHub:
    """GitHub in memory: repositories under ``root``, the port calls made, injected failures.

    Also the ``GitHubSession`` the wiring holds: it binds a port to each repository.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repositories: dict[str, FakeRepository] = {}
        self.installations: dict[RepoRef, int] = {}
        self.log: list[str] = []
        self._failures: Counter[str] = Counter()
        self._total: Counter[str] = Counter()

    def add_repository(
        self, full_name: str, *, source: Path | None = None, default_branch: str = "main"
    ) -> FakeRepository:
        """``owner/name`` as a bare clone of ``source`` (or empty)."""
        ref = RepoRef.parse(full_name)
        store = GitStore.clone(self.root / ref.owner / f"{ref.name}.git", source)
        store.git("symbolic-ref", "HEAD", f"{HEADS}{default_branch}")
        repository = FakeRepository(ref, store, default_branch)
        self.repositories[full_name.lower()] = repository
        return repository

    def repository(self, repo: RepoRef) -> FakeRepository | None:
        return self.repositories.get(repo.full_name.lower())

    def for_repository(self, repo: RepoRef) -> FakeGitHubPort:
        return FakeGitHubPort(self, repo)

    def remember_installation(self, repo: RepoRef, installation_id: int) -> None:
        self.installations[repo] = installation_id

    def git_token(self, repo: RepoRef) -> str:
        return TOKEN

    def call_counts(self) -> CallCounts:
        return CallCounts.of(self._total)

    def fail(self, operation: str, *, times: int = 1) -> None:
        """The next ``times`` calls of port ``operation`` raise GitHubUnavailableError."""
        self._failures[operation] += times

    def heal(self) -> None:
        self._failures.clear()

    def calls(self) -> list[str]:
        """The port operations called since the last ``forget``, in order."""
        return list(self.log)

    def writes(self) -> list[str]:
        return [call for call in self.log if call in WRITES]

    def forget(self) -> None:
        self.log.clear()

    def enter(self, operation: str) -> None:
        """Count a call of ``operation``; raise when a failure was injected for it."""
        self.log.append(operation)
        self._total[operation] += 1
        if self._failures[operation] > 0:
            self._failures[operation] -= 1
            raise GitHubUnavailableError(
                f"GitHub kept failing while trying to {operation} (fake: injected failure)",
                status=502,
            )
