"""The GitHub Action door: the runner's event and inputs in, a reconcile, outputs and a summary out.

The event is routed by the one router (``core.routing``, docs/routing.md) and the step's inputs
applied to its route; an event that reconciles nothing is answered here with the standard
library only. PyGithub and GitPython are imported (through ``action.run``) only for a
``Reconcile``, or (through ``action.comment``) for a comment holding commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from regent.core.errors import ConfigError, RegentError, UsageError
from regent.core.policy import ReleasePolicy
from regent.core.routing import (
    ROUTED_EVENTS,
    Command,
    Reconcile,
    Route,
    explain,
    route,
    with_action_inputs,
)
from regent.core.run_context import RunContext, running
from regent.core.tracing import current_tracer, span
from regent.runtimes.action.commands import Runner
from regent.runtimes.action.settings import ActionSettings, input_value, read_settings
from regent.runtimes.event_file import load_payload
from regent.runtimes.wiring import checkout_policy
from regent.runtimes.wiring.tracing import start_tracing

DRY_INPUTS = "dry-run: true or command: plan"


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run the Action; 0 done or nothing to do, 1 failure, 2 bad usage or config."""
    environ = os.environ if environ is None else environ
    runner = Runner(sys.stdout)
    runner.mask(input_value(environ, "token"))
    try:
        return _run(environ, runner)
    except ConfigError as error:
        runner.error(error.message, file=error.path, line=error.line)
        return error.exit_code
    except RegentError as error:
        runner.error(error.message)
        return error.exit_code
    except Exception as error:  # the door turns any crash into a one-line cause
        runner.error(f"unexpected error: {type(error).__name__}: {error}")
        return 1


def _run(environ: Mapping[str, str], runner: Runner) -> int:
    settings = read_settings(environ)
    start_tracing(environ)
    context = action_run(environ, repository=settings.repository, event=settings.event_name)
    attributes = {"github.repository": settings.repository, "github.event": settings.event_name}
    try:
        with running(context), span("action run", attributes, new_trace=True):
            return _act(settings, runner)
    finally:
        current_tracer().flush()


def action_run(environ: Mapping[str, str], *, repository: str, event: str) -> RunContext:
    """The run context of this workflow run: its run id (and attempt, past the first), the
    repository and event, and who triggered it."""
    run_id = environ.get("GITHUB_RUN_ID") or None
    attempt = environ.get("GITHUB_RUN_ATTEMPT", "1")
    if run_id and attempt not in {"", "1"}:
        run_id = f"{run_id}/{attempt}"
    actor = environ.get("GITHUB_TRIGGERING_ACTOR") or environ.get("GITHUB_ACTOR") or None
    return RunContext(
        door="action", run_id=run_id, repository=repository, event=event, sender=actor
    )


def _act(settings: ActionSettings, runner: Runner) -> int:
    routed = _routed(settings)
    if isinstance(routed, Command) and (
        settings.inputs.dry_run or settings.inputs.command == "plan"
    ):
        runner.notice(f"{explain(routed)}; not acted on: this step writes nothing ({DRY_INPUTS})")
        return 0
    if not isinstance(routed, Reconcile | Command):
        runner.notice(explain(routed))
        return 0
    with runner.group("Configuration"):
        policy = action_policy(settings)
    if isinstance(routed, Command):
        from regent.runtimes.action.comment import run_commands  # noqa: PLC0415 - PyGithub

        return run_commands(settings, routed, runner, policy=policy)
    from regent.runtimes.action.run import reconcile  # noqa: PLC0415 - PyGithub, GitPython

    return reconcile(settings, routed, runner, policy=policy)


def _routed(settings: ActionSettings) -> Route:
    """The route of the runner's event with the step's inputs applied (the payload is read
    only for an event Release Regent routes)."""
    name = settings.event_name
    payload = load_payload(settings.event_path) if name in ROUTED_EVENTS else {}
    routed = route(name, payload, repository=settings.repository, ref_name=settings.ref_name)
    inputs = settings.inputs
    return with_action_inputs(
        routed,
        target_branch=inputs.target_branch,
        release_as=inputs.release_as,
        prerelease=inputs.prerelease,
        dry_run=inputs.dry_run,
        command=inputs.command,
    )


def action_policy(settings: ActionSettings) -> ReleasePolicy:
    """The policy of the checkout: the ``config-file`` input, else looked up in the workspace.

    No PyGithub or GitPython: a push the configuration does not release from is turned away
    before they are imported (pydantic only when there is a file).
    """
    named = settings.inputs.config_file
    if named is not None and not (settings.workspace / named).is_file():
        raise UsageError(f"input config-file is {named!r}, which the checkout does not have")
    return checkout_policy(settings.workspace, named)
