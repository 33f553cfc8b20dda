"""Mutable records a repository stores: pull requests, issues, comments, labels, releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def now_iso() -> str:
    """The current time as GitHub writes it: ``2024-01-31T12:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class AutoMergeRecord:
    """Auto-merge enabled on a pull request: how it will merge and who asked."""

    merge_method: str
    enabled_by: str
    enabled_at: str = field(default_factory=now_iso)


@dataclass
class PullRecord:
    """A pull request; ``head`` and ``base`` are branch names, labels are label names."""

    number: int
    id: int
    title: str
    body: str | None
    head: str
    base: str
    head_sha: str
    base_sha: str
    user: str
    state: str = "open"
    draft: bool = False
    merged: bool = False
    merge_commit_sha: str | None = None
    merged_by: str | None = None
    labels: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    closed_at: str | None = None
    merged_at: str | None = None
    auto_merge: AutoMergeRecord | None = None


@dataclass
class IssueRecord:
    """An issue that is not a pull request (pull requests share its number sequence)."""

    number: int
    id: int
    title: str
    body: str | None
    user: str
    state: str = "open"
    labels: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    closed_at: str | None = None


@dataclass
class CommentRecord:
    """A comment on an issue or pull request; reactions are stored as JSON-ready dicts."""

    id: int
    issue_number: int
    body: str
    user: str
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    reactions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LabelRecord:
    """A repository label."""

    id: int
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass
class ReleaseRecord:
    """A release; ``author`` is a login."""

    id: int
    tag_name: str
    target_commitish: str
    name: str | None
    body: str | None
    author: str
    draft: bool = False
    prerelease: bool = False
    created_at: str = field(default_factory=now_iso)
    published_at: str | None = None
