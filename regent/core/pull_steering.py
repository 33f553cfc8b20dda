"""What merged pull requests say about the release: ``BEGIN_COMMIT_OVERRIDE`` blocks in their
bodies (release-please's convention) and bump floors in their labels (``!release minor``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from regent.core.analysis import CommitOverride
from regent.core.changes import CommitChange
from regent.core.commands import label_floor
from regent.core.model import PullRequest
from regent.core.versioning.bump import Bump

OVERRIDE_BEGIN = "BEGIN_COMMIT_OVERRIDE"
OVERRIDE_END = "END_COMMIT_OVERRIDE"
_BEGIN_LINE = re.compile(rf"^[ \t]*{OVERRIDE_BEGIN}[ \t\r]*(?:\n|\Z)", re.MULTILINE)
_END_LINE = re.compile(rf"^[ \t]*{OVERRIDE_END}[ \t\r]*$", re.MULTILINE)
PULLS_NOT_READ = (
    "merged pull requests not read (no token): BEGIN_COMMIT_OVERRIDE blocks and"
    " release-regent: bump-* labels are not applied"
)


@dataclass(frozen=True, slots=True)
class BumpFloor:
    """A merged pull request's label asking the release to bump at least ``bump``."""

    bump: Bump
    pr: int
    label: str

    @property
    def source(self) -> str:
        return f"#{self.pr} ({self.label})"


@dataclass(frozen=True, slots=True)
class PullSteering:
    """The overrides and floors of merged pull requests, by their merge commit's sha."""

    overrides: Mapping[str, CommitOverride] = field(default_factory=dict)
    floors: Mapping[str, BumpFloor] = field(default_factory=dict)


NO_STEERING = PullSteering()


def commit_override_text(body: str) -> str | None:
    """The lines between a ``BEGIN_COMMIT_OVERRIDE`` line and the next ``END_COMMIT_OVERRIDE``
    line of a pull request body; None when it has no complete block (one pass)."""
    begin = _BEGIN_LINE.search(body)
    end = _END_LINE.search(body, begin.end()) if begin else None
    if begin is None or end is None:
        return None
    return body[begin.end() : end.start()].replace("\r\n", "\n").strip("\n")


def pull_steering(pulls: Iterable[PullRequest]) -> PullSteering:
    """The overrides and floors of the merged ones among ``pulls``, by merge commit."""
    overrides: dict[str, CommitOverride] = {}
    floors: dict[str, BumpFloor] = {}
    for pull in pulls:
        sha = pull.merge_commit_sha
        if not pull.merged or sha is None:
            continue
        text = commit_override_text(pull.body or "")
        if text is not None:
            overrides[sha] = CommitOverride(pull.number, text)
        found = [(level, label) for label in pull.labels if (level := label_floor(label))]
        if found:
            level, label = max(found)
            floors[sha] = BumpFloor(level, pull.number, label)
    return PullSteering(overrides, floors)


def floors_in(
    changes: Sequence[CommitChange], floors: Mapping[str, BumpFloor]
) -> tuple[BumpFloor, ...]:
    """The floors of the pull requests merged in ``changes``, highest first (one pass)."""
    if not floors:
        return ()
    found = {floor.pr: floor for change in changes if (floor := floors.get(change.sha))}
    return tuple(sorted(found.values(), key=lambda floor: (-floor.bump, floor.pr)))
