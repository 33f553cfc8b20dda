"""Comments on issues and pull requests, and reactions to them."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.issue_json import REACTIONS, Issue, comment_json, reaction_json
from tests.github_sim.issue_rules import find_issue, require
from tests.github_sim.records import CommentRecord, now_iso
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

ISSUE_COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
COMMENT = "/repos/{owner}/{repo}/issues/comments/{comment_id}"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _comment(state: SimState, request: Request, level: str) -> tuple[SimRepo, CommentRecord, Issue]:
    repo = _repo(state, request)
    text = request.params["comment_id"]
    comment = repo.comments.get(int(text)) if text.isdigit() else None
    if comment is None:
        raise SimError(404, "Not Found")
    issue = find_issue(repo, str(comment.issue_number))
    require(state, request, issue, level)
    return repo, comment, issue


def _body_text(body: Any) -> str:
    text = body.get("body") if isinstance(body, dict) else None
    if not isinstance(text, str):
        missing = {"resource": "IssueComment", "field": "body", "code": "missing_field"}
        raise SimError(422, "Validation Failed", errors=[missing])
    return text


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
    login = token_info(state, request.token).login
    comment = CommentRecord(state.next_id(), issue.number, _body_text(request.body), login)
    repo.comments[comment.id] = comment
    issue.updated_at = now_iso()
    body = comment_json(repo, comment, issue, request.base_url)
    return Response(201, body, {"Location": body["url"]})


@route("PATCH", COMMENT, "issues/update-comment")
def update_comment(state: SimState, request: Request) -> Response:
    repo, comment, issue = _comment(state, request, "write")
    comment.body = _body_text(request.body)
    comment.updated_at = now_iso()
    return Response(200, comment_json(repo, comment, issue, request.base_url))


@route("POST", COMMENT + "/reactions", "reactions/create-for-issue-comment")
def react_to_comment(state: SimState, request: Request) -> Response:
    """201 with a new reaction; 200 with the same one when this user already reacted so."""
    _, comment, _ = _comment(state, request, "write")
    content = request.body.get("content") if isinstance(request.body, dict) else None
    if content not in REACTIONS:
        invalid = {"resource": "Reaction", "field": "content", "code": "invalid"}
        raise SimError(422, "Validation Failed", errors=[invalid])
    login = token_info(state, request.token).login
    for reaction in comment.reactions:
        if (reaction["login"], reaction["content"]) == (login, content):
            return Response(200, reaction_json(reaction, request.base_url))
    reaction = {"id": state.next_id(), "login": login, "content": content, "created_at": now_iso()}
    comment.reactions.append(reaction)
    return Response(201, reaction_json(reaction, request.base_url))
