"""The GitHub Action door: the runner's event and inputs in, a reconcile, outputs and a summary out.

An ignored event is decided here with the standard library only; PyGithub and GitPython are
imported (through ``action_run``) only when there is a branch to reconcile.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from regent.core.errors import ConfigError, RegentError
from regent.runtimes.action.commands import Runner
from regent.runtimes.action.config import action_policy
from regent.runtimes.action.event import Ignored, route_event
from regent.runtimes.action.settings import input_value, read_settings


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
    target = route_event(settings)
    if isinstance(target, Ignored):
        runner.notice(target.reason)
        return 0
    with runner.group("Configuration"):
        policy = action_policy(settings)
    default = target.default_branch
    if default is not None and not policy.releases_from(target.base_branch, default_branch=default):
        runner.notice(
            f"push to {target.base_branch} ignored: releases are made from {default} "
            "(list more branches in base_branches, or set the target-branch input)"
        )
        return 0
    from regent.runtimes.action.run import reconcile  # noqa: PLC0415 - PyGithub, GitPython

    return reconcile(settings, target, runner, policy=policy)
