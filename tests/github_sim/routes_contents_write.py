"""Creating or updating one file: ``PUT /repos/{owner}/{repo}/contents/{path}``.

The file is written as one commit on ``branch`` (default branch by default), which moves the
branch through the API, so it is a ``push`` like any other ref change.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.events import noreply_email
from tests.github_sim.gitjson import git_commit_json
from tests.github_sim.gitobjects import Signature, read_commit, tree_sha
from tests.github_sim.gitwrite import TreeChange, build_tree, write_blob, write_commit
from tests.github_sim.records import now_iso
from tests.github_sim.routes_contents import content_entry, content_item
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import RefChange, SimState


@route(
    "PUT",
    "/repos/{owner}/{repo}/contents/{path+}",
    "repos/create-or-update-file-contents",
    permission=("contents", "write"),
)
def put_content(state: SimState, request: Request) -> Response:
    """201 with a new file, 200 with a changed one; ``sha`` must name the file being replaced."""
    repo = state.repo(request.params["owner"], request.params["repo"])
    body = request.body if isinstance(request.body, dict) else {}
    path = request.params["path"].strip("/")
    message, data = _required_text(body, "message"), _decoded(_required_text(body, "content"))
    branch = body.get("branch") or repo.default_branch
    tip = repo.ref_sha(f"refs/heads/{branch}")
    if tip is None:
        raise SimError(404, f"Branch {branch} not found")
    existing = content_entry(repo, tip, path)
    _check_replaced(path, existing.sha if existing else None, body.get("sha"))
    committer = _signature(body.get("committer"), _default_signer(state, request))
    change = TreeChange(path, "100644", "blob", write_blob(repo, data), None)
    commit = write_commit(
        repo,
        tree=build_tree(repo, tree_sha(repo, tip), [change]),
        parents=[tip],
        message=message,
        author=_signature(body.get("author"), committer),
        committer=committer,
    )
    repo.git("update-ref", f"refs/heads/{branch}", commit, tip)
    state.ref_changed(RefChange(repo, f"refs/heads/{branch}", tip, commit, request.base_url))
    written, info = content_entry(repo, commit, path), read_commit(repo, commit)
    if written is None or info is None:
        raise SimError(500, f"the commit {commit} for {path} cannot be read back")
    answer = {
        "content": content_item(repo, request, branch, written),
        "commit": git_commit_json(repo, info, request.base_url),
    }
    return Response(200 if existing else 201, answer)


def _required_text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise SimError(422, f'Invalid request.\n\n"{name}" wasn\'t supplied.')
    return value


def _decoded(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=False)
    except (binascii.Error, ValueError) as error:
        raise SimError(422, "content is not valid Base64") from error


def _check_replaced(path: str, current: str | None, given: Any) -> None:
    """GitHub's rule: replacing a file needs its blob sha; a stale one is a conflict."""
    if current is None:
        return
    if given is None:
        raise SimError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
    if given != current:
        raise SimError(409, f"{path} does not match {given}")


def _default_signer(state: SimState, request: Request) -> Signature:
    login = token_info(state, request.token).login
    return Signature(login, noreply_email(login), now_iso())


def _signature(given: Any, default: Signature) -> Signature:
    """A ``{"name", "email", "date"?}`` object, or ``default``."""
    if not isinstance(given, dict):
        return default
    name, email = given.get("name"), given.get("email")
    if not isinstance(name, str) or not isinstance(email, str):
        raise SimError(422, 'Invalid request.\n\n"name" and "email" are required.')
    return Signature(name, email, given.get("date") or now_iso())
