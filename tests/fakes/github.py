"""A stateful in-memory fake of GitHub: the session, and the port bound to one repository.

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
from collections.abc import Sequence
from pathlib import Path

from regent.adapters.checkout_files import decode_repository_file
from regent.core.errors import (
    ConfigError,
    GitHubNotFoundError,
    GitHubUnavailableError,
    GitHubValidationError,
    TagConflictError,
)
from regent.core.model import (
    CallCounts,
    Comment,
    Ensured,
    FileChange,
    Outcome,
    PullRequest,
    PullState,
    Release,
    ReleasePulls,
    RepoRef,
    Tag,
    VersionedFile,
)
from regent.core.release_pr.labels import has_label
from regent.core.repo_paths import CONFIG_SIZE_LIMIT
from tests.fakes.git_store import GitStore, GitStoreError
from tests.fakes.github_repo import HEADS, TAGS, FakePull, FakeRelease, FakeRepository

RELEASE_BODY_LIMIT = 125_000
"""GitHub refuses a longer release body (422)."""
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


class FakeGitHubPort:
    """The GitHub port bound to one repository of a ``FakeGitHub``."""

    def __init__(self, github: FakeGitHub, repo: RepoRef) -> None:
        self.repo = repo
        self._github = github
        self._counts: Counter[str] = Counter()

    def release_pulls(self, *, head_branch: str, base_branch: str, label: str) -> ReleasePulls:
        repository = self._enter("release_pulls")
        open_pull: PullRequest | None = None
        pending: list[PullRequest] = []
        for _, record in sorted(repository.pulls.items(), reverse=True):
            if (record.head, record.base) != (head_branch, base_branch):
                continue
            pull = repository.pull_request(record)
            if pull.is_open:
                open_pull = open_pull or pull
            elif pull.merged and has_label(pull.labels, label):
                pending.append(pull)
            elif pull.merged:
                break
        return ReleasePulls(open_pull, tuple(pending))

    def branch_head(self, branch: str) -> str | None:
        return self._enter("branch_head").branch(branch)

    def write_release_branch(
        self,
        *,
        branch: str,
        base_sha: str,
        files: Sequence[FileChange],
        message: str,
        base_tree: str | None = None,
        branch_exists: bool = True,
    ) -> str:
        store = self._enter("write_release_branch").store
        if store.peeled(base_sha) != base_sha:
            raise self._missing(
                f"commit {base_sha}", f"write the release commit on {base_sha[:12]}"
            )
        sha = store.commit_files(
            base_sha=base_sha, files=files, message=message, base_tree=base_tree
        )
        store.set_ref(HEADS + branch, sha)
        return sha

    def open_release_pull(
        self, *, head_branch: str, base_branch: str, title: str, body: str, draft: bool = False
    ) -> Ensured[PullRequest]:
        repository = self._enter("open_release_pull")
        for record in repository.pulls.values():
            if record.state is PullState.OPEN and (record.head, record.base) == (
                head_branch,
                base_branch,
            ):
                return Ensured(repository.pull_request(record), Outcome.EXISTED)
        head, base = repository.branch(head_branch), repository.branch(base_branch)
        if (
            head is None
            or base is None
            or not repository.store.git("rev-list", "-n1", f"{base}..{head}")
        ):
            raise GitHubValidationError(
                f"GitHub refused to open the release pull request from {head_branch} into "
                f"{base_branch} (422): Validation Failed (fake: a branch is missing or no commits "
                "between them)",
                status=422,
            )
        number = repository.open_pull(head_branch, base_branch, title=title, body=body)
        repository.pulls[number].draft = draft
        return Ensured(repository.pull_request(repository.pulls[number]), Outcome.CREATED)

    def update_release_pull(
        self, number: int, *, title: str | None = None, body: str | None = None
    ) -> PullRequest:
        repository = self._enter("update_release_pull")
        pull = self._pull(repository, number, doing=f"update pull request #{number}")
        repository.edit_pull(number, title=title, body=body)
        return repository.pull_request(pull)

    def close_release_pull(self, number: int) -> PullRequest:
        repository = self._enter("close_release_pull")
        pull = self._pull(repository, number, doing=f"close pull request #{number}")
        if not pull.merged:
            pull.state = PullState.CLOSED
        return repository.pull_request(pull)

    def set_labels(self, number: int, labels: Sequence[str]) -> tuple[str, ...]:
        repository = self._enter("set_labels")
        pull = self._pull(repository, number, doing=f"label pull request #{number}")
        repository.set_labels(pull, list(labels))
        return tuple(pull.labels)

    def ensure_tag(self, *, tag: str, sha: str, message: str | None = None) -> Ensured[Tag]:
        store = self._enter("ensure_tag").store
        if store.peeled(sha) != sha:
            raise GitHubValidationError(
                f"GitHub refused to tag {sha[:12]} as {tag} (422): Object does not exist",
                status=422,
            )
        target = sha if message is None else store.tag_object(tag=tag, sha=sha, message=message)
        if store.create_ref(TAGS + tag, target):
            return Ensured(Tag(tag, sha), Outcome.CREATED)
        found = store.peeled(TAGS + tag)
        if found != sha:
            raise TagConflictError(tag, wanted=sha, found=found or "")
        return Ensured(Tag(tag, sha), Outcome.EXISTED)

    def ensure_release(
        self,
        *,
        tag: str,
        name: str,
        body: str,
        draft: bool = False,
        prerelease: bool = False,
        latest: bool = True,
    ) -> Ensured[Release]:
        repository = self._enter("ensure_release")
        existing = next((made for made in repository.releases if made.tag == tag), None)
        if existing is not None and (draft or not existing.draft):
            same = (existing.name, existing.body, existing.draft, existing.prerelease) == (
                name,
                body,
                draft,
                prerelease,
            )
            return Ensured(
                repository.release(existing), Outcome.EXISTED if same else Outcome.DIFFERS
            )
        if len(body) > RELEASE_BODY_LIMIT or existing is not None:
            raise GitHubValidationError(
                f"GitHub refused to publish the release of {tag} (422): Validation Failed",
                status=422,
            )
        made: FakeRelease = repository.add_release(
            tag, name=name, body=body, draft=draft, prerelease=prerelease, latest=latest
        )
        return Ensured(repository.release(made), Outcome.CREATED)

    def delete_branch(self, branch: str) -> bool:
        return self._enter("delete_branch").store.delete_ref(HEADS + branch)

    def comment(self, number: int, body: str, *, once: bool = False) -> Ensured[Comment]:
        repository = self._enter("comment")
        self._pull(repository, number, doing=f"comment on pull request #{number}")
        same = next((found for found in repository.comments_on(number) if found.body == body), None)
        if once and same is not None:
            return Ensured(same, Outcome.EXISTED)
        return Ensured(repository.add_comment(number, body), Outcome.CREATED)

    def config_file(self, path: str, *, ref: str | None = None) -> VersionedFile | None:
        self._count("config_file")
        repository = self._github.repository(self.repo)
        if repository is None:
            return None
        store = repository.store
        try:
            entry = store.entry(ref or repository.default_branch, path.strip("/"))
        except GitStoreError:
            return None
        if entry is None or entry[1] != "blob":
            return None
        mode, _, sha = entry
        shown = f"{self.repo}:{path}"
        if mode == "120000":
            raise ConfigError(
                "is a symbolic link leading out of the repository or nowhere; Release Regent "
                "reads only files inside the repository: commit the file itself",
                path=shown,
            )
        text = decode_repository_file(store.blob(sha), path=shown, limit=CONFIG_SIZE_LIMIT)
        return VersionedFile(path=path, sha=sha, text=text)

    def call_counts(self) -> CallCounts:
        return CallCounts.of(self._counts)

    def _enter(self, operation: str) -> FakeRepository:
        self._count(operation)
        repository = self._github.repository(self.repo)
        if repository is None:
            raise self._missing(f"repository {self.repo}", operation.replace("_", " "))
        return repository

    def _count(self, operation: str) -> None:
        self._counts[operation] += 1
        self._github.enter(operation)

    def _pull(self, repository: FakeRepository, number: int, *, doing: str) -> FakePull:
        pull = repository.pulls.get(number)
        if pull is None:
            raise self._missing(f"pull request #{number} in {self.repo}", doing)
        return pull

    @staticmethod
    def _missing(subject: str, doing: str) -> GitHubNotFoundError:
        return GitHubNotFoundError(
            f"GitHub found no {subject} while trying to {doing} (404: Not Found); check the "
            "name, and that the token can see the repository",
            status=404,
        )
