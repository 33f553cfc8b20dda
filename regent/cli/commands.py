"""The commands behind ``regent``: each returns an exit code and never lets a traceback escape."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from regent.core.errors import RegentError, UsageError
from regent.core.markdown import printable
from regent.runtimes.log_lines import one_line_handler

if TYPE_CHECKING:
    from regent.cli.progress import Progress
    from regent.runtimes.wiring import PlanGitHub
    from regent.services.component_planning import ComponentPlanningService


def run_command(arguments: argparse.Namespace) -> int:
    """Dispatch ``arguments.command``; print a one-line cause on failure."""
    handler = one_line_handler(sys.stderr, line_format="regent: %(message)s")
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "plan": _plan,
        "changelog": _changelog,
        "run": _run,
        "validate": _validate,
        "schema": _schema,
        "init": _init,
        "serve": _serve,
    }
    try:
        return handlers[arguments.command](arguments)
    except RegentError as error:
        print(f"regent: error: {printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("regent: interrupted", file=sys.stderr)
        return 1
    except Exception as error:  # the door turns any crash into a one-line cause
        cause = printable(f"{type(error).__name__}: {error}")
        print(f"regent: unexpected error: {cause}", file=sys.stderr)
        return 1


def _plan(arguments: argparse.Namespace) -> int:
    gc.disable()  # one short run that allocates an object per commit and builds no cycles
    from regent.cli.plan_output import write_plan
    from regent.cli.progress import PROGRESS_AFTER, Progress
    from regent.core.plan_overrides import OverrideKind
    from regent.core.plan_range import SinceSetting
    from regent.runtimes.wiring import checkout_planning, today
    from regent.services.gather import SINCE_OPTION
    from regent.services.planning import CLI_OVERRIDE

    progress = Progress(sys.stderr, after=PROGRESS_AFTER)
    planning = checkout_planning(
        Path(arguments.path),
        config=arguments.config,
        since=SinceSetting(arguments.since, SINCE_OPTION) if arguments.since else None,
        deepen=arguments.deepen,
        on_read=progress.commits_read,
        github=_plan_github(arguments),
    )
    policy = planning.policy
    channel = policy.channel(arguments.prerelease)
    if planning.components is not None:
        return _plan_components(arguments, planning.components, progress=progress)
    pin = None if arguments.release_as else planning.pin
    version, source, kind = (
        (pin.version, pin.source, OverrideKind.SET_VERSION)
        if pin is not None
        else (arguments.release_as, CLI_OVERRIDE, OverrideKind.RELEASE_AS)
    )
    try:
        prepared = planning.planner.prepare(
            today=today(),
            channel=channel,
            release_as=version,
            release_as_source=source,
            release_as_kind=kind,
            tags=planning.tags,
        )
    finally:
        progress.done()
    pretty = sys.stdout.isatty()
    write_plan(
        sys.stdout,
        prepared,
        policy=policy,
        output_format=arguments.format,
        pretty=pretty,
        changelog=planning.changelog_entry(prepared),
        every=arguments.all,
    )
    return 0


def _plan_components(
    arguments: argparse.Namespace,
    planner: ComponentPlanningService,
    *,
    progress: Progress,
) -> int:
    """``regent plan`` of a monorepo: one block per component (docs/monorepo.md)."""
    from regent.cli.plan_components import write_components_plan
    from regent.runtimes.wiring import today

    if arguments.release_as:
        raise UsageError(
            "--release-as sets one version; with components it is not built yet (plan without it)"
        )
    try:
        prepared = planner.prepare(today=today(), requested=arguments.prerelease)
    finally:
        progress.done()
    write_components_plan(
        sys.stdout,
        prepared,
        output_format=arguments.format,
        pretty=sys.stdout.isatty(),
        changelog=planner.changelog_entry,
        every=arguments.all,
    )
    return 0


TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")


def _plan_github(arguments: argparse.Namespace) -> PlanGitHub | None:
    """GitHub read access for ``regent plan``: ``--token``, else a token in the environment."""
    from regent.adapters.github.endpoint import api_url
    from regent.core.model import RepoRef
    from regent.runtimes.wiring import PlanGitHub

    found = next((os.environ[name] for name in TOKEN_VARIABLES if os.environ.get(name)), None)
    token = arguments.token or found
    if not token:
        if arguments.repo:
            raise UsageError("--repo needs a token: pass --token or set GITHUB_TOKEN")
        return None
    return PlanGitHub(
        token=token,
        api_url=api_url(arguments.api_url or os.environ.get("GITHUB_API_URL")),
        repo=RepoRef.parse(arguments.repo) if arguments.repo else None,
        required=bool(arguments.token or arguments.repo),
    )


def _changelog(arguments: argparse.Namespace) -> int:
    from regent.cli.changelog import changelog_command

    return changelog_command(arguments)


def _run(arguments: argparse.Namespace) -> int:
    from regent.cli.run_event import run_event

    return run_event(arguments)


def _validate(arguments: argparse.Namespace) -> int:
    from regent.config import find_config, load_config
    from regent.runtimes.wiring import checkout_policy

    path = Path(arguments.file) if arguments.file else find_config(Path.cwd())
    if path is None:
        raise UsageError(
            "no configuration file found here; pass its path or create one with `regent init`"
        )
    if arguments.file is None:
        checkout_policy(Path.cwd())  # the repository's own file: links only inside it
    elif not path.is_file():
        raise UsageError(f"{path}: no such file")
    else:
        load_config(path)
    print(f"{path}: valid")
    return 0


def _schema(arguments: argparse.Namespace) -> int:
    from regent.config import config_json_schema

    print(json.dumps(config_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _init(arguments: argparse.Namespace) -> int:
    from regent.cli.changelog import offer_changelog

    if arguments.from_tool is not None:
        from regent.cli.init_from import init_from

        init_from(arguments)
    else:
        _init_files(arguments)
    if line := offer_changelog(Path(arguments.path), write=arguments.changelog):
        print(printable(line))  # from the tags the written configuration names
    return 0


def _init_files(arguments: argparse.Namespace) -> None:
    from regent.cli.init_files import write_files
    from regent.cli.init_owner import WORKFLOW_PATH, init_workflow
    from regent.config import CONFIG_FILE_NAMES, starter_config

    workflow = init_workflow(Path(arguments.path))
    files = {PurePosixPath(CONFIG_FILE_NAMES[0]): starter_config(), WORKFLOW_PATH: workflow.text}
    for path in write_files(Path(arguments.path), files, force=arguments.force):
        print(f"wrote {path}")
    print(printable(workflow.note))


SERVER_MODULES = ("starlette", "uvicorn", "httptools", "prometheus_client")


def _serve(arguments: argparse.Namespace) -> int:
    try:
        from regent.runtimes.webhook.app import serve_from_environment
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in SERVER_MODULES:
            raise
        from regent.cli.install_hint import extra_install_command

        raise UsageError(
            f"regent serve needs the server extra ({missing} is not installed): "
            f"{extra_install_command('server')}"
        ) from None
    return serve_from_environment(
        arguments.host,
        arguments.port,
        arguments.workers,
        shutdown_timeout=float(arguments.shutdown_timeout),
    )
