"""Commits as read from git, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawCommit:
    """One commit of the unreleased range: its id, parents and full message."""

    sha: str
    parents: tuple[str, ...]
    message: str

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0].rstrip("\r")

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class ReleaseTag:
    """A tag naming a release: the tag name, the version text it carries and the commit."""

    name: str
    version: str
    sha: str


def pull_request_of_branch_commits(
    commits: tuple[RawCommit, ...], merge_prs: dict[str, int]
) -> dict[str, int]:
    """Map commits that reached the base branch through a PR merge commit to that PR's number.

    ``commits`` are newest first (``git log`` order) and ``merge_prs`` maps merge-commit shas to
    their PR number. The mainline is the first-parent chain from the newest commit; every other
    commit is claimed by the oldest mainline merge whose second parent reaches it.
    """
    if not commits or not merge_prs:
        return {}
    by_sha = {commit.sha: commit for commit in commits}
    mainline = _first_parent_chain(commits[0].sha, by_sha)
    owner: dict[str, int] = {}
    for sha in reversed(mainline):
        pr_number = merge_prs.get(sha)
        if pr_number is None:
            continue
        for branch_parent in by_sha[sha].parents[1:]:
            _claim(branch_parent, pr_number, by_sha=by_sha, mainline=set(mainline), owner=owner)
    return owner


def _first_parent_chain(head: str, by_sha: dict[str, RawCommit]) -> list[str]:
    chain: list[str] = []
    sha: str | None = head
    while sha is not None and sha in by_sha:
        chain.append(sha)
        parents = by_sha[sha].parents
        sha = parents[0] if parents else None
    return chain


def _claim(
    start: str,
    pr_number: int,
    *,
    by_sha: dict[str, RawCommit],
    mainline: set[str],
    owner: dict[str, int],
) -> None:
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha not in by_sha or sha in mainline or sha in owner:
            continue
        owner[sha] = pr_number
        stack.extend(by_sha[sha].parents)
