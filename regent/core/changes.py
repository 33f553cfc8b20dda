"""A commit's reading: its effect on the release, and the values the notes are built from."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

from regent.core.versioning.bump import Bump

REVERT_TYPE = "revert"


class Effect(enum.StrEnum):
    """What a commit does to the release."""

    COUNTED = "counted"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class CommitChange(NamedTuple):
    """One commit of the range with its reading and its effect on the release.

    An immutable value like the frozen dataclasses elsewhere, but a NamedTuple: a long history
    builds one per commit, and a tuple is built four times faster.
    """

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

    def dropped(self, effect: Effect, note: str) -> CommitChange:
        """This change, skipped or cancelled for the reason ``note``: it bumps nothing."""
        return self._replace(effect=effect, note=note, bump=Bump.NONE)


def release_bump(changes: Iterable[CommitChange]) -> Bump:
    """The largest bump among the counted changes."""
    return max((c.bump for c in changes if c.effect is Effect.COUNTED), default=Bump.NONE)
