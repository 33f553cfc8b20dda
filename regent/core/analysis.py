"""Interpret the unreleased commits: what each one means for the next release, and why."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from regent.core.bump import Bump
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
from regent.core.policy import BumpPolicy

REVERT_TYPE = "revert"


class Effect(enum.StrEnum):
    """What a commit does to the release."""

    COUNTED = "counted"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class CommitChange:
    """One commit of the range with its reading and its effect on the release."""

    sha: str
    effect: Effect
    subject: str = ""
    type: str | None = None
    scope: str | None = None
    breaking: bool = False
    breaking_description: str | None = None
    description: str = ""
    pr: int | None = None
    issues: tuple[int, ...] = ()
    bump: Bump = Bump.NONE
    note: str | None = None
    release_as: str | None = None
    reverted_header: str | None = None

    @property
    def short_sha(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class _Reading:
    change: CommitChange
    revert: RevertOf | None = None
    picked_from: tuple[str, ...] = ()


MERGE_NOTE = "merge commit: the commits it brings in are listed instead"
CHERRY_PICK_MARK = "cherry picked from commit"
REVERT_MARK = "This reverts commit"


def analyse_commits(
    commits: Iterable[RawCommit], *, bump_policy: BumpPolicy, lenient: bool = False
) -> tuple[CommitChange, ...]:
    """Read ``commits`` (newest first, as ``git log`` streams them) into changes, oldest first.

    Each message is read once and then dropped, so a long history is never held whole.
    """
    readings: list[_Reading] = []
    parents: dict[str, tuple[str, ...]] = {}
    merge_prs: dict[str, int] = {}
    for commit in commits:
        parents[commit.sha] = commit.parents
        if commit.is_merge:
            number = github_merge_pr_number(commit.message)
            if number is not None:
                merge_prs[commit.sha] = number
        readings.append(_read(commit, bump_policy=bump_policy, lenient=lenient))
    readings.reverse()
    head = readings[-1].change.sha if readings else None
    owners = pull_request_of_branch_commits(head, parents, merge_prs) if head else {}
    changes = [_with_branch_pr(reading.change, owners) for reading in readings]
    _skip_cherry_picks(readings, changes)
    _apply_reverts(readings, changes)
    return tuple(changes)


def _with_branch_pr(change: CommitChange, owners: dict[str, int]) -> CommitChange:
    owner = owners.get(change.sha)
    if owner is None or change.pr is not None:
        return change
    return replace(change, pr=owner)


def _read(commit: RawCommit, *, bump_policy: BumpPolicy, lenient: bool) -> _Reading:
    message = commit.message
    if commit.is_merge and is_merge_message(message):
        return _Reading(CommitChange(commit.sha, Effect.SKIPPED, commit.subject, note=MERGE_NOTE))
    parsed = parse_message(message, lenient=lenient)
    revert = revert_of(message) if _may_revert(message) else None
    picked = cherry_picked_from(message) if CHERRY_PICK_MARK in message else ()
    if isinstance(parsed, NotConventional):
        if revert is not None:
            return _Reading(_revert_change(commit, revert), revert, picked)
        note = f"not a Conventional Commit: {parsed.reason}"
        change = CommitChange(commit.sha, Effect.SKIPPED, commit.subject, note=note)
        return _Reading(change, None, picked)
    change = _conventional_change(commit, parsed, bump_policy=bump_policy)
    if parsed.type.lower() != REVERT_TYPE:
        return _Reading(change, None, picked)
    if revert is not None:
        change = replace(change, reverted_header=revert.header, bump=max(change.bump, Bump.PATCH))
    return _Reading(change, revert, picked)


def _may_revert(message: str) -> bool:
    """A cheap test that rules out most messages before the revert reader runs."""
    return message[:7].lower().startswith(("revert", "reapply")) or REVERT_MARK in message


def _conventional_change(
    commit: RawCommit, parsed: ConventionalCommit, *, bump_policy: BumpPolicy
) -> CommitChange:
    squash_pr = squash_pr_number(parsed.description)
    description = (
        _strip_pr_suffix(parsed.description) if squash_pr is not None else parsed.description
    )
    bump = Bump.MAJOR if parsed.breaking else bump_policy.bump_for_type(parsed.type)
    return CommitChange(
        commit.sha,
        Effect.COUNTED,
        commit.subject,
        type=parsed.type.lower(),
        scope=parsed.scope,
        breaking=parsed.breaking,
        breaking_description=parsed.breaking_description,
        description=description.strip(),
        pr=squash_pr,
        issues=issue_references(parsed) if parsed.footers else (),
        bump=bump,
        release_as=release_as(parsed) if parsed.footers else None,
    )


def _revert_change(commit: RawCommit, revert: RevertOf) -> CommitChange:
    subject = commit.subject
    squash_pr = squash_pr_number(subject)
    header = revert.header or subject
    return CommitChange(
        commit.sha,
        Effect.COUNTED,
        subject,
        type=REVERT_TYPE,
        description=header,
        pr=squash_pr,
        bump=Bump.PATCH,
        reverted_header=revert.header,
    )


def _strip_pr_suffix(description: str) -> str:
    cut = description.rstrip().rfind(" (#")
    return description[:cut] if cut >= 0 else description


def _skip_cherry_picks(readings: list[_Reading], changes: list[CommitChange]) -> None:
    """A cherry-pick of a commit that is itself in the range is the same change: count it once."""
    index = {change.sha: position for position, change in enumerate(changes)}
    for position, reading in enumerate(readings):
        for source in reading.picked_from:
            original = _find_sha(source, index)
            if original is not None and original != position:
                note = f"cherry-pick of {changes[original].short_sha}, which is already listed"
                changes[position] = _drop(changes[position], Effect.SKIPPED, note)
                break


def _find_sha(prefix: str, index: dict[str, int]) -> int | None:
    if prefix in index:
        return index[prefix]
    if len(prefix) < 7:
        return None
    for sha, position in index.items():
        if sha.startswith(prefix):
            return position
    return None


def _apply_reverts(readings: list[_Reading], changes: list[CommitChange]) -> None:
    """Cancel each revert with its in-range target, oldest first; a revert of a revert restores."""
    index = {change.sha: position for position, change in enumerate(changes)}
    restores: dict[int, CommitChange] = {}
    for position, reading in enumerate(readings):
        if reading.revert is None or changes[position].effect is not Effect.COUNTED:
            continue
        target = _revert_target(reading.revert, position, changes, index)
        if target is None:
            continue
        restored = restores.pop(target, None)
        if restored is not None:
            changes[index[restored.sha]] = restored
        elif changes[target].effect is Effect.CANCELLED:
            continue
        else:
            restores[position] = changes[target]
        changes[target] = _drop(
            changes[target], Effect.CANCELLED, f"reverted by {changes[position].short_sha}"
        )
        note = f"reverts {changes[target].short_sha}, which is not released yet"
        changes[position] = _drop(changes[position], Effect.CANCELLED, note)


def _revert_target(
    revert: RevertOf, position: int, changes: list[CommitChange], index: dict[str, int]
) -> int | None:
    for sha in revert.shas:
        found = _find_sha(sha, index)
        if found is not None and found < position:
            return found
    if revert.shas or revert.header is None:
        return None
    for candidate in range(position - 1, -1, -1):
        if changes[candidate].subject.strip() == revert.header.strip():
            return candidate
    return None


def _drop(change: CommitChange, effect: Effect, note: str) -> CommitChange:
    return replace(change, effect=effect, note=note, bump=Bump.NONE)


def release_bump(changes: Iterable[CommitChange]) -> Bump:
    """The largest bump among the counted changes."""
    return max((c.bump for c in changes if c.effect is Effect.COUNTED), default=Bump.NONE)
