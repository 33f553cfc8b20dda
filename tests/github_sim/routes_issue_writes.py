"""Opening an issue (``issues/create``), with its ``issues`` ``opened`` event."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import check_permission, token_info
from tests.github_sim.events import Origin
from tests.github_sim.issue_events import emit_issues
from tests.github_sim.issue_json import issue_json
from tests.github_sim.issue_rules import ensure_labels, label_names
from tests.github_sim.records import IssueRecord
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import SimState


@route("POST", "/repos/{owner}/{repo}/issues", "issues/create")
def create_issue(state: SimState, request: Request) -> Response:
    """A new issue; labels it names that the repository lacks are created, as GitHub does for
    a writer (it drops them silently for anyone else)."""
    repo = state.repo(request.params["owner"], request.params["repo"])
    info = token_info(state, request.token)
    check_permission(info, ("issues", "write"))
    body = request.body if isinstance(request.body, dict) else {}
    title = body.get("title")
    if not isinstance(title, str | int) or not str(title).strip():
        missing = {"resource": "Issue", "field": "title", "code": "missing_field"}
        raise SimError(422, "Validation Failed", errors=[missing])
    text = body.get("body")
    if text is not None and not isinstance(text, str):
        raise SimError(422, "Validation Failed", errors=[_invalid("body")])
    labels = ensure_labels(state, repo, label_names(body)) if "labels" in body else []
    number = repo.take_number()
    issue = IssueRecord(number, state.next_id(), str(title), text, info.login, labels=labels)
    repo.issues[number] = issue
    emit_issues(Origin(state, repo, info.login, request.base_url), issue, "opened")
    shown = issue_json(repo, issue, request.base_url)
    return Response(201, shown, {"Location": shown["url"]})


def _invalid(name: str) -> dict[str, Any]:
    return {"resource": "Issue", "field": name, "code": "invalid"}
