"""The same change reached twice: cherry-picks counted once, reverts cancelled in range.

Every lookup goes through a ``ChangeIndex`` built once per range, so the cost grows with the
number of commits, not with commits times reverts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

from regent.core.changes import CommitChange, Effect
from regent.core.message_shapes import RevertOf, squash_pr_number, strip_squash_suffix
from regent.core.revert_groups import Group, Ledger, PullRequest, Single, Undone

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

    def pull_request(self, number: int) -> Sequence[int]:
        """The commits of PR ``number``, oldest first: its squash commit, or the commits its
        merge brought. Not copied: a PR named by many reverts costs nothing per revert."""
        return self._pr_commits.get(number, ())

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
                changes[position] = changes[position].dropped(Effect.SKIPPED, note)
                break


def cancel_reverts(
    reverts: list[tuple[int, RevertOf]], changes: list[CommitChange], index: ChangeIndex
) -> None:
    """Cancel each revert with its in-range target, oldest first.

    A revert of a revert undoes what that revert did (restores the change, or cancels it again
    further down a chain); a revert whose target is already cancelled stays a plain revert.
    Each costs O(1) beyond reading its own message: the commits a revert undoes are one group
    that a later revert sets whole, a commit follows the last revert that took it, and each
    commit is written once, at the end.
    """
    ledger = Ledger(changes)
    for position, revert in reverts:
        if ledger.effect(position) is Effect.COUNTED:
            _apply(ledger, position, _revert_groups(revert, position, ledger, index), changes)
    ledger.write()


def _apply(ledger: Ledger, position: int, groups: list[Group], changes: list[CommitChange]) -> None:
    target = _only_commit(groups, position)
    if target is not None and target in ledger.acted:
        before = ledger.acted.pop(target)
        for group in before.groups:
            ledger.set(group, cancelled=not before.cancelled, by=position)
        ledger.reverted(target, by=position)
        undone = Undone(before.groups, cancelled=not before.cancelled)
        named = changes[target].short_sha
    else:
        counts = [ledger.live_count(group, besides=position) for group in groups]
        taken = tuple(group for group, count in zip(groups, counts, strict=True) if count)
        if not taken:
            return
        named = _named(taken[0], sum(counts), position, ledger, changes)
        for group in taken:
            ledger.take(group, by=position)
        undone = Undone(taken, cancelled=True)
    ledger.acted[position] = undone
    ledger.close(position, f"reverts {named}, which is not released yet")


def _revert_groups(
    revert: RevertOf, position: int, ledger: Ledger, index: ChangeIndex
) -> list[Group]:
    """What a revert undoes: a commit, or the commits of each pull request it names."""
    found = _revert_target(revert, position, index)
    if found is None and not revert.shas:
        numbers = dict.fromkeys(revert.prs)
        return [ledger.pull_request(number, index.pull_request(number)) for number in numbers]
    if found is None:
        return []
    merged = index.merged_pr(found)
    if merged is None or not _others(index.pull_request(merged), position):
        return [ledger.single(found)]
    return [ledger.pull_request(merged, index.pull_request(merged))]


def _others(members: Sequence[int], position: int) -> int:
    """How many of ``members`` (in order) are not the revert at ``position`` itself."""
    at = bisect_left(members, position)
    return len(members) - (at < len(members) and members[at] == position)


def _only_commit(groups: list[Group], position: int) -> int | None:
    """The one commit a revert names, when it names exactly one."""
    if len(groups) != 1:
        return None
    group = groups[0]
    if isinstance(group, Single):
        return group.position
    assert isinstance(group, PullRequest)
    others = [at for at in group.members[:2] if at != position]
    return others[0] if _others(group.members, position) == 1 else None


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


def _named(
    first: Group, count: int, position: int, ledger: Ledger, changes: list[CommitChange]
) -> str:
    if count == 1 or not isinstance(first, PullRequest):
        return changes[ledger.one_live(first, besides=position)].short_sha
    return f"PR #{first.number} ({count} commits)"
