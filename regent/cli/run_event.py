"""``regent run --event-file``: replay one GitHub event against a local checkout, for debugging.

A door like the others: it routes the event, then makes the ``ReleaseService.reconcile`` call
the Action and the webhook service make. Webhook-shaped events (push, pull_request,
issue_comment, ping, installation) go through the webhook routing (``core.webhook_routes``):
a saved delivery and a runner's event file hold the same payload, and that routing is the
strictest and best explained (merged or not, default branch, comment commands, pings).
``workflow_dispatch``, which only a runner sends, goes through the Action's routing
(``runtimes.action_event``) so its ``release-as`` / ``prerelease`` / ``dry-run`` inputs count.
Ignored events import neither PyGithub nor GitPython and need no token.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from regent.core.errors import UsageError
from regent.adapters.github.endpoint import api_url
from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.webhook_routes import (
    CommentCommand,
    Ignored,
    InstallationChange,
    PayloadError,
    Ping,
    route_event,
)
from regent.runtimes.action.event import Target, load_payload
from regent.runtimes.log_lines import one_line

log = logging.getLogger(__name__)

WEBHOOK_EVENTS = ("push", "pull_request", "issue_comment", "ping", "installation")
RUNNER_EVENTS = ("workflow_dispatch",)
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
_SCP_URL = re.compile(r"^[\w.-]+@([\w.-]+):(.+)$")


def run_event(arguments: argparse.Namespace) -> int:
    """Route the event in ``arguments.event_file``; reconcile the base branch it names."""
    path = Path(arguments.event_file)
    payload = load_payload(path)
    event = arguments.event or _event_from_headers(path)
    if event not in WEBHOOK_EVENTS + RUNNER_EVENTS:
        known = ", ".join(WEBHOOK_EVENTS + RUNNER_EVENTS)
        raise UsageError(
            f"--event {event!r} is not an event regent run replays; use one of {known}"
        )
    routed = _route(event, payload, path)
    if routed is None:
        return 0
    repo, target, default = routed.repo, routed.target, routed.default_branch
    checkout = Path(arguments.checkout)
    policy = _policy(checkout)
    base = target.base_branch
    if default is not None and not policy.releases_from(base, default_branch=default):
        _say(f"ignored: {base} is not a base branch (base_branches; default: {default})")
        return 0
    _say(f"reconcile {repo.full_name} {base}: {routed.reason}")
    token = _token()
    _check_origin(checkout, repo)
    url = api_url(arguments.api_url or os.environ.get("GITHUB_API_URL"))
    return _reconcile(checkout, repo, target, token, url, policy=policy, dry_run=arguments.dry_run)


def _token() -> str:
    """The GitHub token from the environment, or a ``UsageError`` naming where it is read."""
    tokens = [os.environ.get(name, "").strip() for name in TOKEN_VARIABLES]
    if not (token := next(filter(None, tokens), "")):
        raise UsageError(f"no GitHub token: set {' or '.join(TOKEN_VARIABLES)}")
    return token


def _policy(checkout: Path) -> ReleasePolicy:
    """The checkout's configuration (its defaults when it has no file)."""
    from regent.config import load_checkout_config

    return load_checkout_config(checkout)


def _event_from_headers(path: Path) -> str:
    """The ``X-GitHub-Event`` recorded beside the payload (``NAME.headers.json``), if any."""
    for sibling in (path.with_suffix(".headers.json"), path.with_name(f"{path.name}.headers.json")):
        if sibling.is_file():
            headers = load_payload(sibling).get("headers")
            found = (
                {str(k).lower(): v for k, v in headers.items()} if isinstance(headers, dict) else {}
            )
            name = found.get("x-github-event")
            if isinstance(name, str) and name.strip():
                return name.strip()
            raise UsageError(f"{sibling} has no headers.x-github-event; pass --event NAME")
    raise UsageError(
        f"--event is required: no {path.with_suffix('.headers.json').name} beside {path} names it"
    )


@dataclass(frozen=True, slots=True)
class Routed:
    """The repository, what to reconcile there and why; its default branch when the base branch
    still has to be checked against the configuration's ``base_branches``."""

    repo: RepoRef
    target: Target
    reason: str
    default_branch: str | None


def _route(event: str, payload: Mapping[str, Any], path: Path) -> Routed | None:
    """The repository and what to reconcile there (None: printed why not)."""
    if event in RUNNER_EVENTS:
        return _runner_route(event, payload, path)
    try:
        route = route_event(event, payload)
    except PayloadError as error:
        raise UsageError(str(error)) from None
    if isinstance(route, Ignored):
        _say(f"ignored: {route.reason}")
    elif isinstance(route, Ping):
        _say(f"ping: nothing to reconcile ({route.zen})")
    elif isinstance(route, InstallationChange):
        _say(f"installation {route.action}: nothing to reconcile")
    elif isinstance(route, CommentCommand):
        _say(f"ignored: comment on #{route.number}: comment commands are not handled yet")
    else:
        target = Target(route.base_branch, None, None, dry_run=False)
        return Routed(route.repo, target, route.reason, route.default_branch)
    return None


def _runner_route(event: str, payload: Mapping[str, Any], path: Path) -> Routed | None:
    from regent.runtimes.action import event as action_event
    from regent.runtimes.action.settings import ActionSettings, read_inputs

    repository = payload.get("repository")
    full_name = repository.get("full_name") if isinstance(repository, dict) else None
    if not isinstance(full_name, str) or not full_name:
        raise UsageError(f"the {event} payload has no repository.full_name")
    settings = ActionSettings(
        event, path, full_name, Path("."), None, None, None, read_inputs({"INPUT_TOKEN": "-"})
    )
    routed = action_event.route_event(settings)
    if isinstance(routed, action_event.Ignored):
        _say(f"ignored: {routed.reason}")
        return None
    return Routed(RepoRef.parse(full_name), routed, f"{event} ({routed.source})", None)


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
    repo: RepoRef,
    target: Target,
    token: str,
    api_url: str,
    *,
    policy: ReleasePolicy,
    dry_run: bool,
) -> int:
    from regent.runtimes.action.run import checkout_service
    from regent.services.release import Overrides

    service = checkout_service(
        checkout,
        repo=repo,
        base_branch=target.base_branch,
        token=token,
        api_url=api_url,
        policy=policy,
        environ=os.environ,
    )
    outcome = service.reconcile(
        target.base_branch,
        overrides=Overrides(target.release_as, target.prerelease, source=target.source),
        dry_run=dry_run or target.dry_run,
    )
    _say(outcome.decision)
    published = iter(outcome.published)
    for name in outcome.events:
        if name == "released" and (done := next(published, None)) is not None:
            _say(f"{name}: {done.tag} {done.release.html_url}")
        elif outcome.pull_request is not None and name != "nothing_to_release":
            _say(f"{name}: #{outcome.pull_request.number} {outcome.pull_request.html_url}")
        else:
            _say(name)
    if outcome.dry_run:
        _say("dry run: nothing written")
    _say(f"github calls: {outcome.github_calls.total}")
    return 0


def _say(text: object) -> None:
    """``text`` on stdout, each line printable (the text quotes commits, branches and titles)."""
    for line in str(text).splitlines() or [""]:
        print(one_line(line))
