"""What git says about a pull request: its current shas, commits, diff size and mergeability."""

from __future__ import annotations

from dataclasses import dataclass

from tests.github_sim.merging import is_mergeable
from tests.github_sim.records import PullRecord
from tests.github_sim.state import GitError, SimRepo


@dataclass(frozen=True)
class DiffStats:
    """Lines added and deleted and files changed between base and head."""

    additions: int
    deletions: int
    changed_files: int


def refresh(repo: SimRepo, pull: PullRecord) -> None:
    """Follow the branches of an open pull request (their tips move when pushed to)."""
    if pull.state != "open":
        return
    pull.head_sha = repo.ref_sha(f"refs/heads/{pull.head}") or pull.head_sha
    pull.base_sha = repo.ref_sha(f"refs/heads/{pull.base}") or pull.base_sha


def commits(repo: SimRepo, pull: PullRecord) -> list[str]:
    """The pull request's commits, oldest first (``base..head``)."""
    return repo.git("rev-list", "--reverse", f"{pull.base_sha}..{pull.head_sha}").split()


def diff_stats(repo: SimRepo, pull: PullRecord) -> DiffStats:
    """The size of the change since the merge base (binary files count as changed, no lines)."""
    out = repo.git("diff", "--numstat", f"{pull.base_sha}...{pull.head_sha}")
    rows = [line.split("\t", 2) for line in out.splitlines() if line]
    added = sum(int(row[0]) for row in rows if row[0].isdigit())
    deleted = sum(int(row[1]) for row in rows if row[1].isdigit())
    return DiffStats(added, deleted, len(rows))


def mergeable(repo: SimRepo, pull: PullRecord) -> bool | None:
    """Whether an open pull request merges cleanly (None once closed, as GitHub reports)."""
    if pull.state != "open":
        return None
    return is_mergeable(repo.git_dir, pull.base_sha, pull.head_sha)


def associated_with(repo: SimRepo, pull: PullRecord, sha: str) -> bool:
    """Whether ``sha`` is one of the pull request's commits or the commit its merge made."""
    return sha == pull.merge_commit_sha or sha in commits(repo, pull)


def reachable(repo: SimRepo, sha: str, branch: str) -> bool:
    """Whether ``sha`` is on ``branch``."""
    try:
        repo.git("merge-base", "--is-ancestor", sha, f"refs/heads/{branch}")
    except GitError:
        return False
    return True
