"""Reactions to issue and pull request comments: create, list, delete."""

from __future__ import annotations

from tests.github_sim.auth import token_info
from tests.github_sim.issue_json import REACTIONS, reaction_json
from tests.github_sim.records import now_iso
from tests.github_sim.routes_comments import COMMENT, find_comment
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimState

REACTIONS_PATH = COMMENT + "/reactions"


@route("POST", REACTIONS_PATH, "reactions/create-for-issue-comment")
def react_to_comment(state: SimState, request: Request) -> Response:
    """201 with a new reaction; 200 with the same one when this user already reacted so."""
    _, comment, _ = find_comment(state, request, "write")
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


@route("GET", REACTIONS_PATH, "reactions/list-for-issue-comment")
def list_reactions(state: SimState, request: Request) -> Response:
    """Oldest first, paged; ``content`` keeps one kind (an unknown kind is a 422)."""
    _, comment, _ = find_comment(state, request, "read")
    content = request.arg("content")
    if content is not None and content not in REACTIONS:
        invalid = {"resource": "Reaction", "field": "content", "code": "invalid"}
        raise SimError(422, "Validation Failed", errors=[invalid])
    chosen = [r for r in comment.reactions if content is None or r["content"] == content]
    return paginate(
        request,
        chosen,
        render=lambda page: [reaction_json(reaction, request.base_url) for reaction in page],
    )


@route("DELETE", REACTIONS_PATH + "/{reaction_id}", "reactions/delete-for-issue-comment")
def delete_reaction(state: SimState, request: Request) -> Response:
    """204 once the reaction is gone (404 for one the comment does not have)."""
    _, comment, _ = find_comment(state, request, "write")
    text = request.params["reaction_id"]
    kept = [r for r in comment.reactions if str(r["id"]) != text]
    if len(kept) == len(comment.reactions):
        raise SimError(404, "Not Found")
    comment.reactions[:] = kept
    return Response(204)
