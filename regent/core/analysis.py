"""Interpret the unreleased commits: what each one means for the next release, and why."""

from __future__ import annotations

from collections.abc import Iterable
from sys import intern

from regent.core.changes import REVERT_TYPE, CommitChange, Effect
from regent.core.commits import ConventionalCommit, NotConventional, parse_message
from regent.core.history import RawCommit, pull_request_of_branch_commits
from regent.core.message_shapes import (
    RevertOf,
    cherry_picked_from,
    github_merge_pr_number,
    is_merge_message,
    issue_references,
    release_as,
    revert_of,
    squash_pr_number,
)
from regent.core.policy import BumpPolicy, type_bump
from regent.core.reverts import ChangeIndex, cancel_reverts, skip_cherry_picks
from regent.core.versioning.bump import Bump

MERGE_NOTE = "merge commit: the commits it brings in are listed instead"
CHERRY_PICK_MARK = "cherry picked from commit"
REVERT_MARKS = ("This reverts commit", "Reverts ")

_Reading = tuple[CommitChange, RevertOf | None, tuple[str, ...]]


def analyse_commits(
    commits: Iterable[RawCommit], *, bump_policy: BumpPolicy, lenient: bool = False
) -> tuple[CommitChange, ...]:
    """Read ``commits`` (newest first, as ``git log`` streams them) into changes, oldest first.

    Each message is read once and then dropped, so a long history is never held whole.
    """
    bumps = bump_policy.bump_map()
    changes: list[CommitChange] = []
    reverts: list[tuple[int, RevertOf]] = []
    picks: list[tuple[int, tuple[str, ...]]] = []
    parents: dict[str, tuple[str, ...]] = {}
    merge_prs: dict[str, int] = {}
    for commit in commits:
        parents[commit.sha] = commit.parents
        if len(commit.parents) > 1:
            number = github_merge_pr_number(commit.message)
            if number is not None:
                merge_prs[commit.sha] = number
        change, revert, picked = _read(commit, bumps=bumps, lenient=lenient)
        if revert is not None:
            reverts.append((len(changes), revert))
        if picked:
            picks.append((len(changes), picked))
        changes.append(change)
    last = len(changes) - 1
    changes.reverse()
    if merge_prs:
        owners = pull_request_of_branch_commits(changes[-1].sha, parents, merge_prs)
        changes = [_with_branch_pr(change, owners) for change in changes]
    if picks or reverts:
        index = ChangeIndex(changes, merge_prs)
        skip_cherry_picks([(last - at, shas) for at, shas in reversed(picks)], changes, index)
        cancel_reverts([(last - at, revert) for at, revert in reversed(reverts)], changes, index)
    return tuple(changes)


def _with_branch_pr(change: CommitChange, owners: dict[str, int]) -> CommitChange:
    owner = owners.get(change.sha)
    if owner is None or change.pr is not None:
        return change
    return change._replace(pr=owner)


def _read(commit: RawCommit, *, bumps: dict[str, Bump], lenient: bool) -> _Reading:
    message = commit.message
    if len(commit.parents) > 1 and is_merge_message(message):
        return CommitChange(commit.sha, Effect.SKIPPED, commit.subject, note=MERGE_NOTE), None, ()
    parsed = parse_message(message, lenient=lenient)
    revert = revert_of(message) if _may_revert(message) else None
    picked = cherry_picked_from(message) if CHERRY_PICK_MARK in message else ()
    if isinstance(parsed, NotConventional):
        if revert is not None:
            return _revert_change(commit, revert), revert, picked
        note = f"not a Conventional Commit: {parsed.reason}"
        return CommitChange(commit.sha, Effect.SKIPPED, commit.subject, note=note), None, picked
    change = _conventional_change(commit, parsed, bumps=bumps)
    if change.type != REVERT_TYPE:
        return change, None, picked
    if revert is not None:
        change = change._replace(reverted_header=revert.header, bump=max(change.bump, Bump.PATCH))
    return change, revert, picked


def _may_revert(message: str) -> bool:
    """A cheap test that rules out most messages before the revert reader runs."""
    return (
        message[:7].lower().startswith(("revert", "reapply"))
        or REVERT_MARKS[0] in message
        or REVERT_MARKS[1] in message
    )


def _conventional_change(
    commit: RawCommit, parsed: ConventionalCommit, *, bumps: dict[str, Bump]
) -> CommitChange:
    description = parsed.description
    squash_pr = squash_pr_number(description) if description.endswith(")") else None
    if squash_pr is not None:
        description = _strip_pr_suffix(description)
    kind = intern(parsed.type.lower())
    footers = parsed.footers
    breaking_description = parsed.breaking_description
    if breaking_description == parsed.description:
        breaking_description = description.strip()
    return CommitChange(
        commit.sha,
        Effect.COUNTED,
        commit.subject,
        type=kind,
        scope=intern(parsed.scope) if parsed.scope else None,
        breaking=parsed.breaking,
        breaking_description=breaking_description,
        description=description.strip(),
        pr=squash_pr,
        issues=issue_references(parsed) if footers else (),
        bump=Bump.MAJOR if parsed.breaking else type_bump(bumps, kind, parsed.scope),
        release_as=release_as(parsed) if footers else None,
    )


def _revert_change(commit: RawCommit, revert: RevertOf) -> CommitChange:
    subject = commit.subject
    return CommitChange(
        commit.sha,
        Effect.COUNTED,
        subject,
        type=REVERT_TYPE,
        description=revert.header or subject,
        pr=squash_pr_number(subject),
        bump=Bump.PATCH,
        reverted_header=revert.header,
    )


def _strip_pr_suffix(description: str) -> str:
    cut = description.rstrip().rfind(" (#")
    return description[:cut] if cut >= 0 else description
