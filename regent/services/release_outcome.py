"""What a reconcile reports: its outcome, a branch it left alone, a release it refused."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.model import CallCounts, PullRequest, Release
from regent.core.policy import ReleasePolicy
from regent.core.release_pr.actions import ReleaseDecision
from regent.core.release_pr.auto_merge import AutoMerge
from regent.core.release_pr.events import ReleaseEvent
from regent.core.release_pr.title import ReleasePrError
from regent.services.release_apply import Published

NO_CALLS = CallCounts()


@dataclass(frozen=True, slots=True)
class ReconcileOutcome:
    """What one reconcile decided and did. ``decision`` is the last one made (a run whose base
    moved decides again); ``published`` holds every release the run published.

    ``events`` has one ``released`` per release published, then exactly one of
    ``release_pr_opened``, ``release_pr_updated``, ``release_pr_unchanged``,
    ``release_pr_closed``, ``nothing_to_release`` or (a run scoped to releases)
    ``release_pr_skipped`` per release PR decided on (a monorepo with
    ``separate_pull_requests``: one per component, after those of the other mode's release PRs
    it closes); it is empty for a dry run. ``decisions`` holds every release branch's.
    """

    decision: ReleaseDecision
    events: tuple[ReleaseEvent, ...]
    pull_request: PullRequest | None
    release: Release | None
    tag: str | None
    version: str | None
    published: tuple[Published, ...] = ()
    github_calls: CallCounts = NO_CALLS
    dry_run: bool = False
    previous_version: str | None = None
    """The version before the last release published (None when nothing was released)."""
    decisions: tuple[ReleaseDecision, ...] = ()
    auto_merge: tuple[AutoMerge, ...] = ()
    """Auto-merge enabled on release PRs by this run, or refused by GitHub (``release_pr``
    ``auto_merge``; a refusal is reported, not raised)."""


@dataclass(frozen=True, slots=True)
class NotABaseBranch:
    """Nothing was done: the configuration does not release from ``base_branch``."""

    base_branch: str
    reason: str


def not_a_base_branch(
    policy: ReleasePolicy, base_branch: str, *, default_branch: str
) -> NotABaseBranch | None:
    """Why ``base_branch`` is left alone, or None when the configuration releases from it
    (``base_branches``; by default only ``default_branch``)."""
    if policy.releases_from(base_branch, default_branch=default_branch):
        return None
    listed = policy.base_branches
    made_from = ", ".join(listed) if listed else f"{default_branch}, the default branch"
    return NotABaseBranch(
        base_branch,
        f"{base_branch} is not a base branch: releases are made from {made_from} (list it in "
        "base_branches to release from it)",
    )


class ReleaseRefused(ReleasePrError):
    """A merged release PR was refused; ``outcome`` is everything else the run did."""

    def __init__(self, message: str, *, outcome: ReconcileOutcome) -> None:
        super().__init__(message)
        self.outcome = outcome
