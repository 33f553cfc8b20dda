"""What the release logic needs from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Protocol

from regent.core.changelog import ReleaseNotes
from regent.core.history import RawCommit
from regent.core.model import (
    CallCounts,
    Comment,
    Ensured,
    FileChange,
    PullRequest,
    Release,
    ReleasePulls,
    RepoRef,
    Tag,
    VersionedFile,
)
from regent.core.notes.contributors import Account, AuthorsReader


class HistoryWalk(Protocol):
    """One pass over a commit range; ``boundary`` is known once the commits are consumed."""

    boundary: frozenset[str]

    def __iter__(self) -> Iterator[RawCommit]: ...


class HistoryReader(AuthorsReader, Protocol):
    """Local git history of the branch being released (and its commits' authors)."""

    def head_sha(self) -> str | None: ...

    def ensure_full_history(self) -> None: ...

    def shallow_commits(self) -> frozenset[str]:
        """The commits whose parents a shallow clone does not hold (none in a full clone)."""

    def resolve_commit(self, revision: str) -> str | None:
        """The commit a sha, tag, branch or ``main~100`` names, or None."""

    def tag_commits(self, *, glob: str) -> list[tuple[str, str]]:
        """``(tag name, commit sha)`` of every tag matching ``glob``, annotated tags peeled."""

    def tags_merged_into(self, sha: str, *, glob: str) -> list[str]: ...

    def walk(self, *, until: str, since: str | None) -> HistoryWalk:
        """The commits in ``since..until``, newest first, read in one pass."""

    def is_ancestor(self, sha: str, of: str) -> bool: ...

    def shas(self, *, until: str, since: str | None) -> frozenset[str]: ...

    def commit_time(self, sha: str) -> str | None:
        """When ``sha`` was committed (ISO 8601), or None when there is no such commit."""

    def repository_url(self) -> str | None: ...

    def read_file(self, relative: str) -> str | None: ...

    def refresh(self, branch: str, *, tags: bool = True) -> str:
        """Fetch ``branch`` (and the tags, unless ``tags`` is False) from the remote; the
        commit the branch is at there."""

    def tree_of(self, sha: str) -> str: ...

    def first_parent(self, sha: str) -> str | None: ...

    def read_file_at(self, sha: str, relative: str) -> str | None:
        """The text of ``relative`` in commit ``sha``, or None when there is no such file."""

    def file_modes_at(self, sha: str, paths: Sequence[str]) -> Mapping[str, str]:
        """The git mode (100644 or 100755) of each of ``paths`` that is a file in ``sha``."""


class MergedPullsReader(Protocol):
    """The merged pull requests of a branch (a ``GitHubPort`` is one)."""

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        """Pull requests merged into ``base_branch`` and updated at or after ``since`` (ISO
        8601; None: all), with their bodies and labels."""


class NotesRenderer(Protocol):
    """Turns the release notes model into Markdown."""

    def release_notes(self, notes: ReleaseNotes) -> str: ...

    def changelog_entry(self, notes: ReleaseNotes, *, release_notes: str) -> str: ...

    def renders_alike(self, notes: ReleaseNotes, other: ReleaseNotes) -> bool:
        """Whether ``release_notes`` renders ``notes`` and ``other`` the same (no rendering)."""


class ReleasePrRenderer(NotesRenderer, Protocol):
    """Also renders the release PR body (above its state marker)."""

    def release_pr_body(self, notes: ReleaseNotes, *, release_notes: str, base_branch: str) -> str:
        """The visible body of the release PR showing ``notes``."""


class GitHubPort(Protocol):
    """GitHub as the release service uses it, bound to one repository. Every write is safe to
    repeat."""

    def release_pulls(
        self, *, head_branch: str, base_branch: str, label: str, since: str | None
    ) -> ReleasePulls:
        """One paged listing of ``base_branch``'s pull requests, last updated first (``GET
        pulls?state=all&base=…&sort=updated&direction=desc``), read until the first one last
        updated before ``since`` (ISO 8601; None: to the end). It finds the open pull request
        from ``head_branch`` (of this repository, never a fork's), the merged ones from it still
        labelled ``label``, the same of the branches under it (``nested``: ``head_branch/api``),
        and every merged pull request read, with bodies and labels.

        ``since`` is the time of the last release's tag commit: every release PR still pending
        was merged after it, and so was every pull request of the ranges planned after it. A
        finished release PR commented on later is listed early and does not stop the paging.
        """

    def branch_head(self, branch: str) -> str | None:
        """The commit ``branch`` points at, or None when it does not exist."""

    def branch_commit(self, branch: str) -> RawCommit | None:
        """The commit ``branch`` points at, with its parents and message (the ref, then ``GET
        git/commits/{sha}``: two requests), or None when the branch does not exist."""

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
        """Point ``branch`` at one new commit of ``files`` on top of ``base_sha``; its sha.

        ``base_tree`` (the tree of ``base_sha``, when known locally) saves one call;
        ``branch_exists`` is a hint: a wrong guess costs one call, never a failure.
        """

    def open_release_pull(
        self,
        *,
        head_branch: str,
        base_branch: str,
        title: str,
        body: str,
        draft: bool = False,
    ) -> Ensured[PullRequest]:
        """Open the release pull request, or return the one already open for these branches."""

    def update_release_pull(
        self, number: int, *, title: str | None = None, body: str | None = None
    ) -> PullRequest: ...

    def close_release_pull(self, number: int) -> PullRequest: ...

    def set_labels(self, number: int, labels: Sequence[str]) -> tuple[str, ...]:
        """Replace the labels of pull request ``number``, creating labels the repository lacks."""

    def ensure_tag(self, *, tag: str, sha: str, message: str | None = None) -> Ensured[Tag]:
        """Tag ``sha``, annotated when given a ``message``; a tag elsewhere: TagConflictError."""

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
        """Publish the release of ``tag`` (``latest``: marked the repository's latest release).

        An existing release of the tag is returned, never duplicated: EXISTED when identical
        (name, body, draft, prerelease), DIFFERS otherwise.
        """

    def delete_branch(self, branch: str) -> bool:
        """Delete ``branch``; False when it was already gone."""

    def comment(self, number: int, body: str, *, once: bool = False) -> Ensured[Comment]:
        """Comment on the PR; ``once``: first look for the same text and return it (EXISTED)."""

    def config_file(self, path: str, *, ref: str | None = None) -> VersionedFile | None:
        """One contents request: the file's text and blob sha, or None when absent (a directory
        counts as absent); ``ref`` None reads the default branch."""

    def permission(self, login: str) -> str:
        """The login's role on the repository: admin, maintain, write, triage, read or none."""

    def pull(self, number: int) -> PullRequest:
        """Pull request ``number`` (one request); GitHubNotFoundError when there is none."""

    def react(self, comment_id: int, content: str = "+1") -> Ensured[None]:
        """React to an issue comment: CREATED, or EXISTED when this user already reacted so."""

    def reply(self, number: int, *, key: str, body: str) -> Ensured[Comment]:
        """Comment ``body`` on the PR once per ``key``: the body ends with a hidden line
        ``<!-- release-regent reply {key} -->``; a comment already holding that line is returned
        (EXISTED) instead of posting again (one paged listing, then at most one post)."""

    def add_labels(self, number: int, labels: Sequence[str]) -> tuple[str, ...]:
        """Add ``labels`` to pull request ``number`` (creating labels the repository lacks); all
        its labels after."""

    def remove_label(self, number: int, label: str) -> bool:
        """Take ``label`` off pull request ``number``; False when it was not on it."""

    def enable_auto_merge(self, pull: PullRequest, method: str) -> str | None:
        """Turn on GitHub's auto-merge with ``method`` (merge, squash, rebase) on ``pull`` (one
        GraphQL ``enablePullRequestAutoMerge``); None when on, else GitHub's reason for refusing
        (the repository does not allow auto-merge, nothing is left to wait for, ...)."""

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        """Pull requests merged into base_branch, newest update first, from one paged listing of
        closed PRs (sort=updated desc) that stops at the first one updated before ``since``
        (an ISO-8601 time; None reads them all). Their bodies and labels included. A reconcile
        takes them from ``release_pulls``' listing; ``regent plan --token`` reads them here."""

    def commit_accounts(
        self, *, base: str | None, head: str, emails: Collection[str] = ()
    ) -> Mapping[str, Account]:
        """The GitHub account of each commit in ``base..head`` linked to one, by sha: one paged
        listing, 100 commits a page (``compare/{base}...{head}``, oldest first; no ``base``:
        ``commits?sha=``, newest first), read until every one of ``emails`` (lower case) has
        shown up (GitHub links an email to one account), else to the end."""

    def generated_notes(self, *, tag: str, target: str, previous_tag: str | None) -> str:
        """GitHub's own release notes for ``tag`` at commit ``target`` since ``previous_tag``
        (``POST releases/generate-notes``), Markdown; nothing is written."""


CallCounter = Callable[[], CallCounts]
"""The GitHub API calls made so far through one bound port (a reconcile reports the difference)."""


class MeteredGitHub(GitHubPort, Protocol):
    """A bound GitHub port that counts its own requests, for the doors' reports."""

    def call_counts(self) -> CallCounts: ...


class GitHubSession(Protocol):
    """One connection to GitHub shared by many reconciles; only the wiring and the doors hold it:
    it binds a port to each repository and keeps installations, tokens and the total count."""

    def for_repository(self, repo: RepoRef) -> MeteredGitHub:
        """The port bound to ``repo`` (costs no request)."""

    def remember_installation(self, repo: RepoRef, installation_id: int) -> None:
        """A delivery named the App installation for repo: no lookup call is needed for it."""

    def git_token(self, repo: RepoRef) -> str:
        """The token git should use for repo: the workflow token, or the App installation's token
        (PyGithub caches and renews it before expiry)."""

    def call_counts(self) -> CallCounts:
        """Every request made through this connection, by operation."""
