"""The routed path of the Action: build the release service from the runner's checkout, reconcile.

Imported only for a routed event: it pulls in PyGithub and GitPython.
"""

from __future__ import annotations

import logging
import os
import sys

from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.release_expected import (
    PULL_EVENTS,
    NoReleaseError,
    no_release_message,
    release_expected,
)
from regent.core.routing import Reconcile
from regent.runtimes.action.commands import Runner, append_summary, write_outputs
from regent.runtimes.action.report import action_outputs, job_summary
from regent.runtimes.action.settings import ActionSettings
from regent.runtimes.event_file import load_payload
from regent.runtimes.log_lines import one_line_handler
from regent.runtimes.wiring.notifications import action_release
from regent.services.notify import ReleaseNotices
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseRefused,
    ReleaseService,
)

PAYLOAD_READ = ("push", *PULL_EVENTS)
"""The events whose payload says whether they merged a release PR."""
SHALLOW_NOTICE = (
    "the checkout is shallow: Release Regent fetches the full history itself; set "
    "fetch-depth: 0 on actions/checkout to save that fetch"
)


def reconcile(
    settings: ActionSettings, target: Reconcile, runner: Runner, *, policy: ReleasePolicy
) -> int:
    """Reconcile ``target.base_branch``, then write the outputs and the job summary (a branch
    the configuration does not release from gets a notice saying why, and no outputs)."""
    log_to_step()
    repo = RepoRef.parse(settings.repository)
    if (settings.workspace / ".git" / "shallow").is_file():
        runner.notice(SHALLOW_NOTICE)
    service, notices = _service(settings, policy, target.base_branch)
    if target.dry_run:
        notices = None  # a dry run writes nothing, failure issues included
    try:
        with runner.group(f"Reconcile {repo.full_name} {target.base_branch}"):
            outcome = service.reconcile(
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
        _tell_failed(notices, target.base_branch, refused)
        raise
    except Exception as error:
        _tell_failed(notices, target.base_branch, error)
        raise
    if isinstance(outcome, NotABaseBranch):
        runner.notice(outcome.reason)
        return 0
    if notices is not None:
        notices.succeeded(target.base_branch)
    _report(settings, outcome, runner, policy=policy, repo=repo)
    if settings.inputs.fail_on_no_release and not outcome.published:
        _fail_without_release(settings, target, outcome, policy=policy)
    return 0


def _fail_without_release(
    settings: ActionSettings, target: Reconcile, outcome: ReconcileOutcome, *, policy: ReleasePolicy
) -> None:
    """Raise NoReleaseError when ``target`` was meant to release (``fail-on-no-release``)."""
    expected = release_expected(
        target,
        event_name=settings.event_name,
        payload=load_payload(settings.event_path) if settings.event_name in PAYLOAD_READ else {},
        title_template=policy.release_pr.title,
    )
    if expected is not None:
        message = no_release_message(
            expected, base_branch=target.base_branch, reason=outcome.decision.plan_reason
        )
        raise NoReleaseError(message)


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
        outputs = action_outputs(outcome, scheme=policy.version_scheme, monorepo=policy.monorepo)
        write_outputs(settings.output_path, outputs)
        append_summary(
            settings.summary_path,
            job_summary(outcome, repository=repo.full_name, changelog=policy.changelog),
        )


def _tell_failed(notices: ReleaseNotices | None, base_branch: str, error: Exception) -> None:
    """The notifiers hear of the failure (a notifier's own failure is logged, never raised)."""
    if notices is not None:
        notices.failed(base_branch, error)


def _service(
    settings: ActionSettings, policy: ReleasePolicy, base_branch: str
) -> tuple[ReleaseService, ReleaseNotices | None]:
    return action_release(
        settings.workspace,
        repo=RepoRef.parse(settings.repository),
        base_branch=base_branch,
        token=settings.inputs.token,
        api_url=settings.inputs.api_url,
        policy=policy,
        environ=os.environ,
        asset_patterns=settings.inputs.assets,
    )


def log_to_step() -> None:
    """Release Regent's log records on the step's log, one line each."""
    handler = one_line_handler(sys.stdout, line_format="%(message)s")
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.getLogger("regent").setLevel(logging.INFO)
