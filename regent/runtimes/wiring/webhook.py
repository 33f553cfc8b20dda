"""The composition root for the webhook worker: the GitHub App and a cached blobless clone of each
repository a delivery names."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from regent.core.policy import ReleasePolicy
from regent.core.routing import Command, Reconcile
from regent.runtimes.wiring.checkout import Today, checkout_release_service, today
from regent.runtimes.wiring.notifications import RunPorts, delivery_link, release_notices
from regent.services.commands import CommandService
from regent.services.deliveries import DeliveryWorker
from regent.services.notify import ReleaseNotices
from regent.services.release import ReleaseService

if TYPE_CHECKING:
    from regent.adapters.git.clone_cache import CloneCache
    from regent.adapters.github.adapter import GitHubConnection
    from regent.services.repo_config import RepoConfigSource


@dataclass(frozen=True, slots=True)
class WebhookWorker:
    """The delivery worker, and the App's connection whose counts the metrics show."""

    worker: DeliveryWorker
    github: GitHubConnection


def webhook_worker(
    *,
    app_id: int | str,
    private_key: str,
    api_url: str,
    throttle_off: bool,
    clones: Path,
    max_repositories: int,
    git_url: str,
    environ: Mapping[str, str] | None = None,
) -> WebhookWorker:
    """The delivery worker of the GitHub App ``app_id`` (``private_key``: its PEM key): its
    connection (``throttle_off`` only against a simulator) and a cache of at most
    ``max_repositories`` clones under ``clones``; its writes audited to ``REGENT_AUDIT_FILE``
    too, when set; the notifiers' secrets read from ``environ`` (None: the process's)."""
    from regent.adapters.audit_log import AuditLog  # noqa: PLC0415
    from regent.adapters.git.clone_cache import CloneCache  # noqa: PLC0415
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import AppCredentials, Throttle  # noqa: PLC0415
    from regent.adapters.github.breaker import Breakers  # noqa: PLC0415

    github = connect_github(
        app=AppCredentials(app_id, private_key),
        api_url=api_url,
        throttle=Throttle.off() if throttle_off else Throttle(),
        audit=AuditLog.from_environ(os.environ if environ is None else environ),
        breakers=Breakers.from_environ(os.environ),
    )
    cache = CloneCache(clones, max_repositories=max_repositories)
    worker = delivery_worker(github, clones=cache, git_url=git_url, environ=environ)
    return WebhookWorker(worker, github)


def delivery_worker(
    github: GitHubConnection,
    *,
    clones: CloneCache,
    git_url: str,
    today: Today = today,
    environ: Mapping[str, str] | None = None,
) -> DeliveryWorker:
    """A delivery worker over the App's connection and a clone cache.

    ``git_url``: the GitHub git server (``https://github.com``; ``REGENT_GIT_URL``); a
    repository is cloned from ``<git_url>/<owner>/<name>.git``, never from a URL a delivery
    carries, and the installation token is sent to that server only.
    """
    from regent.services.repo_config import RepoConfigSource  # noqa: PLC0415 - pydantic

    ports = RunPorts(github)
    secrets = os.environ if environ is None else environ
    site = _ClonedRepositories(
        github, clones, RepoConfigSource(github), git_url, today, ports, secrets
    )
    return DeliveryWorker(
        policy_for=site.policy_for,
        service_for=site.service_for,
        commands_for=site.commands_for,
        notices_for=site.notices_for,
    )


@dataclass(frozen=True, slots=True)
class _ClonedRepositories:
    """How the worker reads a repository's policy and builds its service on a cached clone."""

    github: GitHubConnection
    clones: CloneCache
    configs: RepoConfigSource
    git_url: str
    today: Today
    ports: RunPorts
    environ: Mapping[str, str]

    def policy_for(self, target: Reconcile) -> ReleasePolicy:
        """The policy on the default branch, read as the installation the delivery named."""
        if target.installation_id is not None:
            self.github.remember_installation(target.repo, target.installation_id)
        default = target.default_branch or target.base_branch
        return self.configs.policy_for(target.repo, default_branch=default)

    @contextmanager
    def service_for(self, target: Reconcile, policy: ReleasePolicy) -> Iterator[ReleaseService]:
        """The release service over the repository's clone, cloned or fetched, held for the
        block."""
        from regent.adapters.git.clone_cache import git_auth_env  # noqa: PLC0415

        repo = target.repo
        token = self.github.git_token(repo)
        clone_url = f"{self.git_url.rstrip('/')}/{repo.owner}/{repo.name}.git"
        with self.clones.checkout(repo, clone_url=clone_url, token=token) as path:
            yield checkout_release_service(
                path,
                github=self.ports.port(repo),
                policy=policy,
                base_branch=target.base_branch,
                git_env=git_auth_env(token, server=clone_url),
                today=self.today,
            )

    def notices_for(self, target: Reconcile, policy: ReleasePolicy) -> ReleaseNotices | None:
        """The delivery's notices, over the port its release service writes through; their
        secrets read from the environment the settings came from."""
        return release_notices(
            self.ports.port(target.repo),
            policy=policy.notifications,
            environ=self.environ,
            link=delivery_link(),
        )

    @contextmanager
    def commands_for(self, command: Command) -> Iterator[CommandService]:
        """The command service of a comment's repository: its policy is read, and its clone
        made, only when a command needs them; the clone is held until the block ends."""
        repo = command.repo
        if command.installation_id is not None:
            self.github.remember_installation(repo, command.installation_id)
        with ExitStack() as held:

            def policy(base_branch: str) -> ReleasePolicy:
                default = command.default_branch or base_branch
                return self.configs.policy_for(repo, default_branch=default)

            def release(base_branch: str, policy: ReleasePolicy) -> ReleaseService:
                target = Reconcile(
                    repo=repo,
                    base_branch=base_branch,
                    reason=f"a command on pull request #{command.number}",
                    default_branch=None,
                    installation_id=command.installation_id,
                )
                return held.enter_context(self.service_for(target, policy))

            yield CommandService(
                github=self.github.for_repository(repo),
                repository=repo.full_name,
                policy=policy,
                release=release,
            )
