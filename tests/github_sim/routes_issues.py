"""Issues (pull requests are issues too): list, get, update, and their labels."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.events import Origin, emit_edited, emit_pull_request
from tests.github_sim.issue_events import emit_issues
from tests.github_sim.issue_filters import listed_issues
from tests.github_sim.issue_json import Issue, issue_json
from tests.github_sim.issue_rules import (
    add_labels,
    ensure_labels,
    find_issue,
    label_names,
    remove_label,
    require,
)
from tests.github_sim.pull_json import labels_json
from tests.github_sim.pull_rules import Edited, change_state, invalid
from tests.github_sim.records import PullRecord, now_iso
from tests.github_sim.routing import Request, Response, paginate, route
from tests.github_sim.state import SimRepo, SimState

ISSUES = "/repos/{owner}/{repo}/issues"
ISSUE = ISSUES + "/{issue_number}"
_STATE_ACTIONS = {"open": "reopened", "closed": "closed"}


def _issue(state: SimState, request: Request, level: str) -> tuple[SimRepo, Issue]:
    repo = state.repo(request.params["owner"], request.params["repo"])
    issue = find_issue(repo, request.params["issue_number"])
    require(state, request, issue, level)
    return repo, issue


@route("GET", ISSUES, "issues/list-for-repo")
def list_issues(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    require(state, request, None, "read")
    return paginate(
        request,
        listed_issues(repo, request),
        render=lambda page: [issue_json(repo, issue, request.base_url) for issue in page],
    )


@route("GET", ISSUE, "issues/get")
def get_issue(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "read")
    return Response(200, issue_json(repo, issue, request.base_url))


@route("PATCH", ISSUE, "issues/update")
def update_issue(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "write")
    body = request.body if isinstance(request.body, dict) else {}
    before = Edited.before(issue) if isinstance(issue, PullRecord) else None
    for name in ("title", "body"):
        if name in body:
            setattr(issue, name, _text(body, name))
    if "labels" in body:
        issue.labels[:] = ensure_labels(state, repo, label_names(body))
    if isinstance(issue, PullRecord) and before is not None:
        login = token_info(state, request.token).login
        emit_edited(Origin(state, repo, login, request.base_url), issue, before)
    _change_state(state, request, repo, issue, body.get("state"))
    issue.updated_at = now_iso()
    return Response(200, issue_json(repo, issue, request.base_url))


def _text(body: dict[str, Any], name: str) -> str | None:
    """A new title (a string) or body (a string or null)."""
    value = body[name]
    if not isinstance(value, str) and not (value is None and name == "body"):
        raise invalid("Issue", name)
    return value


def _change_state(
    state: SimState, request: Request, repo: SimRepo, issue: Issue, wanted: Any
) -> None:
    if isinstance(issue, PullRecord):
        action = change_state(repo, issue, wanted)
        if action:
            login = token_info(state, request.token).login
            emit_pull_request(Origin(state, repo, login, request.base_url), issue, action)
        return
    if wanted is None or wanted == issue.state:
        return
    if wanted not in ("open", "closed"):
        raise invalid("Issue", "state")
    issue.state, issue.closed_at = wanted, now_iso() if wanted == "closed" else None
    login = token_info(state, request.token).login
    emit_issues(Origin(state, repo, login, request.base_url), issue, _STATE_ACTIONS[wanted])


def _labels_reply(repo: SimRepo, issue: Issue, request: Request) -> Response:
    return Response(200, labels_json(repo, issue.labels, request.base_url))


@route("GET", ISSUE + "/labels", "issues/list-labels-on-issue")
def list_issue_labels(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "read")
    return paginate(
        request,
        list(issue.labels),
        render=lambda page: labels_json(repo, page, request.base_url),
    )


@route("POST", ISSUE + "/labels", "issues/add-labels")
def add_issue_labels(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "write")
    add_labels(issue, ensure_labels(state, repo, label_names(request.body)))
    return _labels_reply(repo, issue, request)


@route("PUT", ISSUE + "/labels", "issues/set-labels")
def set_issue_labels(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "write")
    issue.labels[:] = ensure_labels(state, repo, label_names(request.body))
    return _labels_reply(repo, issue, request)


@route("DELETE", ISSUE + "/labels", "issues/remove-all-labels")
def remove_all_issue_labels(state: SimState, request: Request) -> Response:
    _, issue = _issue(state, request, "write")
    issue.labels.clear()
    return Response(204)


@route("DELETE", ISSUE + "/labels/{name}", "issues/remove-label")
def remove_issue_label(state: SimState, request: Request) -> Response:
    repo, issue = _issue(state, request, "write")
    remove_label(issue, request.params["name"])
    return _labels_reply(repo, issue, request)
