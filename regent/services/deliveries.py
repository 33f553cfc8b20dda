"""A routed webhook delivery, run: the repository's configuration, its clone, one reconcile;
or a comment's commands.

The webhook doors (``regent serve``, AWS Lambda, Azure Functions) hand a verified, routed
delivery here; everything about releasing is the ``ReleaseService``'s, comment commands are the
``CommandService``'s, and how a repository's policy is read and its services built on a clone is
the wiring's (``regent.runtimes.wiring``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from regent.core.errors import RegentError
from regent.core.notifications_attempts import last_attempt
from regent.core.policy import ReleasePolicy
from regent.core.routing import Command, Reconcile
from regent.services.commands import CommandOutcome, CommandService
from regent.services.notify import ReleaseNotices
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseService,
    not_a_base_branch,
)

log = logging.getLogger(__name__)


def _no_notices(target: Reconcile, policy: ReleasePolicy) -> ReleaseNotices | None:
    return None


def _retryable(error: Exception) -> bool:
    return isinstance(error, RegentError) and error.retryable


@dataclass(frozen=True, slots=True)
class DeliveryWorker:
    """Reconciles the base branch a delivery names, as the GitHub App installed there.

    ``policy_for`` reads the repository's policy from its default branch (no clone);
    ``service_for`` clones or fetches the repository and holds its release service for a block;
    ``commands_for`` holds a comment's command service (which clones only for a command that
    reads the history).
    """

    policy_for: Callable[[Reconcile], ReleasePolicy]
    service_for: Callable[[Reconcile, ReleasePolicy], AbstractContextManager[ReleaseService]]
    commands_for: Callable[[Command], AbstractContextManager[CommandService]]
    notices_for: Callable[[Reconcile, ReleasePolicy], ReleaseNotices | None] = _no_notices
    """The notifiers of a reconcile (``notifications:``), told of a failure once the door
    will not try the delivery again, and of a success."""

    def command(self, command: Command) -> CommandOutcome:
        """Act on the commands of a comment on a pull request, as the App installed there."""
        log.info("commands on %s#%d by %s", command.repo.full_name, command.number, command.author)
        with self.commands_for(command) as service:
            outcome = service.handle(command)
        for line in outcome.lines():
            log.info("%s#%d %s", command.repo.full_name, command.number, line)
        return outcome

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
        notices = None if target.dry_run else self.notices_for(target, policy)
        try:
            with self.service_for(target, policy) as service:
                outcome = service.reconcile(
                    base,
                    overrides=Overrides(
                        target.release_as, target.prerelease, source=target.override_source
                    ),
                    scope=target.scope,
                    dry_run=target.dry_run,
                )
        except Exception as error:
            if notices is not None and (last_attempt() or not _retryable(error)):
                notices.failed(base, error)
            raise
        if notices is not None and isinstance(outcome, ReconcileOutcome):
            notices.succeeded(base)
        if isinstance(outcome, ReconcileOutcome):
            events = ", ".join(outcome.events)
            log.info("%s %s: %s (%s)", repo.full_name, base, events, outcome.github_calls)
        return outcome
