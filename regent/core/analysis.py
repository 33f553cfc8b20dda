"""Interpret the unreleased commits: what each one means for the next release, and why.

A commit may hold several changes: the Conventional Commits its squash body lists (``* feat: a``)
when ``squash_bodies`` is on, or those of the ``BEGIN_COMMIT_OVERRIDE`` block of its pull
request. Its first change stands for it while reverts and cherry-picks are matched (one change
per commit); the others follow it at the end, with its effect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
from regent.core.nested_commits import NestedCommits
from regent.core.policy import BumpPolicy, type_bump
from regent.core.reverts import ChangeIndex, cancel_reverts, skip_cherry_picks
from regent.core.versioning.bump import Bump

MERGE_NOTE = "merge commit: the commits it brings in are listed instead"
CHERRY_PICK_MARK = "cherry picked from commit"
REVERT_MARKS = ("This reverts commit", "Reverts ")
REVERT_WORDS = ("revert", "reapply")

_Reading = tuple[CommitChange, RevertOf | None, tuple[str, ...], tuple[CommitChange, ...]]
"""A commit's first change, what it reverts, the commits it cherry-picks, and its other changes."""
_COUNTED = Effect.COUNTED
_NO_BUMP = Bump.NONE


@dataclass(frozen=True, slots=True)
class CommitOverride:
    """The messages that replace those of a merged pull request's commits (from its body)."""

    pr: int
    text: str


@dataclass(frozen=True, slots=True)
class _Reader:
    """What reading one range's messages needs, built once per range."""

    bumps: dict[str, Bump]
    scoped: bool
    """Whether a bump rule names a scope (``type(scope)``)."""
    lenient: bool
    nested: NestedCommits | None
    """None when squash bodies are read as plain bodies."""
    overridden: NestedCommits | None
    """None when no pull request overrides its commits."""
    overrides: Mapping[str, CommitOverride]


def analyse_commits(
    commits: Iterable[RawCommit],
    *,
    bump_policy: BumpPolicy,
    lenient: bool = False,
    squash_bodies: bool = False,
    overrides: Mapping[str, CommitOverride] | None = None,
) -> tuple[CommitChange, ...]:
    """Read ``commits`` (newest first, as ``git log`` streams them) into changes, oldest first.

    Each message is read once and then dropped, so a long history is never held whole.
    ``overrides``, by merge commit sha, replace those commits' messages (and, for a merge
    commit, skip the commits it brought in).
    """
    bumps = bump_policy.bump_map()
    types = [name.partition("(")[0] for name in bumps]
    overrides = overrides or {}
    reader = _Reader(
        bumps,
        any("(" in name for name in bumps),
        lenient,
        NestedCommits(types, lenient=lenient) if squash_bodies else None,
        NestedCommits(types, lenient=True) if overrides else None,
        overrides,
    )
    changes: list[CommitChange] = []
    extras: dict[int, tuple[CommitChange, ...]] = {}
    reverts: list[tuple[int, RevertOf]] = []
    picks: list[tuple[int, tuple[str, ...]]] = []
    parents: dict[str, tuple[str, ...]] = {}
    merge_prs: dict[str, int] = {}
    read = _read if reader.nested is None and not overrides else _read_commit
    for commit in commits:
        sha, commit_parents, message = commit
        parents[sha] = commit_parents
        if len(commit_parents) > 1:
            number = github_merge_pr_number(message)
            if number is not None:
                merge_prs[sha] = number
        change, revert, picked, more = read(commit, reader)
        if revert is not None:
            reverts.append((len(changes), revert))
        if picked:
            picks.append((len(changes), picked))
        if more:
            extras[len(changes)] = more
        changes.append(change)
    last = len(changes) - 1
    changes.reverse()
    if merge_prs:
        owners = pull_request_of_branch_commits(changes[-1].sha, parents, merge_prs)
        replaced = {o.pr for sha, o in overrides.items() if sha in merge_prs}
        changes = [_with_branch_pr(change, owners, replaced) for change in changes]
    if picks or reverts:
        index = ChangeIndex(changes, merge_prs)
        skip_cherry_picks([(last - at, shas) for at, shas in reversed(picks)], changes, index)
        cancel_reverts([(last - at, revert) for at, revert in reversed(reverts)], changes, index)
    if extras:
        changes = _with_extras(changes, {last - at: more for at, more in extras.items()})
    return tuple(changes)


def _with_branch_pr(
    change: CommitChange, owners: dict[str, int], replaced: set[int]
) -> CommitChange:
    owner = owners.get(change.sha)
    if owner is None or change.pr is not None:
        return change
    if owner in replaced:
        return change._replace(pr=owner).dropped(Effect.SKIPPED, _replaced_note(owner))
    return change._replace(pr=owner)


def _replaced_note(pr: int) -> str:
    return f"replaced by {_override_block(pr)}"


def _override_block(pr: int) -> str:
    return f"the BEGIN_COMMIT_OVERRIDE block of #{pr}"


def _with_extras(
    changes: list[CommitChange], extras: dict[int, tuple[CommitChange, ...]]
) -> list[CommitChange]:
    """Each commit's further changes after its first, linked to its PR and sharing its effect."""
    expanded: list[CommitChange] = []
    for position, change in enumerate(changes):
        expanded.append(change)
        for extra in extras.get(position, ()):
            linked = extra._replace(pr=extra.pr or change.pr)
            if change.effect is Effect.COUNTED:
                expanded.append(linked)
            else:
                expanded.append(linked.dropped(change.effect, change.note or ""))
    return expanded


def _read_commit(commit: RawCommit, reader: _Reader) -> _Reading:
    """The commit's first change (with what it reverts and cherry-picks) and its others."""
    if reader.overrides:
        override = reader.overrides.get(commit.sha)
        if override is not None:
            return _read_override(commit, override, reader)
    message = commit.message
    nested = reader.nested
    body = message.find("\n") + 1
    if (
        nested is None
        or not body
        or len(commit.parents) > 1
        or nested.candidate(message, body) is None
    ):
        return _read(commit, reader)
    first, messages = nested.split(message, start=body)
    if not messages:
        return _read(commit, reader)
    head, revert, picked, _ = _read(commit._replace(message=message[:first]), reader)
    pr = squash_pr_number(commit.subject)
    found = [_nested_change(commit, nested.parse(text), reader, pr=pr) for text in messages]
    if head.effect is Effect.SKIPPED and revert is None:  # a plain subject: its list counts
        return found[0], None, picked, tuple(found[1:])
    key = (head.type, head.scope, head.description)
    same = [c for c in found if (c.type, c.scope, c.description) == key]
    if same:  # a one-commit squash: the listed commit carries the footers (BREAKING CHANGE, ...)
        head = _with_listed(head, same[0])
    return head, revert, picked, tuple(c for c in found if (c.type, c.scope, c.description) != key)


def _with_listed(head: CommitChange, listed: CommitChange) -> CommitChange:
    """The title's change with what the same commit listed in the body adds: its breaking
    change, Release-As footer and issues."""
    return head._replace(
        bump=max(head.bump, listed.bump),
        breaking=head.breaking or listed.breaking,
        breaking_description=listed.breaking_description or head.breaking_description,
        issues=tuple(dict.fromkeys((*head.issues, *listed.issues))),
        release_as=listed.release_as or head.release_as,
    )


def _read_override(commit: RawCommit, override: CommitOverride, reader: _Reader) -> _Reading:
    """The commit read as its pull request's override block says."""
    overridden = reader.overridden
    assert overridden is not None, "built whenever there are overrides"
    _, messages = overridden.split(override.text, every_line=True)
    note = f"from {_override_block(override.pr)}"
    if not messages:
        parsed = parse_message(override.text.strip(), lenient=True)
        reason = parsed.reason if isinstance(parsed, NotConventional) else "no message"
        skipped = f"{note}, which holds no Conventional Commit: {reason}"
        change = CommitChange(commit.sha, Effect.SKIPPED, commit.subject, pr=override.pr)
        return change._replace(note=skipped), None, (), ()
    found = [
        _nested_change(commit, overridden.parse(text), reader, pr=override.pr)._replace(note=note)
        for text in messages
    ]
    return found[0], None, (), tuple(found[1:])


def _nested_change(
    commit: RawCommit, parsed: ConventionalCommit, reader: _Reader, *, pr: int | None
) -> CommitChange:
    """A listed commit's change; a listed ``revert:`` is a patch-level entry (it cancels
    nothing: only whole commits are matched against reverts)."""
    change = _conventional_change(commit, parsed, reader)
    if change.type == REVERT_TYPE:
        change = change._replace(
            reverted_header=change.description, bump=max(change.bump, Bump.PATCH)
        )
    return change._replace(pr=change.pr or pr)


def _read(commit: RawCommit, reader: _Reader) -> _Reading:
    sha, parents, message = commit
    if len(parents) > 1 and is_merge_message(message):
        return CommitChange(sha, Effect.SKIPPED, commit.subject, note=MERGE_NOTE), None, (), ()
    parsed = parse_message(message, lenient=reader.lenient)
    # The cheap tests rule out most messages before the revert and cherry-pick readers run.
    revert = (
        revert_of(message)
        if message[:7].lower().startswith(REVERT_WORDS)
        or REVERT_MARKS[0] in message
        or REVERT_MARKS[1] in message
        else None
    )
    picked = cherry_picked_from(message) if CHERRY_PICK_MARK in message else ()
    if isinstance(parsed, NotConventional):
        if revert is not None:
            return _revert_change(commit, revert), revert, picked, ()
        note = f"not a Conventional Commit: {parsed.reason}"
        return CommitChange(sha, Effect.SKIPPED, commit.subject, note=note), None, picked, ()
    change = _conventional_change(commit, parsed, reader)
    if change.type != REVERT_TYPE:
        return change, None, picked, ()
    if revert is not None:
        change = change._replace(reverted_header=revert.header, bump=max(change.bump, Bump.PATCH))
    return change, revert, picked, ()


def _conventional_change(
    commit: RawCommit, parsed: ConventionalCommit, reader: _Reader
) -> CommitChange:
    """The change of one Conventional Commit (built positionally: once per commit, and a
    NamedTuple takes keyword arguments several times slower)."""
    kind, scope, breaking, header_description, _, footers, breaking_description = parsed
    squash_pr = squash_pr_number(header_description) if header_description.endswith(")") else None
    description = (
        _strip_pr_suffix(header_description) if squash_pr is not None else header_description
    ).strip()
    if breaking_description == header_description:
        breaking_description = description
    kind = intern(kind.lower())
    if breaking:
        bump = Bump.MAJOR
    elif reader.scoped:
        bump = type_bump(reader.bumps, kind, scope)
    else:
        bump = reader.bumps.get(kind, _NO_BUMP)
    return CommitChange(
        commit.sha,
        _COUNTED,
        commit.subject,
        kind,
        intern(scope) if scope else None,
        breaking,
        breaking_description,
        description,
        squash_pr,
        issue_references(parsed) if footers else (),
        bump,
        None,  # note
        release_as(parsed) if footers else None,
        None,  # reverted_header
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
