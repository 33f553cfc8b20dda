"""The commits reverts undo, held as groups whose state one flag decides.

A revert takes the live commits it names into a group and cancels it; a revert of that revert
undoes that in O(1), however many commits the group holds. Each commit belongs to the group that
last took it, and its effect is read through that group and written once, at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from regent.core.changes import CommitChange, Effect


class Group:
    """Commits cancelled or restored together; the note says which revert decided last."""

    __slots__ = ("cancelled", "note")

    def __init__(self, *, cancelled: bool = False, note: str = "") -> None:
        self.cancelled = cancelled
        self.note = note


class Single(Group):
    """One commit a revert names."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        super().__init__()
        self.position = position


class PullRequest(Group):
    """The commits of one pull request: those it owns share its flag; ``loose`` are the live
    ones another revert took from it, so a new revert of the PR finds them without a scan."""

    __slots__ = ("loose", "members", "number", "owned")

    def __init__(self, number: int, members: Sequence[int]) -> None:
        super().__init__()
        self.number = number
        self.members = members
        self.owned: set[int] = set()
        self.loose: set[int] = set()


class Undone(NamedTuple):
    """What one revert did: cancelled ``groups``, or restored them (a revert of a revert)."""

    groups: tuple[Group, ...]
    cancelled: bool


class Ledger:
    """Which group holds each commit of one range, and what each revert did."""

    def __init__(self, changes: list[CommitChange]) -> None:
        self._changes = changes
        self._owner: dict[int, Group] = {}
        self._singles: dict[int, Single] = {}
        self._prs: dict[int, PullRequest] = {}
        self.acted: dict[int, Undone] = {}
        """What each revert did, for a revert of it to undo."""

    def effect(self, position: int) -> Effect:
        group = self._owner.get(position)
        if group is not None and group.cancelled:
            return Effect.CANCELLED
        return self._changes[position].effect

    def single(self, position: int) -> Single:
        group = self._singles.get(position)
        if group is None:
            group = self._singles[position] = Single(position)
        return group

    def pull_request(self, number: int, members: Sequence[int]) -> PullRequest:
        """The group of PR ``number``, made once: it owns the members no revert took yet."""
        group = self._prs.get(number)
        if group is None:
            group = self._prs[number] = PullRequest(number, members)
            for position in members:
                holder = self._owner.get(position)
                if holder is None:
                    self._owner[position] = group
                    group.owned.add(position)
                elif not holder.cancelled:
                    group.loose.add(position)
        return group

    def live_count(self, group: Group, *, besides: int) -> int:
        """How many commits of ``group`` other than ``besides`` are not cancelled: O(1)."""
        if isinstance(group, Single):
            position = group.position
            return int(position != besides and self.effect(position) is not Effect.CANCELLED)
        assert isinstance(group, PullRequest)
        owned = () if group.cancelled else group.owned
        mine = besides in group.loose or besides in owned
        return len(group.loose) + len(owned) - mine

    def one_live(self, group: Group, *, besides: int) -> int:
        """A commit of ``group`` other than ``besides`` that is not cancelled."""
        if isinstance(group, Single):
            return group.position
        assert isinstance(group, PullRequest)
        owned = () if group.cancelled else group.owned
        return next(at for pool in (group.loose, owned) for at in pool if at != besides)

    def take(self, group: Group, *, by: int) -> None:
        """Cancel ``group`` with the live commits others took from it."""
        group.cancelled = True
        group.note = self._reverted_by(by)
        if isinstance(group, Single):
            self._move(group.position, group)
        elif isinstance(group, PullRequest):
            for position in list(group.loose):
                self._move(position, group)

    def set(self, group: Group, *, cancelled: bool, by: int) -> None:
        """Cancel or restore a whole group in O(1): the commits it holds follow it."""
        group.cancelled = cancelled
        group.note = self._reverted_by(by)
        if isinstance(group, Single) and self._owner.get(group.position) is group:
            self._loosen(group.position, group)

    def close(self, revert: int, note: str) -> None:
        """The revert that acted is cancelled for good, with what it reverted as its note."""
        self._move(revert, Group(cancelled=True, note=note))

    def reverted(self, revert: int, *, by: int) -> None:
        """A revert that acted was itself reverted: say so in its note."""
        self._owner[revert].note = self._reverted_by(by)

    def write(self) -> None:
        """Write each cancelled commit once, from the group that holds it."""
        changes = self._changes
        for position, group in self._owner.items():
            if group.cancelled:
                changes[position] = changes[position].dropped(Effect.CANCELLED, group.note)

    def _move(self, position: int, group: Group) -> None:
        self._owner[position] = group
        self._loosen(position, group)

    def _loosen(self, position: int, holder: Group) -> None:
        """Keep the commit's PR group told whether it owns it, or it is live elsewhere."""
        number = self._changes[position].pr
        pr = self._prs.get(number) if number is not None else None
        if pr is None:
            return
        if pr is holder:
            pr.owned.add(position)
            pr.loose.discard(position)
            return
        pr.owned.discard(position)
        if holder.cancelled:
            pr.loose.discard(position)
        else:
            pr.loose.add(position)

    def _reverted_by(self, revert: int) -> str:
        return f"reverted by {self._changes[revert].short_sha}"
