"""Commits as read from git, before any interpretation."""

from __future__ import annotations

from typing import NamedTuple


class RawCommit(NamedTuple):
    """One commit of the unreleased range: its id, parents and full message.

    An immutable value, a NamedTuple because every commit read builds one.
    """

    sha: str
    parents: tuple[str, ...]
    message: str

    @property
    def subject(self) -> str:
        """The first line of the message."""
        end = self.message.find("\n")
        return (self.message if end < 0 else self.message[:end]).rstrip("\r")

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


def pull_request_of_branch_commits(
    head: str, parents: dict[str, tuple[str, ...]], merge_prs: dict[str, int]
) -> dict[str, int]:
    """Map commits that reached the base branch through a PR merge commit to that PR's number.

    ``parents`` holds the parents of every commit in the range and ``merge_prs`` the PR number
    of each GitHub merge commit. The mainline is the first-parent chain from ``head``; every
    other commit is claimed by the oldest mainline merge whose second parent reaches it.
    """
    if not merge_prs:
        return {}
    mainline = _first_parent_chain(head, parents)
    on_mainline = set(mainline)
    owner: dict[str, int] = {}
    for sha in reversed(mainline):
        pr_number = merge_prs.get(sha)
        if pr_number is None:
            continue
        for branch_parent in parents[sha][1:]:
            _claim(branch_parent, pr_number, parents=parents, mainline=on_mainline, owner=owner)
    return owner


def _first_parent_chain(head: str, parents: dict[str, tuple[str, ...]]) -> list[str]:
    chain: list[str] = []
    sha: str | None = head
    while sha is not None and sha in parents:
        chain.append(sha)
        first = parents[sha]
        sha = first[0] if first else None
    return chain


def _claim(
    start: str,
    pr_number: int,
    *,
    parents: dict[str, tuple[str, ...]],
    mainline: set[str],
    owner: dict[str, int],
) -> None:
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha not in parents or sha in mainline or sha in owner:
            continue
        owner[sha] = pr_number
        stack.extend(parents[sha])
