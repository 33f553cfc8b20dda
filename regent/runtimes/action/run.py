"""The routed path of the Action: build the release service from the runner's checkout, reconcile.

Imported only for a routed event: it pulls in PyGithub and GitPython.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from regent.adapters.git.clone_cache import git_auth_env
from regent.adapters.git.history import GitHistory
from regent.adapters.github.adapter import connect_github
from regent.adapters.github.auth import Throttle
from regent.adapters.github.endpoint import git_server_url
from regent.config.schemes import version_scheme
from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.routing import Reconcile
from regent.runtimes.action.commands import Runner, append_summary, write_outputs
from regent.runtimes.action.report import action_outputs, job_summary
from regent.runtimes.action.settings import ActionSettings
from regent.runtimes.log_lines import one_line_handler
from regent.services.base_templates import base_branch_renderer
from regent.services.clock import today
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseRefused,
    ReleaseService,
)

SHALLOW_NOTICE = (
    "the checkout is shallow: Release Regent fetches the full history itself; set "
    "fetch-depth: 0 on actions/checkout to save that fetch"
)


def reconcile(
    settings: ActionSettings, target: Reconcile, runner: Runner, *, policy: ReleasePolicy
) -> int:
    """Reconcile ``target.base_branch``, then write the outputs and the job summary (a branch
    the configuration does not release from gets a notice saying why, and no outputs)."""
    _log_to_step()
    repo = RepoRef.parse(settings.repository)
    if (settings.workspace / ".git" / "shallow").is_file():
        runner.notice(SHALLOW_NOTICE)
    try:
        with runner.group(f"Reconcile {repo.full_name} {target.base_branch}"):
            outcome = _service(settings, policy, target.base_branch).reconcile(
                target.base_branch,
                default_branch=target.default_branch,
                overrides=Overrides(
                    target.release_as, target.prerelease, source=target.override_source
                ),
                scope=target.scope,
                dry_run=target.dry_run,
            )
    except ReleaseRefused as refused:  # the log group is closed: outputs get their own
        _report(settings, refused.outcome, runner, policy=policy, repo=repo)
        raise
    if isinstance(outcome, NotABaseBranch):
        runner.notice(outcome.reason)
        return 0
    _report(settings, outcome, runner, policy=policy, repo=repo)
    return 0


def _report(
    settings: ActionSettings,
    outcome: ReconcileOutcome,
    runner: Runner,
    *,
    policy: ReleasePolicy,
    repo: RepoRef,
) -> None:
    """The step's outputs and job summary (also for a run that refused a release)."""
    with runner.group("Outputs"):
        outputs = action_outputs(outcome, scheme=version_scheme(policy.version_scheme))
        write_outputs(settings.output_path, outputs)
        append_summary(
            settings.summary_path,
            job_summary(outcome, repository=repo.full_name, changelog=policy.changelog),
        )


def _service(settings: ActionSettings, policy: ReleasePolicy, base_branch: str) -> ReleaseService:
    return checkout_service(
        settings.workspace,
        repo=RepoRef.parse(settings.repository),
        base_branch=base_branch,
        token=settings.inputs.token,
        api_url=settings.inputs.api_url,
        policy=policy,
        environ=os.environ,
    )


def checkout_service(
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
    and never to a submodule's host, and
    ``safe.directory`` lets git work in a checkout another user owns (the runner's mounted
    workspace). Template overrides are read at ``base_branch`` as committed, as the webhook
    doors read them, not from the work tree other workflow steps may have changed.
    """
    connection = connect_github(
        token=token, api_url=api_url, throttle=Throttle.from_environ(environ)
    )
    github = connection.for_repository(repo)
    server = git_server_url(api_url=api_url, server_url=environ.get("GITHUB_SERVER_URL"))
    git_env = git_auth_env(token, server=server, extra={"safe.directory": str(checkout.resolve())})
    history = GitHistory(checkout, git_env=git_env)
    renderer = base_branch_renderer(history, policy=policy, base_branch=base_branch)
    return ReleaseService(
        github=github,
        checkout=checkout,
        policy=policy,
        today=today,
        history=history,
        renderer=renderer,
        calls=github.call_counts,
    )


def _log_to_step() -> None:
    handler = one_line_handler(sys.stdout, line_format="%(message)s")
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.getLogger("regent").setLevel(logging.INFO)
