"""The state a reconcile decides from: merged and next releases, gathered state, run scope."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from regent.core.changes import CommitChange
from regent.core.model import FileChange, PullRequest
from regent.core.pull_steering import BumpFloor
from regent.core.release_pr.integrity import MismatchedRelease
from regent.core.release_pr.marker import ComponentVersion, VersionPin
from regent.core.versioning.versions import Version


@dataclass(frozen=True, slots=True)
class MergedRelease:
    """A merged release PR still labelled pending, and the release it stands for."""

    pull: PullRequest
    version: Version
    tag: str
    notes: str
    source: str
    previous_version: str | None = None
    floors: tuple[BumpFloor, ...] = ()
    """Bump-floor labels on the pull requests it releases: taken off once it is published."""
    component: str | None = None
    """The monorepo component it releases (a merged PR holds one per component)."""


@dataclass(frozen=True, slots=True)
class NextRelease:
    """The release the base branch holds now, as its release PR should show it."""

    version: str
    tag: str
    files: tuple[FileChange, ...]
    visible_body: str
    date: str
    reason: str
    maintainer_notes: str = ""
    """The maintainers' notes read from the open release PR, written back on every update."""
    pin: VersionPin | None = None
    """The version a maintainer pinned (``!set-version``), kept in the marker until released."""
    components: tuple[ComponentVersion, ...] = ()
    """A monorepo's release: each component's version and tag (``version``/``tag`` list them)."""


@dataclass(frozen=True, slots=True)
class ReleaseState:
    """Everything the decision needs, gathered from git and GitHub."""

    base_branch: str
    base_sha: str
    open_pull: PullRequest | None
    merged: tuple[MergedRelease, ...]
    next_release: NextRelease | None
    plan_reason: str
    released_versions: tuple[Version, ...] = ()
    commits: tuple[CommitChange, ...] = ()
    mismatched: tuple[MismatchedRelease, ...] = ()
    """Merged pending PRs whose files disagree with their version: refused, never tagged."""
    untrusted_marker: str | None = None
    """Why the open PR's state marker is not believed (its branch holds other files), if so."""


class ReconcileScope(enum.Enum):
    """What a run may act on: everything, only the release PR, or only pending releases."""

    ALL = "auto"
    RELEASE_PR = "release-pr"
    RELEASE = "release"
