"""The composition root: the one module that builds adapters and the services over them.

Three shapes, one per kind of door:

- a checkout (the Action, ``regent run``): the runner's clone and the workflow token;
- a cached clone per delivery (the webhook worker): the GitHub App and a blobless clone of each
  repository a delivery names;
- planning only (``regent plan``): the checkout and the templates, no GitHub unless given a
  token (then the merged pull requests and the release PR's pin are read, nothing written).

The doors call these functions and never build an adapter or a service themselves. Importing
this module costs no third-party import: GitPython and Jinja load with the first service built,
PyGithub only with the shapes that talk to GitHub (so ``regent plan`` never loads it), pydantic
only when a configuration file is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from regent.adapters.checkout_files import read_checkout_file
from regent.config import find_config, parse_config_text
from regent.core.errors import ConfigError, UsageError
from regent.core.model import RepoRef
from regent.core.plan_range import SinceSetting
from regent.core.policy import ReleasePolicy
from regent.core.ports import MeteredGitHub
from regent.core.release_pr.pin import VersionPin
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, TEMPLATE_SIZE_LIMIT, Links
from regent.core.routing import Command, Reconcile
from regent.services.commands import CommandService
from regent.services.deliveries import DeliveryWorker
from regent.services.planning import PlanningService, pinned_version
from regent.services.release import ReleaseService

if TYPE_CHECKING:
    from regent.adapters.git.clone_cache import CloneCache
    from regent.adapters.git.history import GitHistory
    from regent.adapters.github.adapter import GitHubConnection
    from regent.adapters.jinja_renderer import JinjaRenderer
    from regent.services.repo_config import RepoConfigSource

Today = Callable[[], str]


def today() -> str:
    """Today's date (UTC), or the date of ``SOURCE_DATE_EPOCH`` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=UTC)
        if epoch and epoch.isdigit()
        else datetime.now(tz=UTC)
    )
    return moment.date().isoformat()


# -- a checkout: the Action, ``regent run`` ---------------------------------------------------


def action_release_service(
    checkout: Path,
    *,
    repo: RepoRef,
    base_branch: str,
    token: str,
    api_url: str,
    policy: ReleasePolicy,
    environ: Mapping[str, str],
) -> ReleaseService:
    """The release service for a clone of ``repo`` on disk (the Action, ``regent run``).

    The token reaches git only through the environment of the processes ``GitHistory`` starts
    (a private repository checked out with ``persist-credentials: false`` still fetches), is
    sent only to the GitHub git server (``GITHUB_SERVER_URL``, else derived from ``api_url``)
    and never to a submodule's host, and ``safe.directory`` lets git work in a checkout another
    user owns (the runner's mounted workspace). Template overrides are read at ``base_branch``
    as committed, as the webhook doors read them, not from the work tree other workflow steps
    may have changed.
    """
    connection, git_env = _checkout_github(checkout, token=token, api_url=api_url, environ=environ)
    return checkout_release_service(
        checkout,
        github=connection.for_repository(repo),
        policy=policy,
        base_branch=base_branch,
        git_env=git_env,
    )


def action_command_service(
    checkout: Path,
    *,
    repo: RepoRef,
    token: str,
    api_url: str,
    policy: ReleasePolicy,
    environ: Mapping[str, str],
) -> CommandService:
    """The comment-command service for a clone of ``repo`` on disk (the Action, ``regent
    run``): one connection for the commands and for the release service of the base branch a
    command needs, built as ``action_release_service`` builds it."""
    connection, git_env = _checkout_github(checkout, token=token, api_url=api_url, environ=environ)
    github = connection.for_repository(repo)
    return CommandService(
        github=github,
        repository=repo.full_name,
        policy=lambda _base_branch: policy,
        release=lambda base_branch, policy: checkout_release_service(
            checkout, github=github, policy=policy, base_branch=base_branch, git_env=git_env
        ),
    )


def _checkout_github(
    checkout: Path, *, token: str, api_url: str, environ: Mapping[str, str]
) -> tuple[GitHubConnection, dict[str, str]]:
    """The workflow token's connection, and git's environment for the checkout."""
    from regent.adapters.git.clone_cache import git_auth_env  # noqa: PLC0415
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import Throttle  # noqa: PLC0415
    from regent.adapters.github.endpoint import git_server_url  # noqa: PLC0415

    connection = connect_github(
        token=token, api_url=api_url, throttle=Throttle.from_environ(environ)
    )
    server = git_server_url(api_url=api_url, server_url=environ.get("GITHUB_SERVER_URL"))
    git_env = git_auth_env(token, server=server, extra={"safe.directory": str(checkout.resolve())})
    return connection, git_env


def checkout_release_service(
    checkout: Path,
    *,
    github: MeteredGitHub,
    policy: ReleasePolicy,
    base_branch: str,
    git_env: Mapping[str, str] | None = None,
    today: Today = today,
) -> ReleaseService:
    """The release service over the clone at ``checkout`` (whose ``origin`` is the repository
    ``github`` is bound to), reporting the calls made through ``github``."""
    from regent.adapters.git.history import GitHistory  # noqa: PLC0415 - GitPython

    history = GitHistory(checkout, git_env=git_env)
    return ReleaseService(
        github=github,
        history=history,
        renderer=base_branch_renderer(history, policy=policy, base_branch=base_branch),
        policy=policy,
        today=today,
        calls=github.call_counts,
        pulls=github,
    )


def base_branch_renderer(
    history: GitHistory, *, policy: ReleasePolicy, base_branch: str
) -> JinjaRenderer:
    """A renderer whose overrides are read at ``origin/<base_branch>`` (fetched by each run
    before it renders): the commit whose files the release bumps, whatever other workflow
    steps did to the checkout, and the same in every door."""
    from regent.adapters.jinja_renderer import JinjaRenderer  # noqa: PLC0415 - Jinja

    at = f"refs/remotes/origin/{base_branch}"
    return JinjaRenderer(
        overrides=policy.templates,
        read_template=lambda relative: history.read_file_at(
            at, relative, limit=TEMPLATE_SIZE_LIMIT, links=Links.FOLLOW_INSIDE
        ),
    )


# -- a cached clone per delivery: the webhook worker -------------------------------------------


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
) -> WebhookWorker:
    """The delivery worker of the GitHub App ``app_id`` (``private_key``: its PEM key): its
    connection (``throttle_off`` only against a simulator) and a cache of at most
    ``max_repositories`` clones under ``clones``."""
    from regent.adapters.git.clone_cache import CloneCache  # noqa: PLC0415
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import AppCredentials, Throttle  # noqa: PLC0415

    github = connect_github(
        app=AppCredentials(app_id, private_key),
        api_url=api_url,
        throttle=Throttle.off() if throttle_off else Throttle(),
    )
    cache = CloneCache(clones, max_repositories=max_repositories)
    return WebhookWorker(delivery_worker(github, clones=cache, git_url=git_url), github)


def delivery_worker(
    github: GitHubConnection, *, clones: CloneCache, git_url: str, today: Today = today
) -> DeliveryWorker:
    """A delivery worker over the App's connection and a clone cache.

    ``git_url``: the GitHub git server (``https://github.com``; ``REGENT_GIT_URL``); a
    repository is cloned from ``<git_url>/<owner>/<name>.git``, never from a URL a delivery
    carries, and the installation token is sent to that server only.
    """
    from regent.services.repo_config import RepoConfigSource  # noqa: PLC0415 - pydantic

    site = _ClonedRepositories(github, clones, RepoConfigSource(github), git_url, today)
    return DeliveryWorker(
        policy_for=site.policy_for, service_for=site.service_for, commands_for=site.commands_for
    )


@dataclass(frozen=True, slots=True)
class _ClonedRepositories:
    """How the worker reads a repository's policy and builds its service on a cached clone."""

    github: GitHubConnection
    clones: CloneCache
    configs: RepoConfigSource
    git_url: str
    today: Today

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
                github=self.github.for_repository(repo),
                policy=policy,
                base_branch=target.base_branch,
                git_env=git_auth_env(token, server=clone_url),
                today=self.today,
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


# -- planning only: ``regent plan`` -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Planning:
    """The checkout's policy and the planner over its history and work tree; with GitHub, the
    version pinned on the open release PR (``!set-version``), read on demand."""

    policy: ReleasePolicy
    planner: PlanningService
    pinned: Callable[[], VersionPin | None] = lambda: None


@dataclass(frozen=True, slots=True)
class PlanGitHub:
    """Read access to GitHub for ``regent plan``: a token, the API, and the repository (None:
    the one the checkout's ``origin`` names)."""

    token: str
    api_url: str
    repo: RepoRef | None = None
    required: bool = True
    """False for a token found in the environment: a checkout whose origin is not on GitHub is
    then planned without it."""


def checkout_planning(
    path: Path,
    *,
    config: str | None,
    since: SinceSetting | None,
    deepen: bool,
    on_read: Callable[[int], None] | None = None,
    github: PlanGitHub | None = None,
) -> Planning:
    """The planner of the checkout at ``path``: its configuration (``config``, else the one
    looked up there), templates from the work tree; ``on_read`` hears of each batch of commits
    read. Without ``github`` nothing touches the network; with it the planner reads the merged
    pull requests of the branch checked out."""
    from regent.adapters.git.counted import CountedHistory  # noqa: PLC0415 - GitPython
    from regent.adapters.jinja_renderer import JinjaRenderer  # noqa: PLC0415 - Jinja

    history = CountedHistory(path, on_read=on_read)
    named = str(Path(config).resolve()) if config else None
    policy = checkout_policy(history.root, named)
    port = _plan_port(github, origin=history.repository_url()) if github else None
    base_branch = history.current_branch() if port is not None else None
    if github is not None and github.required and port is not None and base_branch is None:
        raise UsageError(
            "--token: HEAD is detached; check out the branch to plan (its merged pull requests "
            "are read), or plan without a token"
        )
    planner = PlanningService(
        history=history,
        renderer=JinjaRenderer(overrides=policy.templates, repository_root=history.root),
        policy=policy,
        since=since,
        deepen=deepen,
        pulls=port,
        base_branch=base_branch,
    )
    if port is None or base_branch is None:
        return Planning(policy, planner)
    return Planning(policy, planner, lambda: pinned_version(port, base_branch=base_branch))


def _plan_port(github: PlanGitHub, *, origin: str | None) -> MeteredGitHub | None:
    """The GitHub port of the planned repository: ``github.repo``, else ``origin``'s."""
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import Throttle  # noqa: PLC0415

    repo = github.repo
    if repo is None:
        if origin is None and not github.required:
            return None
        if origin is None:
            raise UsageError(
                "--repo: the checkout's origin is not a GitHub repository; name it as owner/name"
            )
        repo = RepoRef.parse("/".join(origin.rstrip("/").split("/")[-2:]))
    connection = connect_github(
        token=github.token, api_url=github.api_url, throttle=Throttle.from_environ(os.environ)
    )
    return connection.for_repository(repo)


# -- the configuration of a checkout -----------------------------------------------------------


def checkout_policy(root: Path, named: str | None = None) -> ReleasePolicy:
    """The policy of the checkout at ``root``: the file ``named`` (relative to ``root``, or
    absolute inside it), else the one looked up there; defaults when there is none.

    The file is read inside the checkout only (no ``..``, no symbolic link out of it) and up to
    ``CONFIG_SIZE_LIMIT`` bytes. Errors name it relative to ``root``
    (``.github/release-regent.yml``), as annotations on a pull request want it.
    """
    if named is not None:
        relative = _inside(root, named)
    else:
        found = find_config(root)
        if found is None:
            return ReleasePolicy()
        relative = found.relative_to(root).as_posix()
    text = read_checkout_file(root, relative, limit=CONFIG_SIZE_LIMIT, links=Links.FOLLOW_INSIDE)
    if text is None:
        raise ConfigError("no such configuration file in the checkout", path=relative)
    return parse_config_text(text, source=relative)


def _inside(root: Path, named: str) -> str:
    """``named`` as a path relative to ``root``; a ConfigError when it is outside the checkout."""
    path = Path(named)
    if not path.is_absolute():
        return named
    for base in (root, root.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    raise ConfigError(
        "is outside the checkout; name a configuration file inside the repository", path=named
    )
