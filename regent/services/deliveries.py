"""A routed webhook delivery, run: the repository's configuration, its clone, one reconcile.

The webhook doors (``regent serve``, AWS Lambda, Azure Functions) hand a verified, routed
delivery here; everything about releasing is the ``ReleaseService``'s, and how a repository's
policy is read and its service built on a clone is the wiring's (``regent.runtimes.wiring``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from regent.core.policy import ReleasePolicy
from regent.core.routing import Reconcile
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseService,
    not_a_base_branch,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryWorker:
    """Reconciles the base branch a delivery names, as the GitHub App installed there.

    ``policy_for`` reads the repository's policy from its default branch (no clone);
    ``service_for`` clones or fetches the repository and holds its release service for a block.
    """

    policy_for: Callable[[Reconcile], ReleasePolicy]
    service_for: Callable[[Reconcile, ReleasePolicy], AbstractContextManager[ReleaseService]]

    def reconcile(self, target: Reconcile) -> ReconcileOutcome | NotABaseBranch:
        """Read the configuration from the default branch; if it releases from the target's
        branch, clone or fetch and reconcile. The base-branch check is the release service's,
        made before the clone: a push to any other branch costs no clone."""
        repo, base = target.repo, target.base_branch
        default = target.default_branch or base
        policy = self.policy_for(target)
        left = not_a_base_branch(policy, base, default_branch=default)
        if target.default_branch is not None and left is not None:
            log.info("%s: nothing to do in %s", left.reason, repo.full_name)
            return left
        log.info("reconciling %s %s: %s", repo.full_name, base, target.reason)
        with self.service_for(target, policy) as service:
            outcome = service.reconcile(
                base,
                overrides=Overrides(
                    target.release_as, target.prerelease, source=target.override_source
                ),
                scope=target.scope,
                dry_run=target.dry_run,
            )
        if isinstance(outcome, ReconcileOutcome):
            events = ", ".join(outcome.events)
            log.info("%s %s: %s (%s)", repo.full_name, base, events, outcome.github_calls)
        return outcome
