"""A routed webhook delivery, run: the repository's clone, its configuration, one reconcile.

The webhook doors (``regent serve``, AWS Lambda, Azure Functions) hand a verified, routed
delivery here; everything about releasing is the ``ReleaseService``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from regent.adapters.git.clone_cache import CloneCache, git_auth_env
from regent.adapters.git.history import GitHistory
from regent.core.model import RepoRef
from regent.core.ports import GitHubSession
from regent.core.routing import Reconcile
from regent.services.base_templates import base_branch_renderer
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseService,
    not_a_base_branch,
)
from regent.services.repo_config import RepoConfigSource

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryWorker:
    """Reconciles the base branch a delivery names, as the GitHub App installed there.

    ``git_url``: the GitHub git server (``https://github.com``; ``REGENT_GIT_URL``); a
    repository is cloned from ``<git_url>/<owner>/<name>.git``, never from a URL a delivery
    carries, and the installation token is sent to that server only.
    """

    github: GitHubSession
    clones: CloneCache
    configs: RepoConfigSource
    today: Callable[[], str]
    git_url: str

    def clone_url(self, repo: RepoRef) -> str:
        """Where ``repo`` is cloned from: on the configured git server, named by its full name."""
        return f"{self.git_url.rstrip('/')}/{repo.owner}/{repo.name}.git"

    def reconcile(self, target: Reconcile) -> ReconcileOutcome | NotABaseBranch:
        """Read the configuration from the default branch; if it releases from the target's
        branch, clone or fetch and reconcile. The base-branch check is the release service's,
        made before the clone: a push to any other branch costs no clone."""
        repo, base = target.repo, target.base_branch
        default = target.default_branch or base
        if target.installation_id is not None:
            self.github.remember_installation(repo, target.installation_id)
        policy = self.configs.policy_for(repo, default_branch=default)
        left = not_a_base_branch(policy, base, default_branch=default)
        if target.default_branch is not None and left is not None:
            log.info("%s: nothing to do in %s", left.reason, repo.full_name)
            return left
        log.info("reconciling %s %s: %s", repo.full_name, base, target.reason)
        token = self.github.git_token(repo)
        clone_url = self.clone_url(repo)
        with self.clones.checkout(repo, clone_url=clone_url, token=token) as path:
            history = GitHistory(path, git_env=git_auth_env(token, server=clone_url))
            renderer = base_branch_renderer(history, policy=policy, base_branch=base)
            github = self.github.for_repository(repo)
            service = ReleaseService(
                github=github,
                checkout=path,
                policy=policy,
                today=self.today,
                history=history,
                renderer=renderer,
                calls=github.call_counts,
            )
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
