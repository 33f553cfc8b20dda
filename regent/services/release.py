"""The release service: gather the state of a base branch, decide in pure code, apply.

Every door (the Action, the webhook service, the CLI) calls ``ReleaseService.reconcile``; an
event only says which repository and base branch to look at. Duplicated, replayed or
out-of-order runs converge, and a run that stopped half-way is finished by the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from regent.core.components.ports import FileHistoryReader
from regent.core.errors import GitHubValidationError
from regent.core.model import CallCounts, PullRequest
from regent.core.policy import ReleasePolicy
from regent.core.ports import (
    CallCounter,
    GitHubPort,
    MergedPullsReader,
    ReleasePrRenderer,
)
from regent.core.release_pr.actions import (
    CloseReleasePr,
    KeepReleasePr,
    OpenReleasePr,
    ReleaseDecision,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.release_pr.components import decide_component_actions
from regent.core.release_pr.decision import decide_release_actions
from regent.core.release_pr.integrity import RefuseRelease, refusal_error_message
from regent.core.release_pr.separate import on_branch
from regent.core.release_pr.state import ReconcileScope
from regent.core.release_pr.title import ReleasePrError
from regent.core.tracing import span
from regent.services.component_orphans import clear_orphans
from regent.services.component_pins import NAME_THE_COMPONENT
from regent.services.component_release_gather import ComponentReleaseGatherer
from regent.services.planning import PlanningService
from regent.services.release_apply import Published, ReleaseApplier
from regent.services.release_assets import AssetPublisher
from regent.services.release_auto_merge import ensure_auto_merge
from regent.services.release_gather import ReleaseGatherer
from regent.services.release_notes_extras import NotesExtras
from regent.services.release_outcome import (
    NotABaseBranch,
    ReconcileOutcome,
    ReleaseRefused,
    not_a_base_branch,
)
from regent.services.release_steering import Overrides, version_pin_problem

__all__ = [
    "NotABaseBranch",
    "Overrides",
    "Published",
    "ReconcileOutcome",
    "ReconcileScope",
    "ReleaseRefused",
    "ReleaseService",
    "not_a_base_branch",
]

log = logging.getLogger(__name__)

NO_OVERRIDES = Overrides()
DECISIONS = 3
"""How many times a run decides again when the base branch moves under it."""


class ReleaseService:
    """Keeps one release PR per base branch up to date and releases it once merged."""

    def __init__(
        self,
        *,
        github: GitHubPort,
        history: FileHistoryReader,
        renderer: ReleasePrRenderer,
        policy: ReleasePolicy,
        today: Callable[[], str],
        calls: CallCounter = CallCounts,
        pulls: MergedPullsReader | None = None,
        assets: AssetPublisher | None = None,
    ) -> None:
        """``history``: a clone whose ``origin`` is the repository ``github`` is bound to;
        ``calls``: the calls made through ``github`` so far (for ``github_calls``); ``pulls``
        (usually ``github``): given, each plan applies the bump floors and commit overrides of
        the merged pull requests, taken from the run's one listing of the base branch's pull
        requests (``release_pulls``) and read from ``pulls`` only for a range that listing did
        not reach; None applies none, and plans say so. A policy with components releases them
        (one release PR for all of them, or one each with ``separate_pull_requests``;
        docs/monorepo.md). ``assets`` attaches the checkout's built files to each release
        published (``release.assets``); None: this door has none (the webhook's clones)."""
        self._github = github
        self._assets = assets
        self._calls = calls
        self._history = history
        self._policy = policy
        self._today = today
        self._gatherer = ReleaseGatherer(
            github=github,
            history=history,
            renderer=renderer,
            policy=policy,
            planner=PlanningService(
                history=history,
                renderer=renderer,
                policy=policy,
                pulls=pulls,
                extras=NotesExtras(history, github),
            ),
        )
        monorepo = policy.monorepo
        self._components = (
            None
            if monorepo is None
            else ComponentReleaseGatherer(github, history, renderer, policy, monorepo, pulls)
        )

    def check_pin(
        self, base_branch: str, version: str, *, components: tuple[str, ...] = ()
    ) -> str | None:
        """Why ``version`` cannot be pinned on ``base_branch``'s release PR (``!set-version``),
        or None when it can: a version of the scheme, above the last release made from there
        (with components: of each one named, by its own tags)."""
        if self._components is None:
            policy = self._policy.on_branch(base_branch)
            return version_pin_problem(
                self._history, policy, base_branch=base_branch, version=version
            )
        if not components:
            return NAME_THE_COMPONENT
        monorepo = self._policy.on_branch(base_branch).monorepo or self._components.monorepo
        for component in monorepo.components:
            if component.name not in components:
                continue
            problem = version_pin_problem(
                self._history, component.policy, base_branch=base_branch, version=version
            )
            if problem is not None:
                return f"component {component.name!r}: {problem}"
        return None

    def decide(
        self,
        base_branch: str,
        *,
        overrides: Overrides = NO_OVERRIDES,
        scope: ReconcileScope = ReconcileScope.ALL,
    ) -> ReleaseDecision:
        """Gather the state and decide, writing nothing (a monorepo with a release PR per
        component: the last component's decision; ``decisions`` has them all)."""
        return self.decisions(base_branch, overrides=overrides, scope=scope)[-1]

    def decisions(
        self,
        base_branch: str,
        *,
        overrides: Overrides = NO_OVERRIDES,
        scope: ReconcileScope = ReconcileScope.ALL,
    ) -> tuple[ReleaseDecision, ...]:
        """Gather the state and decide for each release branch, writing nothing: the other
        mode's release branches of a monorepo first (closed), then the one of a single package
        or of all components, or one per component (``separate_pull_requests``)."""
        if self._components is None:
            with span("gather", {"regent.base_branch": base_branch}):
                state = self._gatherer.gather(base_branch, overrides=overrides, today=self._today())
            with span("decide"):
                decided = decide_release_actions(
                    state,
                    release_pr=self._policy.release_pr,
                    publish=self._policy.release,
                    scope=scope,
                )
            return (decided,)
        with span("gather", {"regent.base_branch": base_branch}):
            gathered = self._components.gather(
                base_branch, overrides=overrides, today=self._today()
            )
        with span("decide"):
            return tuple(
                on_branch(
                    decide_component_actions(
                        item.state,
                        release_pr=self._policy.release_pr,
                        publish=self._policy.release,
                        released=gathered.released,
                        primary=self._components.monorepo.components[0].name,
                        scope=scope,
                        publishing=self._components.monorepo.publishing(),
                    ),
                    branch=item.branch,
                    closing=item.closing,
                )
                for item in gathered.branches
            )

    def reconcile(
        self,
        base_branch: str,
        *,
        default_branch: str | None = None,
        overrides: Overrides = NO_OVERRIDES,
        scope: ReconcileScope = ReconcileScope.ALL,
        dry_run: bool = False,
    ) -> ReconcileOutcome | NotABaseBranch:
        """Bring ``base_branch``'s releases and release PR (within ``scope``) in line with its
        history.

        ``default_branch`` (the repository's) is given when an event named the branch (a push,
        a merge): a branch the configuration does not release from is left alone, before any
        read, and the ``NotABaseBranch`` outcome says why. A merged release PR whose files
        disagree with its version is refused (commented on, never tagged); the run does
        everything else, then raises ``ReleaseRefused`` naming it.
        """
        if default_branch is not None:
            left = not_a_base_branch(self._policy, base_branch, default_branch=default_branch)
            if left is not None:
                log.info("%s", left.reason)
                return left
        before = self._calls()
        decisions = self.decisions(base_branch, overrides=overrides, scope=scope)
        _log_decisions(decisions)
        if dry_run:
            return _dry_run_outcome(decisions, calls=self._calls().since(before))
        with span("apply", {"regent.base_branch": base_branch}):
            published: tuple[Published, ...] = ()
            refused: tuple[RefuseRelease, ...] = ()
            for attempt in range(1, DECISIONS + 1):
                appliers = [
                    ReleaseApplier(self._github, self._history, d, self._assets) for d in decisions
                ]
                for applier in appliers:
                    refused += applier.refuse_releases()
                    published += applier.publish_releases()
                writing = [applier for applier in appliers if applier.writes_release_pr]
                if not writing or writing[0].base_unmoved():  # one read: they share the base
                    break
                if attempt == DECISIONS:
                    raise _kept_moving(base_branch)
                decisions = self.decisions(base_branch, overrides=overrides, scope=scope)
                _log_decisions(decisions)
            pulls = [self._apply_release_pr(applier, decisions) for applier in appliers]
            auto_merge = ensure_auto_merge(
                self._github,
                [(applier.decision, found) for applier, found in zip(appliers, pulls, strict=True)],
                method=self._policy.release_pr.auto_merge,
            )
            pull = next((found for found in reversed(pulls) if found is not None), None)
            last = published[-1] if published else None
            outcome = ReconcileOutcome(
                decision=decisions[-1],
                events=(
                    *(p.action.event for p in published),
                    *(d.release_pr_action.event for d in decisions),
                ),
                pull_request=pull or (last.pull if last else None),
                release=last.release if last else None,
                tag=last.tag if last else None,
                version=last.version if last else _pr_version(decisions),
                published=published,
                github_calls=self._calls().since(before),
                previous_version=last.action.previous_version if last else None,
                decisions=decisions,
                auto_merge=auto_merge,
            )
        if refused:
            raise ReleaseRefused(refusal_error_message(refused), outcome=outcome)
        return outcome

    def _apply_release_pr(
        self, applier: ReleaseApplier, decisions: tuple[ReleaseDecision, ...]
    ) -> PullRequest | None:
        """Apply ``applier``'s release-PR action; a new release branch GitHub refuses because a
        release branch of the other mode was left behind in its way (git's ref namespace rule)
        is written again once that one is deleted (services/component_orphans.py)."""
        try:
            return applier.apply_release_pr()
        except GitHubValidationError:
            monorepo = self._components.monorepo if self._components is not None else None
            names = [component.name for component in monorepo.components] if monorepo else []
            deleted = clear_orphans(
                self._github, self._history, applier.decision, decisions=decisions, components=names
            )
            if not deleted:
                raise
            return applier.apply_release_pr()


def _log_decisions(decisions: tuple[ReleaseDecision, ...]) -> None:
    """The decisions, a log record per line (plain-text logs show each record on one line)."""
    for decision in decisions:
        for line in str(decision).splitlines():
            log.info("%s", line)


def _kept_moving(base_branch: str) -> ReleasePrError:
    return ReleasePrError(
        f"{base_branch} moved {DECISIONS} times while this run was deciding, so it left the "
        "release PR alone (releases it found were published); the runs for the newer pushes "
        "update it, or run again",
        retryable=True,
    )


def _pr_version(decisions: tuple[ReleaseDecision, ...]) -> str | None:
    """The version the last release PR shown holds."""
    actions = [decision.release_pr_action for decision in decisions]
    shown = [a for a in actions if isinstance(a, OpenReleasePr | UpdateReleasePr | KeepReleasePr)]
    return shown[-1].version if shown else None


def _dry_run_outcome(
    decisions: tuple[ReleaseDecision, ...], *, calls: CallCounts
) -> ReconcileOutcome:
    decision = decisions[-1]
    action = decision.release_pr_action
    pull = (
        action.pull
        if isinstance(action, UpdateReleasePr | KeepReleasePr | CloseReleasePr | SkipReleasePr)
        else None
    )
    releases = decision.releases
    return ReconcileOutcome(
        decision=decision,
        events=(),
        pull_request=pull,
        release=None,
        tag=releases[-1].tag if releases else None,
        version=releases[-1].version if releases else _pr_version(decisions),
        github_calls=calls,
        dry_run=True,
        decisions=decisions,
    )
