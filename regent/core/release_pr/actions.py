"""The actions a reconcile decides on, each with its reason: the value dry-run prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from regent.core.assets import AssetPolicy
from regent.core.changes import CommitChange
from regent.core.model import FileChange, PullRequest
from regent.core.pull_steering import BumpFloor
from regent.core.release_pr.events import ReleaseEvent
from regent.core.release_pr.integrity import RefuseRelease


@dataclass(frozen=True, slots=True)
class PublishRelease:
    """Tag a merged release PR's merge commit, publish its GitHub Release, mark it released."""

    pull: PullRequest
    version: str
    tag: str
    commit: str
    notes: str
    prerelease: bool
    latest: bool
    draft: bool
    tag_message: str | None
    labels: tuple[str, ...]
    delete_branch: bool
    reason: str
    previous_version: str | None = None
    floors: tuple[BumpFloor, ...] = ()
    """Bump-floor labels to take off the released pull requests (before labelling it done)."""
    component: str | None = None
    """The monorepo component released (None for a single package)."""
    finishes_pull: bool = True
    """Whether this release labels its pull request released (its last component's does)."""
    assets: AssetPolicy = field(default_factory=AssetPolicy)
    """The files attached to its GitHub Release (``release.assets``)."""
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASED

    def describe(self) -> str:
        flags = [f for f, on in (("draft", self.draft), ("prerelease", self.prerelease)) if on]
        flags += ["latest"] if self.latest and not self.draft else []
        shown = f" ({', '.join(flags)})" if flags else ""
        kind = "annotated tag" if self.tag_message is not None else "tag"
        return (
            f"publish {self.tag}{shown}: {kind} at {self.commit[:12]} (merge of "
            f"#{self.pull.number}), GitHub Release"
            + _assets_attached(self.assets)
            + (", label released" if self.finishes_pull else "")
            + (", delete the release branch" if self.delete_branch else "")
            + _floors_taken_off(self.floors)
            + ("" if self.finishes_pull else " (its other components follow)")
        )


def _assets_attached(assets: AssetPolicy) -> str:
    if not assets.wanted:
        return ""
    checksums = " and SHA256SUMS" if assets.checksums else ""
    first = " (a draft until then)" if assets.draft_until_assets else ""
    return f", attach {', '.join(assets.patterns)}{checksums}{first}"


def _floors_taken_off(floors: tuple[BumpFloor, ...]) -> str:
    if not floors:
        return ""
    pulls = ", ".join(f"#{floor.pr}" for floor in floors)
    return f", take the bump-floor labels off {pulls}"


@dataclass(frozen=True, slots=True)
class OpenReleasePr:
    """Write the release branch and open the release PR."""

    version: str
    tag: str
    base_sha: str
    files: tuple[FileChange, ...]
    title: str
    body: str
    labels: tuple[str, ...]
    draft: bool
    branch_exists: bool
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_PR_OPENED

    def describe(self) -> str:
        draft = "draft " if self.draft else ""
        return f"open {draft}release PR {self.title!r} on {self.base_sha[:12]}"


@dataclass(frozen=True, slots=True)
class UpdateReleasePr:
    """Bring the open release PR up to date; None fields are already right and left alone."""

    pull: PullRequest
    version: str
    tag: str
    base_sha: str
    files: tuple[FileChange, ...] | None
    title: str | None
    body: str | None
    labels: tuple[str, ...] | None
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_PR_UPDATED

    def describe(self) -> str:
        parts = [
            part
            for part, needed in (
                (f"rewrite the release branch on {self.base_sha[:12]}", self.files is not None),
                ("edit the title", self.title is not None),
                ("edit the body", self.body is not None),
                ("set the labels", self.labels is not None),
            )
            if needed
        ]
        return f"update release PR #{self.pull.number} to {self.tag}: {', '.join(parts)}"


@dataclass(frozen=True, slots=True)
class KeepReleasePr:
    """Leave the open release PR as it is: it already shows the release."""

    pull: PullRequest
    version: str
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_PR_UNCHANGED

    def describe(self) -> str:
        return f"leave release PR #{self.pull.number} as it is"


@dataclass(frozen=True, slots=True)
class CloseReleasePr:
    """Comment on the open release PR, delete its branch and close it: nothing to release."""

    pull: PullRequest
    comment: str
    labels: tuple[str, ...] | None
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_PR_CLOSED

    def describe(self) -> str:
        return f"close release PR #{self.pull.number} with a comment and delete its branch"


@dataclass(frozen=True, slots=True)
class NothingToRelease:
    """No release PR is needed and none is open."""

    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.NOTHING_TO_RELEASE

    def describe(self) -> str:
        return "nothing to release"


@dataclass(frozen=True, slots=True)
class SkipReleasePr:
    """Leave the release PR alone: this run only publishes releases."""

    pull: PullRequest | None
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_PR_SKIPPED

    def describe(self) -> str:
        shown = f" #{self.pull.number}" if self.pull is not None else ""
        return f"leave the release PR{shown} alone"


ReleasePrAction = (
    OpenReleasePr
    | UpdateReleasePr
    | KeepReleasePr
    | CloseReleasePr
    | NothingToRelease
    | SkipReleasePr
)
ReleaseAction = RefuseRelease | PublishRelease | ReleasePrAction


@dataclass(frozen=True, slots=True)
class ReleaseDecision:
    """The actions of one reconcile, in order: refusals and releases, then one release-PR
    action."""

    base_branch: str
    release_branch: str
    base_sha: str
    actions: tuple[ReleaseAction, ...]
    commits: tuple[CommitChange, ...] = ()
    """The commits read since the last stable release, oldest first (for reports)."""
    held: tuple[PublishRelease, ...] = ()
    """Releases that are due but left for a run that publishes (``release-pr`` runs only)."""
    plan_reason: str = ""
    """Why the next release is what it is, or why there is none (``regent plan``'s reason)."""

    @property
    def events(self) -> tuple[ReleaseEvent, ...]:
        """What applying the actions reports, in order."""
        return tuple(action.event for action in self.actions)

    @property
    def releases(self) -> tuple[PublishRelease, ...]:
        return tuple(action for action in self.actions if isinstance(action, PublishRelease))

    @property
    def refusals(self) -> tuple[RefuseRelease, ...]:
        """Merged release PRs left unreleased: their files disagree with their version."""
        return tuple(action for action in self.actions if isinstance(action, RefuseRelease))

    @property
    def release_pr_action(self) -> ReleasePrAction:
        """The one action on the release PR (it always comes last)."""
        last = self.actions[-1]
        assert not isinstance(last, PublishRelease | RefuseRelease)
        return last

    def lines(self) -> tuple[str, ...]:
        """One line per action: what, then why (for dry-run and the job summary)."""
        done = tuple(f"{action.describe()}: {action.reason}" for action in self.actions)
        return done + tuple(
            f"hold {held.tag} (merge of #{held.pull.number}): this run publishes no releases; "
            "a run with command release or auto will"
            for held in self.held
        )

    def __str__(self) -> str:
        head = f"{self.base_branch} at {self.base_sha[:12]}, release branch {self.release_branch}"
        return "\n".join([head, *(f"- {line}" for line in self.lines())])
