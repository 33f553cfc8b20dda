"""The composition root for a checkout on disk (the Action, ``regent run``): the runner's clone
and the workflow token; and the configuration of a checkout, which every shape reads."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from regent.adapters.checkout_files import read_checkout_file
from regent.config import find_config, parse_config_text
from regent.core.asset_ports import ReleaseAssetsPort
from regent.core.errors import ConfigError
from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.ports import MeteredGitHub
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, TEMPLATE_SIZE_LIMIT, Links

if TYPE_CHECKING:
    from regent.adapters.git.history import GitHistory
    from regent.adapters.github.adapter import GitHubConnection
    from regent.adapters.github.repository import GitHubAdapter
    from regent.adapters.jinja_renderer import JinjaRenderer
    from regent.services.commands import CommandService
    from regent.services.release import ReleaseService

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
    asset_patterns: Sequence[str] = (),
) -> ReleaseService:
    """The release service for a clone of ``repo`` on disk (the Action, ``regent run``).

    The token reaches git only through the environment of the processes ``GitHistory`` starts
    (a private repository checked out with ``persist-credentials: false`` still fetches), is
    sent only to the GitHub git server (``GITHUB_SERVER_URL``, else derived from ``api_url``)
    and never to a submodule's host, and ``safe.directory`` lets git work in a checkout another
    user owns (the runner's mounted workspace). Template overrides are read at ``base_branch``
    as committed, as the webhook doors read them, not from the work tree other workflow steps
    may have changed. The files earlier steps built are attached to each release published
    (``release.assets``, plus ``asset_patterns``), read from the work tree inside the checkout.
    """
    return action_release_on_port(
        checkout,
        repo=repo,
        base_branch=base_branch,
        token=token,
        api_url=api_url,
        policy=policy,
        environ=environ,
        asset_patterns=asset_patterns,
    )[0]


def action_release_on_port(
    checkout: Path,
    *,
    repo: RepoRef,
    base_branch: str,
    token: str,
    api_url: str,
    policy: ReleasePolicy,
    environ: Mapping[str, str],
    asset_patterns: Sequence[str] = (),
) -> tuple[ReleaseService, GitHubAdapter]:
    """``action_release_service`` and the GitHub port it writes through, for what else the run
    tells GitHub over the same counted port (its notices)."""
    connection, git_env = _checkout_github(checkout, token=token, api_url=api_url, environ=environ)
    github = connection.for_repository(repo)
    service = checkout_release_service(
        checkout,
        github=github,
        policy=policy,
        base_branch=base_branch,
        git_env=git_env,
        assets=github,
        asset_patterns=asset_patterns,
    )
    return service, github


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
    from regent.services.commands import CommandService  # noqa: PLC0415 - not for plan

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
    """The workflow token's connection (its writes audited to ``REGENT_AUDIT_FILE`` too, when
    set), and git's environment for the checkout."""
    from regent.adapters.audit_log import AuditLog  # noqa: PLC0415
    from regent.adapters.git.clone_cache import git_auth_env  # noqa: PLC0415
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import Throttle  # noqa: PLC0415
    from regent.adapters.github.breaker import Breakers  # noqa: PLC0415
    from regent.adapters.github.endpoint import git_server_url  # noqa: PLC0415

    connection = connect_github(
        token=token,
        api_url=api_url,
        throttle=Throttle.from_environ(environ),
        audit=AuditLog.from_environ(environ),
        breakers=Breakers.from_environ(environ),
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
    assets: ReleaseAssetsPort | None = None,
    asset_patterns: Sequence[str] = (),
) -> ReleaseService:
    """The release service over the clone at ``checkout`` (whose ``origin`` is the repository
    ``github`` is bound to), reporting the calls made through ``github``; given ``assets``
    (usually ``github``), it attaches the checkout's built files to the releases it publishes
    (``release.assets`` and ``asset_patterns``)."""
    from regent.adapters.checkout_assets import CheckoutAssets  # noqa: PLC0415
    from regent.adapters.git.history import GitHistory  # noqa: PLC0415 - GitPython
    from regent.services.release import ReleaseService  # noqa: PLC0415
    from regent.services.release_assets import AssetPublisher  # noqa: PLC0415

    history = GitHistory(checkout, git_env=git_env)
    publisher = (
        None
        if assets is None
        else AssetPublisher(assets, CheckoutAssets(checkout), tuple(asset_patterns))
    )
    return ReleaseService(
        github=github,
        history=history,
        renderer=base_branch_renderer(history, policy=policy, base_branch=base_branch),
        policy=policy,
        today=today,
        calls=github.call_counts,
        pulls=github,
        assets=publisher,
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
