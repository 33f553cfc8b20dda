"""The fake GitHub port bound to one repository of a ``FakeGitHub`` (``tests.fakes.github``):
the adapter's promises kept over in-memory records and a bare git repository."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from regent.core.errors import GitHubNotFoundError, GitHubValidationError, TagConflictError
from regent.core.history import RawCommit
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
    instant,
    iso_utc,
)
from regent.core.notes.contributors import Account
from regent.core.release_pr.labels import has_label
from regent.core.replies import is_reply, reply_body
from tests.fakes.git_store import GitStoreError
from tests.fakes.github_repo import HEADS, LOGIN, TAGS, FakePull, FakeRelease, FakeRepository
from tests.github_sim.gitjson import NOREPLY_EMAIL
from tests.github_sim.issue_json import REACTIONS

if TYPE_CHECKING:
    from tests.fakes.github import FakeGitHub

NOT_ALLOWED = "Pull request Auto merge is not allowed for this repository"
"""GitHub's GraphQL refusal when the repository does not allow auto-merge."""
RELEASE_BODY_LIMIT = 125_000
"""GitHub refuses a longer release body (422)."""


class FakeGitHubPort:
    """The GitHub port bound to one repository of a ``FakeGitHub``."""

    def __init__(self, github: FakeGitHub, repo: RepoRef) -> None:
        self.repo = repo
        self._github = github
        self._counts: Counter[str] = Counter()

    def release_pulls(
        self, *, head_branch: str, base_branch: str, label: str, since: str | None
    ) -> ReleasePulls:
        after = instant(since) if since is not None else None
        repository = self._enter("release_pulls")
        listed = [pull for pull in repository.pulls.values() if pull.base == base_branch]
        listed.sort(key=lambda pull: (pull.updated_at, pull.number), reverse=True)
        open_pull: PullRequest | None = None
        pending: list[PullRequest] = []
        merged: list[PullRequest] = []
        nested: list[PullRequest] = []
        for record in listed:
            if after is not None and instant(record.updated_at) < after:
                break
            pull = repository.pull_request(record)
            if pull.merged:
                merged.append(pull)
            if record.head.startswith(head_branch + "/") and (
                pull.is_open or (pull.merged and has_label(pull.labels, label))
            ):
                nested.append(pull)
            if record.head != head_branch:
                continue
            if pull.is_open:
                open_pull = open_pull or pull
            elif pull.merged and has_label(pull.labels, label):
                pending.append(pull)
        pending.sort(key=lambda pull: pull.number, reverse=True)
        nested.sort(key=lambda pull: pull.number, reverse=True)
        shown = iso_utc(after) if after is not None else None
        return ReleasePulls(open_pull, tuple(pending), tuple(merged), shown, tuple(nested))

    def branch_head(self, branch: str) -> str | None:
        return self._enter("branch_head").branch(branch)

    def branch_commit(self, branch: str) -> RawCommit | None:
        repository = self._enter("branch_commit")
        head = repository.branch(branch)
        if head is None:
            return None
        parents, _, message = repository.store.git("log", "-1", "--format=%P%n%B", head).partition(
            "\n"
        )
        return RawCommit(head, tuple(parents.split()), message)

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
        repository.close_pull(number)
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
        return None if repository is None else repository.versioned_file(path, ref=ref)

    def permission(self, login: str) -> str:
        return self._enter("permission").role(login)

    def pull(self, number: int) -> PullRequest:
        repository = self._enter("pull")
        pull = self._pull(repository, number, doing=f"read pull request #{number}")
        return repository.pull_request(pull)

    def react(self, comment_id: int, content: str = "+1") -> Ensured[None]:
        repository = self._enter("react")
        doing = f"react to comment {comment_id}"
        if repository.comment(comment_id) is None:
            raise self._missing(f"comment {comment_id} in {self.repo}", doing)
        if content not in REACTIONS:
            raise GitHubValidationError(
                f"GitHub refused to {doing} (422): Validation Failed (content {content!r})",
                status=422,
            )
        made = repository.reactions.setdefault(comment_id, [])
        if (LOGIN, content) in made:
            return Ensured(None, Outcome.EXISTED)
        made.append((LOGIN, content))
        return Ensured(None, Outcome.CREATED)

    def reply(self, number: int, *, key: str, body: str) -> Ensured[Comment]:
        repository = self._enter("reply")
        self._pull(repository, number, doing=f"reply on pull request #{number}")
        text = reply_body(body, key)
        found = (made for made in repository.comments_on(number) if is_reply(made.body, key))
        if (existing := next(found, None)) is not None:
            return Ensured(existing, Outcome.EXISTED)
        return Ensured(repository.add_comment(number, text), Outcome.CREATED)

    def add_labels(self, number: int, labels: Sequence[str]) -> tuple[str, ...]:
        repository = self._enter("add_labels")
        pull = self._pull(repository, number, doing=f"label pull request #{number}")
        repository.add_labels(number, list(labels))
        return tuple(pull.labels)

    def remove_label(self, number: int, label: str) -> bool:
        repository = self._enter("remove_label")
        doing = f"take the label {label!r} off pull request #{number}"
        self._pull(repository, number, doing=doing)
        return repository.remove_label(number, label)

    def enable_auto_merge(self, pull: PullRequest, method: str) -> str | None:
        repository = self._enter("enable_auto_merge")
        record = self._pull(repository, pull.number, doing=f"enable auto-merge on #{pull.number}")
        if not repository.allow_auto_merge:
            return NOT_ALLOWED
        record.auto_merge = method
        return None

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        after = instant(since) if since is not None else None
        repository = self._enter("merged_pulls")
        closed = [
            pull
            for pull in repository.pulls.values()
            if pull.state is PullState.CLOSED and pull.base == base_branch
        ]
        closed.sort(key=lambda pull: (pull.updated_at, pull.number), reverse=True)
        merged: list[PullRequest] = []
        for pull in closed:
            if after is not None and instant(pull.updated_at) < after:
                break
            if pull.merged:
                merged.append(repository.pull_request(pull))
        return tuple(merged)

    def commit_accounts(
        self, *, base: str | None, head: str, emails: Collection[str] = ()
    ) -> Mapping[str, Account]:
        """As GitHub links commits to accounts: by the author's noreply email; one request per
        page of 100 commits (oldest first with a base, else newest first) until each of
        ``emails`` has shown up."""
        repository = self._enter("commit_accounts")
        span = f"{base}..{head}" if base else head
        try:
            listed = repository.store.git("log", "--format=%H %aE", span).split()
        except GitStoreError:
            raise self._missing(f"commit {head} or {base}", "compare commits") from None
        commits = list(zip(listed[::2], listed[1::2], strict=True))
        if base is not None:
            commits.reverse()
        wanted, seen = set(emails), set[str]()
        accounts: dict[str, Account] = {}
        for n, (sha, email) in enumerate(commits):
            if n and n % 100 == 0:
                if wanted and wanted <= seen:
                    break
                self._count("commit_accounts")
            seen.add(email.lower())
            found = NOREPLY_EMAIL.match(email)
            if found:
                login = found.group("login")
                accounts[sha] = Account(login, is_bot=login.endswith("[bot]"))
        return accounts

    def generated_notes(self, *, tag: str, target: str, previous_tag: str | None) -> str:
        """GitHub's shape: the pull requests merged in the range, and a link."""
        repository = self._enter("generated_notes")
        span = f"{previous_tag}..{target}" if previous_tag else target
        shas = set(repository.store.git("rev-list", span).split())
        lines = [
            f"* {pull.title} by @{pull.author} in {repository.html_url}/pull/{pull.number}"
            for _, pull in sorted(repository.pulls.items())
            if pull.merged and pull.merge_commit_sha in shas
        ]
        changed = ["## What's Changed\n" + "\n".join(lines)] if lines else []
        link = f"{repository.html_url}/compare/{previous_tag}...{tag}" if previous_tag else ""
        return "\n\n".join([*changed, f"**Full Changelog**: {link}"] if link else changed)

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
