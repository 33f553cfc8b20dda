"""What merged pull requests say about the release: ``BEGIN_COMMIT_OVERRIDE`` blocks in their
bodies (release-please's convention) and bump floors in their labels (``!release minor``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from regent.core.analysis import CommitOverride
from regent.core.changes import CommitChange
from regent.core.commands import label_floor
from regent.core.model import PullRequest
from regent.core.versioning.bump import Bump

OVERRIDE_BEGIN = "BEGIN_COMMIT_OVERRIDE"
OVERRIDE_END = "END_COMMIT_OVERRIDE"
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
    line of a pull request body; None when it has no complete block."""
    begin = body.find(OVERRIDE_BEGIN)
    while begin >= 0 and not _whole_line(body, begin, OVERRIDE_BEGIN):
        begin = body.find(OVERRIDE_BEGIN, begin + 1)
    if begin < 0:
        return None
    start = begin + len(OVERRIDE_BEGIN)
    end = body.find(OVERRIDE_END, start)
    while end >= 0 and not _whole_line(body, end, OVERRIDE_END):
        end = body.find(OVERRIDE_END, end + 1)
    if end < 0:
        return None
    first = body.find("\n", start) + 1
    block = body[first : body.rfind("\n", 0, end) + 1] if first else ""
    return block.replace("\r\n", "\n").strip("\n")


def _whole_line(text: str, at: int, word: str) -> bool:
    """Whether ``word`` at ``at`` stands alone on its line (surrounding blanks aside)."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return line.strip() == word


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
