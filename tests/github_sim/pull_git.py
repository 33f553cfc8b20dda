"""What git says about a pull request: its current shas, commits, diff size and mergeability.

Facts about a (base sha, head sha) pair never change, so they are computed once and cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tests.github_sim.merging import git, is_mergeable
from tests.github_sim.push_commits import is_ancestor
from tests.github_sim.records import PullRecord
from tests.github_sim.state import SimRepo

HEADS = "refs/heads/"
CACHE_SIZE = 4096


@dataclass(frozen=True)
class DiffStats:
    """Lines added and deleted and files changed between base and head."""

    additions: int
    deletions: int
    changed_files: int


def refresh(repo: SimRepo, *pulls: PullRecord) -> None:
    """Follow the branches of open pull requests (their tips move when pushed to)."""
    refresh_all(repo, pulls)


def refresh_all(repo: SimRepo, pulls: Iterable[PullRecord]) -> None:
    """``refresh`` for many pull requests with one look at the branches."""
    open_pulls = [pull for pull in pulls if pull.state == "open"]
    if not open_pulls:
        return
    branches = repo.refs(HEADS)
    for pull in open_pulls:
        pull.head_sha = branches.get(HEADS + pull.head, pull.head_sha)
        pull.base_sha = branches.get(HEADS + pull.base, pull.base_sha)


def commits(repo: SimRepo, pull: PullRecord) -> list[str]:
    """The pull request's commits, oldest first (``base..head``)."""
    return list(_commits(repo.git_dir, pull.base_sha, pull.head_sha))


@lru_cache(maxsize=CACHE_SIZE)
def _commits(git_dir: Path, base_sha: str, head_sha: str) -> tuple[str, ...]:
    return tuple(git(git_dir, "rev-list", "--reverse", f"{base_sha}..{head_sha}").split())


def diff_stats(repo: SimRepo, pull: PullRecord) -> DiffStats:
    """The size of the change since the merge base (binary files count as changed, no lines)."""
    return _diff_stats(repo.git_dir, pull.base_sha, pull.head_sha)


@lru_cache(maxsize=CACHE_SIZE)
def _diff_stats(git_dir: Path, base_sha: str, head_sha: str) -> DiffStats:
    out = git(git_dir, "diff", "--numstat", f"{base_sha}...{head_sha}")
    rows = [line.split("\t", 2) for line in out.splitlines() if line]
    added = sum(int(row[0]) for row in rows if row[0].isdigit())
    deleted = sum(int(row[1]) for row in rows if row[1].isdigit())
    return DiffStats(added, deleted, len(rows))


def mergeable(repo: SimRepo, pull: PullRecord) -> bool | None:
    """Whether an open pull request merges cleanly (None once closed, as GitHub reports)."""
    if pull.state != "open":
        return None
    return _mergeable(repo.git_dir, pull.base_sha, pull.head_sha)


@lru_cache(maxsize=CACHE_SIZE)
def _mergeable(git_dir: Path, base_sha: str, head_sha: str) -> bool:
    return is_mergeable(git_dir, base_sha, head_sha)


def associated_with(repo: SimRepo, pull: PullRecord, sha: str) -> bool:
    """Whether ``sha`` is one of the pull request's commits or the commit its merge made."""
    return sha == pull.merge_commit_sha or sha in commits(repo, pull)


def reachable(repo: SimRepo, sha: str, branch: str) -> bool:
    """Whether ``sha`` is on ``branch``."""
    return is_ancestor(repo, sha, HEADS + branch)
