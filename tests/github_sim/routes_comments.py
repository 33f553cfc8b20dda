"""Comments on issues and pull requests; each change is an ``issue_comment`` event."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.events import Origin, emit_issue_comment
from tests.github_sim.issue_json import Issue, comment_json
from tests.github_sim.issue_rules import find_issue, require
from tests.github_sim.records import CommentRecord, now_iso
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

ISSUE_COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
COMMENT = "/repos/{owner}/{repo}/issues/comments/{comment_id}"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def find_comment(
    state: SimState, request: Request, level: str
) -> tuple[SimRepo, CommentRecord, Issue]:
    """The comment ``comment_id`` names, its repository and issue (404 when absent)."""
    repo = _repo(state, request)
    text = request.params["comment_id"]
    comment = repo.comments.get(int(text)) if text.isdigit() else None
    if comment is None:
        raise SimError(404, "Not Found")
    issue = find_issue(repo, str(comment.issue_number))
    require(state, request, issue, level)
    return repo, comment, issue


def _origin(state: SimState, request: Request, repo: SimRepo) -> Origin:
    return Origin(state, repo, token_info(state, request.token).login, request.base_url)


def _body_text(body: Any) -> str:
    text = body.get("body") if isinstance(body, dict) else None
    if not isinstance(text, str):
        missing = {"resource": "IssueComment", "field": "body", "code": "missing_field"}
        raise SimError(422, "Validation Failed", errors=[missing])
    return text


@route("GET", "/repos/{owner}/{repo}/issues/comments", "issues/list-comments-for-repo")
def list_repository_comments(state: SimState, request: Request) -> Response:
    """Every comment on the repository's issues and pull requests: ``sort`` (created, updated),
    ``direction`` (asc), ``since`` (updated at or after), paged."""
    repo = _repo(state, request)
    require(state, request, None, "read")
    sort, direction = request.arg("sort") or "created", request.arg("direction") or "asc"
    for field, value, allowed in (
        ("sort", sort, ("created", "updated")),
        ("direction", direction, ("asc", "desc")),
    ):
        if value not in allowed:
            invalid = {"resource": "IssueComment", "field": field, "code": "invalid"}
            raise SimError(422, "Validation Failed", errors=[invalid])
    since = request.arg("since")
    chosen = [c for c in repo.comments.values() if since is None or c.updated_at >= since]
    ordered = sorted(
        chosen,
        key=lambda c: (c.created_at if sort == "created" else c.updated_at, c.id),
        reverse=direction == "desc",
    )
    return paginate(
        request,
        ordered,
        render=lambda page: [
            comment_json(repo, c, find_issue(repo, str(c.issue_number)), request.base_url)
            for c in page
        ],
    )


@route("GET", ISSUE_COMMENTS, "issues/list-comments")
def list_comments(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    issue = find_issue(repo, request.params["issue_number"])
    require(state, request, issue, "read")
    since = request.arg("since")
    chosen = [
        comment
        for _, comment in sorted(repo.comments.items())
        if comment.issue_number == issue.number and (since is None or comment.updated_at >= since)
    ]
    return paginate(
        request,
        chosen,
        render=lambda page: [comment_json(repo, c, issue, request.base_url) for c in page],
    )


@route("POST", ISSUE_COMMENTS, "issues/create-comment")
def create_comment(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    issue = find_issue(repo, request.params["issue_number"])
    require(state, request, issue, "write")
    origin = _origin(state, request, repo)
    comment = CommentRecord(state.next_id(), issue.number, _body_text(request.body), origin.login)
    repo.comments[comment.id] = comment
    issue.updated_at = now_iso()
    emit_issue_comment(origin, issue, comment, "created")
    body = comment_json(repo, comment, issue, request.base_url)
    return Response(201, body, {"Location": body["url"]})


@route("GET", COMMENT, "issues/get-comment")
def get_comment(state: SimState, request: Request) -> Response:
    repo, comment, issue = find_comment(state, request, "read")
    return Response(200, comment_json(repo, comment, issue, request.base_url))


@route("PATCH", COMMENT, "issues/update-comment")
def update_comment(state: SimState, request: Request) -> Response:
    """A new body; the ``edited`` event carries the old one in ``changes.body.from``."""
    repo, comment, issue = find_comment(state, request, "write")
    previous, comment.body = comment.body, _body_text(request.body)
    comment.updated_at = now_iso()
    emit_issue_comment(
        _origin(state, request, repo), issue, comment, "edited", previous_body=previous
    )
    return Response(200, comment_json(repo, comment, issue, request.base_url))


@route("DELETE", COMMENT, "issues/delete-comment")
def delete_comment(state: SimState, request: Request) -> Response:
    """Gone for good (its reactions too); the ``deleted`` event carries it as it was."""
    repo, comment, issue = find_comment(state, request, "write")
    del repo.comments[comment.id]
    emit_issue_comment(_origin(state, request, repo), issue, comment, "deleted")
    return Response(204)
