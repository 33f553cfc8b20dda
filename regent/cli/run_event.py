"""``regent run --event-file``: replay one GitHub event against a local checkout, for debugging.

A door like the others: the one router (``core.routing``, docs/routing.md) reads the event, then
the ``ReleaseService.reconcile`` call the Action and the webhook doors make runs (for a comment
holding commands, the ``CommandService``, docs/steering.md), and the result is printed. It
accepts every event the Action accepts, with the same payloads (a runner's event file or a saved
webhook delivery: ``repository.full_name`` and ``default_branch`` are all it reads of the
repository; a ``schedule`` payload naming none reads ``GITHUB_REPOSITORY`` and
``GITHUB_REF_NAME`` as the Action does). An event that reconciles nothing imports neither
PyGithub nor GitPython and needs no token or checkout.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from regent.adapters.github.endpoint import api_url
from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.routing import Command, Reconcile, explain, route
from regent.core.run_context import RunContext, running
from regent.core.tracing import current_tracer, span
from regent.runtimes.event_file import load_payload
from regent.runtimes.log_lines import one_line

log = logging.getLogger(__name__)

TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
_SCP_URL = re.compile(r"^[\w.-]+@([\w.-]+):(.+)$")


def run_event(arguments: argparse.Namespace) -> int:
    """Route the event in ``arguments.event_file``; reconcile the base branch it names."""
    path = Path(arguments.event_file)
    payload = load_payload(path)
    event = arguments.event or _event_from_headers(path)
    environ = os.environ
    routed = route(
        event,
        payload,
        repository=environ.get("GITHUB_REPOSITORY"),
        ref_name=environ.get("GITHUB_REF_NAME"),
    )
    if not isinstance(routed, Reconcile | Command):
        _say(explain(routed))
        return 0
    from regent.runtimes.wiring.tracing import start_tracing

    start_tracing(environ)
    context = RunContext(door="cli", repository=routed.repo.full_name, event=event)
    attributes = {"github.repository": routed.repo.full_name, "github.event": event}
    try:
        with running(context), span("regent run", attributes, new_trace=True):
            return _run_routed(arguments, routed)
    finally:
        current_tracer().flush()


def _run_routed(arguments: argparse.Namespace, routed: Reconcile | Command) -> int:
    checkout = Path(arguments.checkout)
    policy = _policy(checkout)
    url = api_url(arguments.api_url or os.environ.get("GITHUB_API_URL"))
    if isinstance(routed, Command):
        if arguments.dry_run:
            raise UsageError("--dry-run does not apply to comment commands: they reply and react")
        _say(explain(routed))
        token = _token()
        _check_origin(checkout, routed.repo)
        return _commands(checkout, routed, token, url, policy=policy)
    _say(f"reconcile {routed.repo.full_name} {routed.base_branch}: {routed.reason}")
    token = _token()
    _check_origin(checkout, routed.repo)
    dry_run = arguments.dry_run or routed.dry_run
    return _reconcile(checkout, routed, token, url, policy=policy, dry_run=dry_run)


def _token() -> str:
    """The GitHub token from the environment, or a ``UsageError`` saying what it is for."""
    tokens = [os.environ.get(name, "").strip() for name in TOKEN_VARIABLES]
    if not (token := next(filter(None, tokens), "")):
        raise UsageError(
            f"no GitHub token: set {' or '.join(TOKEN_VARIABLES)}; even --dry-run reads the "
            "release PR and releases through the API (for a public repository a token without "
            "scopes will do, such as GITHUB_TOKEN=$(gh auth token))"
        )
    return token


def _policy(checkout: Path) -> ReleasePolicy:
    """The checkout's configuration (its defaults when it has no file)."""
    from regent.runtimes.wiring import checkout_policy

    return checkout_policy(checkout)


def _event_from_headers(path: Path) -> str:
    """The ``X-GitHub-Event`` recorded beside the payload (``NAME.headers.json``), if any: the
    headers as an object, or under ``headers`` as a delivery log keeps them."""
    for sibling in (path.with_suffix(".headers.json"), path.with_name(f"{path.name}.headers.json")):
        if sibling.is_file():
            recorded = load_payload(sibling)
            headers = recorded.get("headers", recorded)
            found = (
                {str(k).lower(): v for k, v in headers.items()} if isinstance(headers, dict) else {}
            )
            name = found.get("x-github-event")
            if isinstance(name, str) and name.strip():
                return name.strip()
            raise UsageError(f"{sibling} names no X-GitHub-Event header; pass --event NAME")
    raise UsageError(
        f"--event is required: no {path.with_suffix('.headers.json').name} beside {path} names it"
    )


def _check_origin(checkout: Path, repo: RepoRef) -> None:
    """Refuse a checkout whose ``origin`` is another repository; warn when it cannot tell."""
    done = subprocess.run(
        ["git", "-C", str(checkout), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    )
    url = done.stdout.strip()
    if done.returncode != 0 or not url:
        raise UsageError(f"{checkout} is not a git clone with an origin remote; pass --checkout")
    scp = _SCP_URL.match(url)
    parts = urlsplit(url)
    if scp:
        host, path = scp.groups()
    elif parts.scheme in ("http", "https", "ssh", "git") and parts.hostname:
        host, path = parts.hostname, parts.path
    else:
        log.warning("warning: origin is not a GitHub URL; assuming it is %s", repo.full_name)
        return
    segments = [s for s in path.strip("/").removesuffix(".git").split("/") if s]
    found = "/".join(segments[-2:])
    if found.lower() != repo.full_name.lower():
        raise UsageError(
            f"the event is for {repo.full_name} but {checkout}'s origin is {host}/{found}; "
            f"pass --checkout with a clone of {repo.full_name}"
        )


def _reconcile(
    checkout: Path,
    target: Reconcile,
    token: str,
    api_url: str,
    *,
    policy: ReleasePolicy,
    dry_run: bool,
) -> int:
    from regent.core.release_pr.events import ReleaseEvent
    from regent.runtimes.wiring import action_release_service
    from regent.services.release import NotABaseBranch, Overrides

    service = action_release_service(
        checkout,
        repo=target.repo,
        base_branch=target.base_branch,
        token=token,
        api_url=api_url,
        policy=policy,
        environ=os.environ,
    )
    outcome = service.reconcile(
        target.base_branch,
        default_branch=target.default_branch,
        overrides=Overrides(target.release_as, target.prerelease, source=target.override_source),
        dry_run=dry_run,
    )
    if isinstance(outcome, NotABaseBranch):
        _say(outcome.reason)
        return 0
    for decided in outcome.decisions or (outcome.decision,):  # a release PR per component
        _say(decided)
    published = iter(outcome.published)
    for name in outcome.events:
        if name is ReleaseEvent.RELEASED and (done := next(published, None)) is not None:
            _say(f"{name}: {done.tag} {done.release.html_url}")
        elif outcome.pull_request is not None and name is not ReleaseEvent.NOTHING_TO_RELEASE:
            _say(f"{name}: #{outcome.pull_request.number} {outcome.pull_request.html_url}")
        else:
            _say(name)
    if outcome.dry_run:
        _say("dry run: nothing written")
    _say(f"github calls: {outcome.github_calls.total}")
    return 0


def _commands(
    checkout: Path, command: Command, token: str, api_url: str, *, policy: ReleasePolicy
) -> int:
    """Act on a comment's commands as the Action does; one line per command."""
    from regent.runtimes.wiring import action_command_service

    service = action_command_service(
        checkout,
        repo=command.repo,
        token=token,
        api_url=api_url,
        policy=policy,
        environ=os.environ,
    )
    outcome = service.handle(command)
    for line, done in zip(outcome.lines(), outcome.commands, strict=True):
        _say(line)
        if done.reply_url:
            _say(f"reply: {done.reply_url}")
    if outcome.release is not None:
        _say(outcome.release.decision)
    return 0


def _say(text: object) -> None:
    """``text`` on stdout, each line printable (the text quotes commits, branches and titles)."""
    for line in str(text).splitlines() or [""]:
        print(one_line(line))
