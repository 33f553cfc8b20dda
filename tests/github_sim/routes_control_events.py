"""Webhook configuration, merging through the control API, and ``push`` for API ref changes."""

from __future__ import annotations

from typing import Any

from tests.github_sim.events import ZERO_SHA, Origin, emit_pull_request, emit_push
from tests.github_sim.extensions import extensions
from tests.github_sim.pull_merge import MergeOptions, merge_pull
from tests.github_sim.pull_rules import find_pull
from tests.github_sim.records import now_iso
from tests.github_sim.routing import Request, Response, SimError, control
from tests.github_sim.state import DEFAULT_LOGIN, RefChange, SimState, on_ref_change

HEADS = "refs/heads/"


def _object(request: Request) -> dict[str, Any]:
    if not isinstance(request.body, dict):
        raise SimError(422, "Expected a JSON object")
    return request.body


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise SimError(422, f"'{name}' must be a string or null")
    return value


@control("POST", "/_sim/webhook")
def configure_webhook(state: SimState, request: Request) -> Response:
    """``{"secret": "...", "url": "http://..." | null}``: sign deliveries, and POST them."""
    body = _object(request)
    state.webhook_secret = _optional_text(body, "secret")
    extensions(state).webhook_url = _optional_text(body, "url")
    return Response(200, {"secret_set": bool(state.webhook_secret), "url": body.get("url")})


@control("POST", "/_sim/repos/{owner}/{repo}/pulls/{number}/merge")
def merge_through_control(state: SimState, request: Request) -> Response:
    """``{"method": "merge" | "squash" | "rebase", "login": "..."}`` -> the sha and events."""
    body = request.body if isinstance(request.body, dict) else {}
    repo = state.repo(request.params["owner"], request.params["repo"])
    pull = find_pull(repo, request.params["number"])
    options = MergeOptions(
        method=body.get("method") or "merge",
        sha=body.get("sha"),
        commit_title=body.get("commit_title"),
        commit_message=body.get("commit_message"),
    )
    login = body.get("login") or DEFAULT_LOGIN
    merged = merge_pull(state, repo, pull, options, login=login, base_url=request.base_url)
    return Response(200, {"sha": merged.sha, "events": merged.events})


@on_ref_change
def push_on_ref_change(state: SimState, change: RefChange) -> None:
    """A ref the Git Data API created, moved or deleted is a push, as on GitHub."""
    origin = Origin(state, change.repo, DEFAULT_LOGIN, change.base_url)
    emit_push(origin, change.ref, change.before or ZERO_SHA, change.after or ZERO_SHA)
    if change.after is None and change.ref.startswith(HEADS):
        _close_pulls_from(origin, change.ref.removeprefix(HEADS))


def _close_pulls_from(origin: Origin, branch: str) -> None:
    """Deleting a pull request's head branch closes it."""
    for pull in origin.repo.pulls.values():
        if pull.state == "open" and pull.head == branch:
            pull.state, pull.closed_at = "closed", now_iso()
            emit_pull_request(origin, pull, "closed")
