"""The values the release logic speaks with GitHub: repositories, pulls, releases, tags, files."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from regent.core.errors import UsageError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RepoRef:
    """A repository on GitHub, ``owner/name``."""

    owner: str
    name: str

    @classmethod
    def parse(cls, full_name: str) -> RepoRef:
        owner, slash, name = full_name.strip().partition("/")
        if not slash or not owner or not name or "/" in name:
            raise UsageError(f"{full_name!r} is not a repository; write it as owner/name")
        return cls(owner, name)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def __str__(self) -> str:
        return self.full_name


class PullState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class PullRequest:
    """A pull request as the release logic sees it."""

    number: int
    title: str
    body: str
    head_branch: str
    head_sha: str
    base_branch: str
    state: PullState
    merged: bool
    merge_commit_sha: str | None
    labels: tuple[str, ...]
    draft: bool
    html_url: str
    merged_at: str | None = None
    """When it was merged, ISO 8601 in UTC (``2024-01-31T12:00:00Z``); None unless merged."""
    author: str | None = None
    """The login that opened it."""
    node_id: str = ""
    """Its GraphQL id (what ``enablePullRequestAutoMerge`` names it by)."""
    auto_merge: str | None = None
    """The merge method of GitHub's auto-merge when enabled on it (merge, squash, rebase)."""

    @property
    def is_open(self) -> bool:
        return self.state is PullState.OPEN


@dataclass(frozen=True, slots=True)
class ReleasePulls:
    """What one listing of a base branch's pull requests found for a reconcile: the release
    PRs it acts on, and the merged pull requests its plans read."""

    open: PullRequest | None
    """The open release PR (GitHub allows one open pull request per head and base)."""
    pending: tuple[PullRequest, ...]
    """Merged release PRs still labelled pending, newest first."""
    merged: tuple[PullRequest, ...]
    """Every merged pull request into the base branch that the listing read (release PRs too),
    with bodies and labels, last updated first."""
    since: str | None
    """How far back the listing read: each pull request updated at or after this time (ISO
    8601); None: all of them."""
    nested: tuple[PullRequest, ...] = ()
    """The open pull requests, and the merged ones still labelled pending, from this
    repository's branches under the head branch (``release-regent/main/api``: a monorepo's
    release PR per component), newest first."""


@dataclass(frozen=True, slots=True)
class Release:
    """A GitHub Release."""

    id: int
    tag: str
    name: str
    body: str
    draft: bool
    prerelease: bool
    html_url: str
    upload_url: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag and the commit it points at (annotated tags peeled)."""

    name: str
    sha: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment on a pull request."""

    id: int
    body: str
    html_url: str


REGULAR_FILE_MODE = "100644"
EXECUTABLE_FILE_MODE = "100755"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of the release commit: its new text, or None to delete it."""

    path: str
    content: str | None
    mode: str = REGULAR_FILE_MODE
    """Its git mode in the release commit: the one it has on the base branch."""


@dataclass(frozen=True, slots=True)
class VersionedFile:
    """A file's text and blob sha as one contents request read them."""

    path: str
    sha: str
    text: str


class Outcome(enum.Enum):
    """What an idempotent write found and did."""

    CREATED = "created"
    EXISTED = "already existed"
    DIFFERS = "already existed with different content"


@dataclass(frozen=True, slots=True)
class Ensured(Generic[T]):
    """The object an idempotent write ensured, and whether this call created it."""

    value: T
    outcome: Outcome

    @property
    def created(self) -> bool:
        return self.outcome is Outcome.CREATED


@dataclass(frozen=True, slots=True)
class CallCounts:
    """GitHub API requests made so far, by port operation (retries included)."""

    by_operation: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> CallCounts:
        return cls(tuple(sorted((name, n) for name, n in counts.items() if n)))

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_operation)

    def __getitem__(self, operation: str) -> int:
        return dict(self.by_operation).get(operation, 0)

    def since(self, earlier: CallCounts) -> CallCounts:
        """The calls made after ``earlier`` was taken."""
        before = dict(earlier.by_operation)
        return CallCounts.of({name: n - before.get(name, 0) for name, n in self.by_operation})

    def __str__(self) -> str:
        parts = ", ".join(f"{name}={n}" for name, n in self.by_operation)
        return f"{self.total} GitHub API calls" + (f" ({parts})" if parts else "")


def instant(text: str) -> datetime:
    """An ISO 8601 time (``2024-01-31T12:00:00Z`` or with an offset) as an aware datetime; one
    without an offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{text!r} is not a time; write it in ISO 8601, such as 2024-01-31T12:00:00Z"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso_utc(moment: datetime) -> str:
    """``moment`` as GitHub writes times: ``2024-01-31T12:00:00Z``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
