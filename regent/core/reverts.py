"""The same change reached twice: cherry-picks counted once, reverts cancelled in range.

Every lookup goes through a ``ChangeIndex`` built once per range, so the cost grows with the
number of commits, not with commits times reverts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

from regent.core.changes import CommitChange, Effect
from regent.core.message_shapes import RevertOf, squash_pr_number, strip_squash_suffix
from regent.core.versioning.bump import Bump

MIN_PREFIX = 7
"""Shorter sha prefixes name nothing: too many commits share them."""


class ChangeIndex:
    """Where each sha, sha prefix, subject and pull request sits in one range's changes."""

    def __init__(self, changes: Sequence[CommitChange], merge_prs: Mapping[str, int]) -> None:
        self._positions = {change.sha: position for position, change in enumerate(changes)}
        self._sorted_shas = sorted(self._positions)
        self._prefixes: dict[str, int | None] = {}
        self._subjects: dict[str, list[int]] = {}
        self._pr_commits: dict[int, list[int]] = {}
        self._merge_prs = {self._positions[sha]: pr for sha, pr in merge_prs.items()}
        for position, change in enumerate(changes):
            self._subjects.setdefault(change.subject.strip(), []).append(position)
            if change.pr is not None:
                self._pr_commits.setdefault(change.pr, []).append(position)

    def find_sha(self, prefix: str) -> int | None:
        """The position of the commit named by a full sha, or else the oldest one it prefixes."""
        exact = self._positions.get(prefix)
        if exact is not None or len(prefix) < MIN_PREFIX:
            return exact
        if prefix not in self._prefixes:
            self._prefixes[prefix] = self._oldest_with_prefix(prefix)
        return self._prefixes[prefix]

    def _oldest_with_prefix(self, prefix: str) -> int | None:
        """Sorted shas keep a prefix's matches together; each distinct prefix is looked up once."""
        shas = self._sorted_shas
        start = bisect_left(shas, prefix)
        end = start
        while end < len(shas) and shas[end].startswith(prefix):
            end += 1
        return min((self._positions[sha] for sha in shas[start:end]), default=None)

    def nearest_with_subject(self, subject: str, before: int) -> int | None:
        """The latest position before ``before`` whose subject is ``subject``."""
        positions = self._subjects.get(subject.strip(), ())
        at = bisect_left(positions, before)
        return positions[at - 1] if at else None

    def pull_request(self, number: int) -> tuple[int, ...]:
        """The commits of PR ``number``: its squash commit, or the commits its merge brought."""
        return tuple(self._pr_commits.get(number, ()))

    def merged_pr(self, position: int) -> int | None:
        """The PR number when ``position`` is a GitHub merge commit."""
        return self._merge_prs.get(position)


def skip_cherry_picks(
    picks: list[tuple[int, tuple[str, ...]]], changes: list[CommitChange], index: ChangeIndex
) -> None:
    """A cherry-pick of a commit that is itself in the range is the same change: count it once."""
    for position, sources in picks:
        for source in sources:
            original = index.find_sha(source)
            if original is not None and original != position:
                note = f"cherry-pick of {changes[original].short_sha}, which is already listed"
                changes[position] = _drop(changes[position], Effect.SKIPPED, note)
                break


def cancel_reverts(
    reverts: list[tuple[int, RevertOf]], changes: list[CommitChange], index: ChangeIndex
) -> None:
    """Cancel each revert with its in-range target, oldest first.

    A revert of a revert flips what that revert did (restores the change, or cancels it again
    further down a chain); a revert whose target is already cancelled stays a plain revert.
    """
    acted: dict[int, _Undone] = {}
    for position, revert in reverts:
        if changes[position].effect is not Effect.COUNTED:
            continue
        targets = _revert_targets(revert, position, index)
        if len(targets) == 1 and targets[0] in acted:
            undone = acted.pop(targets[0])
            _flip(undone, changes, by=position)
        else:
            targets = tuple(at for at in targets if changes[at].effect is not Effect.CANCELLED)
            if not targets:
                continue
            undone = tuple((at, changes[at]) for at in targets)
        acted[position] = undone
        _cancel(targets, changes, by=position)
        note = f"reverts {_named(targets, changes)}, which is not released yet"
        changes[position] = _drop(changes[position], Effect.CANCELLED, note)


_Undone = tuple[tuple[int, CommitChange], ...]
"""The changes a revert cancelled, as they were before it."""


def _flip(undone: _Undone, changes: list[CommitChange], *, by: int) -> None:
    """Restore the changes a revert cancelled, or cancel them again if they were restored."""
    if changes[undone[0][0]].effect is Effect.CANCELLED:
        for at, original in undone:
            changes[at] = original
    else:
        _cancel(tuple(at for at, _ in undone), changes, by=by)


def _cancel(targets: tuple[int, ...], changes: list[CommitChange], *, by: int) -> None:
    note = f"reverted by {changes[by].short_sha}"
    for at in targets:
        changes[at] = _drop(changes[at], Effect.CANCELLED, note)


def _revert_targets(revert: RevertOf, position: int, index: ChangeIndex) -> tuple[int, ...]:
    """The positions a revert undoes: a commit, or every commit of a merged pull request."""
    found = _revert_target(revert, position, index)
    if found is None and not revert.shas:
        return tuple(at for pr in revert.prs for at in index.pull_request(pr) if at != position)
    if found is None:
        return ()
    merged = index.merged_pr(found)
    if merged is None:
        return (found,)
    brought = tuple(at for at in index.pull_request(merged) if at != position)
    return brought or (found,)


def _revert_target(revert: RevertOf, position: int, index: ChangeIndex) -> int | None:
    for sha in revert.shas:
        found = index.find_sha(sha)
        if found is not None and found != position:
            return found
    if revert.shas or revert.header is None:
        return None
    found = index.nearest_with_subject(revert.header, position)
    if found is None and squash_pr_number(revert.header) is not None:
        found = index.nearest_with_subject(strip_squash_suffix(revert.header), position)
    return found


def _named(targets: tuple[int, ...], changes: list[CommitChange]) -> str:
    first = changes[targets[0]]
    if len(targets) == 1 or first.pr is None:
        return first.short_sha
    return f"PR #{first.pr} ({len(targets)} commits)"


def _drop(change: CommitChange, effect: Effect, note: str) -> CommitChange:
    return change._replace(effect=effect, note=note, bump=Bump.NONE)
