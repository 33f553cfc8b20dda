"""The same change reached twice: cherry-picks counted once, reverts cancelled in range."""

from __future__ import annotations

from regent.core.bump import Bump
from regent.core.changes import CommitChange, Effect
from regent.core.message_shapes import RevertOf


def skip_cherry_picks(
    picks: list[tuple[int, tuple[str, ...]]], changes: list[CommitChange]
) -> None:
    """A cherry-pick of a commit that is itself in the range is the same change: count it once."""
    index = {change.sha: position for position, change in enumerate(changes)}
    for position, sources in picks:
        for source in sources:
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


def cancel_reverts(reverts: list[tuple[int, RevertOf]], changes: list[CommitChange]) -> None:
    """Cancel each revert with its in-range target, oldest first; a revert of a revert restores."""
    index = {change.sha: position for position, change in enumerate(changes)}
    restores: dict[int, CommitChange] = {}
    for position, revert in reverts:
        if changes[position].effect is not Effect.COUNTED:
            continue
        target = _revert_target(revert, position, changes, index)
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
        if found is not None and found != position:
            return found
    if revert.shas or revert.header is None:
        return None
    for candidate in range(position - 1, -1, -1):
        if changes[candidate].subject.strip() == revert.header.strip():
            return candidate
    return None


def _drop(change: CommitChange, effect: Effect, note: str) -> CommitChange:
    return change._replace(effect=effect, note=note, bump=Bump.NONE)
