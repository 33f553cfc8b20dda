"""Webhook events for what happens in the simulator: ``pull_request``, ``push`` and
``issue_comment`` deliveries.

Each event is validated against the webhook schema (``SimState.emit``), signed with the
configured secret, recorded for ``GET /_sim/events`` and, when a URL is configured, POSTed there.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from typing import Any

from tests.github_sim import push_commits
from tests.github_sim.extensions import extensions
from tests.github_sim.issue_json import Issue, comment_json, issue_json
from tests.github_sim.pull_json import Style, html_url, pull_json
from tests.github_sim.pull_rules import Edited
from tests.github_sim.records import CommentRecord, PullRecord
from tests.github_sim.render import node_id, repo_json, user_id, user_json
from tests.github_sim.state import SimRepo, SimState
from tests.github_sim.webhooks import delivery

ZERO_SHA = "0" * 40
REST_ONLY_REPO_KEYS = ("network_count", "subscribers_count", "permissions", "temp_clone_token")


def webhook_user_json(login: str, base_url: str) -> dict[str, Any]:
    """A user as webhook payloads carry it (no ``user_view_type``)."""
    user = user_json(login, base_url)
    del user["user_view_type"]
    return user


def webhook_repo_json(repo: SimRepo, base_url: str) -> dict[str, Any]:
    """A repository as webhook payloads carry it."""
    shown = {k: v for k, v in repo_json(repo, base_url).items() if k not in REST_ONLY_REPO_KEYS}
    return {
        **shown,
        "owner": webhook_user_json(repo.owner, base_url),
        "web_commit_signoff_required": False,
        "custom_properties": {},
    }


WEBHOOK = Style(webhook_user_json, webhook_repo_json)


def noreply_email(login: str) -> str:
    return f"{user_id(login)}+{login}@users.noreply.github.com"


def installation_lite(state: SimState, repo: SimRepo) -> dict[str, Any] | None:
    """The App installation on ``repo``, as payloads name it (None when no App is installed)."""
    for app in state.apps.values():
        for full_name, installation_id in app.installations.items():
            if full_name.lower() == repo.full_name.lower():
                return {"id": installation_id, "node_id": node_id("Installation", installation_id)}
    return None


@dataclass(frozen=True)
class Origin:
    """Where an event happens and who caused it (the sender, or pusher)."""

    state: SimState
    repo: SimRepo
    login: str
    base_url: str


def _envelope(origin: Origin, repository: dict[str, Any]) -> dict[str, Any]:
    sender = webhook_user_json(origin.login, origin.base_url)
    envelope = {"repository": repository, "sender": sender}
    installation = installation_lite(origin.state, origin.repo)
    return envelope | ({"installation": installation} if installation else {})


def pull_request_payload(
    origin: Origin, pull: PullRecord, action: str, *, changes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A ``pull_request`` payload for ``action`` (opened, closed, reopened, edited...)."""
    repo, base_url = origin.repo, origin.base_url
    return {
        "action": action,
        **({"changes": changes} if changes is not None else {}),
        "number": pull.number,
        "pull_request": pull_json(repo, pull, base_url, WEBHOOK),
        **_envelope(origin, webhook_repo_json(repo, base_url)),
    }


def issue_comment_payload(
    origin: Origin,
    issue: Issue,
    comment: CommentRecord,
    action: str,
    *,
    previous_body: str | None = None,
) -> dict[str, Any]:
    """An ``issue_comment`` payload (created, edited with the ``previous_body``, deleted)."""
    repo, base_url = origin.repo, origin.base_url
    changes = {"changes": {"body": {"from": previous_body}}} if previous_body is not None else {}
    return {
        "action": action,
        **changes,
        "issue": issue_json(repo, issue, base_url, WEBHOOK),
        "comment": comment_json(repo, comment, issue, base_url, WEBHOOK),
        **_envelope(origin, webhook_repo_json(repo, base_url)),
    }


def push_payload(origin: Origin, ref: str, before: str, after: str) -> dict[str, Any]:
    """A ``push`` payload for ``ref`` moving from ``before`` to ``after`` (zeros: none)."""
    repo, base_url, pusher = origin.repo, origin.base_url, origin.login
    html = html_url(repo, base_url)
    created, deleted = before == ZERO_SHA, after == ZERO_SHA
    listed = push_commits.pushed(repo, ref, before, after, html)
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "created": created,
        "deleted": deleted,
        "forced": not (created or deleted) and not push_commits.is_ancestor(repo, before, after),
        "base_ref": None,
        "compare": _compare_url(repo, before, after, base_url),
        "commits": listed,
        "head_commit": None
        if deleted
        else push_commits.head_commit(repo, ref, after, html, listed=listed),
        "pusher": {"name": pusher, "email": noreply_email(pusher)},
        **_envelope(origin, _push_repo_json(repo, base_url)),
    }


def _compare_url(repo: SimRepo, before: str, after: str, base_url: str) -> str:
    if before == ZERO_SHA:
        return f"{html_url(repo, base_url)}/commit/{after}"
    return f"{html_url(repo, base_url)}/compare/{before[:12]}...{after[:12]}"


def _push_repo_json(repo: SimRepo, base_url: str) -> dict[str, Any]:
    """Push payloads carry epoch-second dates, the owner's name and email, and master_branch."""
    shown = webhook_repo_json(repo, base_url)
    owner = {"name": repo.owner, "email": noreply_email(repo.owner), **shown["owner"]}
    created = calendar.timegm(time.strptime(repo.created_at, "%Y-%m-%dT%H:%M:%SZ"))
    return {
        **shown,
        "owner": owner,
        "created_at": created,
        "pushed_at": int(time.time()),
        "stargazers": 0,
        "master_branch": repo.default_branch,
    }


def emit(state: SimState, name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Sign, record (schema-checked) and, when a webhook URL is set, deliver one event."""
    built = delivery(name, payload, state.webhook_secret)
    recorded = state.emit(name, payload, built["headers"])
    recorded["body"] = built["body"]
    url = extensions(state).webhook_url
    if url:
        recorded["delivery"] = {"url": url, "status": None}
        extensions(state).outbox.send(url, recorded, lambda status: _delivered(recorded, status))
    return recorded


def _delivered(recorded: dict[str, Any], status: int) -> None:
    recorded["delivery"]["status"] = status


def emit_pull_request(
    origin: Origin, pull: PullRecord, action: str, *, changes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Emit ``pull_request`` with ``action`` for ``pull`` (``changes`` for ``edited``)."""
    payload = pull_request_payload(origin, pull, action, changes=changes)
    return emit(origin.state, "pull_request", payload)


def emit_edited(origin: Origin, pull: PullRecord, before: Edited) -> None:
    """Emit ``pull_request`` ``edited`` when the title, body or base changed."""
    changes = before.changes(pull)
    if changes:
        emit_pull_request(origin, pull, "edited", changes=changes)


def emit_push(origin: Origin, ref: str, before: str, after: str) -> dict[str, Any]:
    """Emit ``push`` for a ref update (call after the ref has moved)."""
    return emit(origin.state, "push", push_payload(origin, ref, before, after))


def emit_issue_comment(
    origin: Origin,
    issue: Issue,
    comment: CommentRecord,
    action: str,
    *,
    previous_body: str | None = None,
) -> dict[str, Any]:
    """Emit ``issue_comment`` with ``action`` for ``comment`` on ``issue``."""
    payload = issue_comment_payload(origin, issue, comment, action, previous_body=previous_body)
    return emit(origin.state, "issue_comment", payload)
