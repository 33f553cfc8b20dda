"""Git Data API objects: blobs, trees, commits and annotated tags."""

from __future__ import annotations

import base64
import binascii
import time
from datetime import datetime
from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.gitjson import git_commit_json, git_tag_json, git_tree_json
from tests.github_sim.gitobjects import (
    Signature,
    iso_utc,
    list_tree,
    read_commit,
    read_tag,
    tree_sha,
)
from tests.github_sim.gitwrite import (
    build_tree,
    parse_tree_change,
    write_blob,
    write_commit,
    write_tag,
)
from tests.github_sim.render import repo_api_url, user_id
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import SimRepo, SimState
from tests.github_sim.verification import signs_for, write_signed_commit

READ = ("contents", "read")
WRITE = ("contents", "write")
GIT = "/repos/{owner}/{repo}/git"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _body(request: Request, *required: str) -> dict[str, Any]:
    body = request.body if isinstance(request.body, dict) else {}
    for name in required:
        if body.get(name) is None:
            raise SimError(422, f'Invalid request.\n\n"{name}" wasn\'t supplied.')
    return body


def _created(body: dict[str, Any]) -> Response:
    return Response(201, body, {"Location": body["url"]})


@route("POST", GIT + "/blobs", "git/create-blob", permission=WRITE)
def create_blob(state: SimState, request: Request) -> Response:
    body = _body(request, "content")
    encoding = body.get("encoding", "utf-8")
    if encoding not in ("utf-8", "base64") or not isinstance(body["content"], str):
        raise SimError(422, f"encoding {encoding} is not supported (use utf-8 or base64)")
    try:
        data = (
            base64.b64decode(body["content"], validate=False)
            if encoding == "base64"
            else body["content"].encode("utf-8")
        )
    except binascii.Error as error:
        raise SimError(422, "content is not valid base64") from error
    repo = _repo(state, request)
    sha = write_blob(repo, data)
    return _created({"sha": sha, "url": f"{repo_api_url(repo, request.base_url)}/git/blobs/{sha}"})


@route("POST", GIT + "/trees", "git/create-tree", permission=WRITE)
def create_tree(state: SimState, request: Request) -> Response:
    body = _body(request, "tree")
    if not isinstance(body["tree"], list):
        raise SimError(422, 'Invalid request.\n\n"tree" is not an array.')
    repo = _repo(state, request)
    base_tree = body.get("base_tree")
    if base_tree is not None and tree_sha(repo, str(base_tree)) is None:
        raise SimError(422, f"base_tree {base_tree} is not a valid tree")
    changes = [parse_tree_change(entry) for entry in body["tree"]]
    sha = build_tree(repo, tree_sha(repo, base_tree) if base_tree else None, changes)
    return _created(git_tree_json(repo, sha, list_tree(repo, sha), request.base_url))


@route("GET", GIT + "/trees/{tree_sha+}", "git/get-tree", permission=READ)
def get_tree(state: SimState, request: Request) -> Response:
    """A tree by tree sha, commit sha or ref name; ``recursive`` (any value) lists everything."""
    repo = _repo(state, request)
    sha = tree_sha(repo, request.params["tree_sha"])
    if sha is None:
        raise SimError(404, "Not Found")
    entries = list_tree(repo, sha, recursive=request.arg("recursive") is not None)
    return Response(200, git_tree_json(repo, sha, entries, request.base_url))


@route("POST", GIT + "/commits", "git/create-commit", permission=WRITE)
def create_commit(state: SimState, request: Request) -> Response:
    body = _body(request, "message", "tree")
    repo = _repo(state, request)
    if repo.object_type(str(body["tree"])) != "tree":
        raise SimError(422, "Tree SHA does not exist")
    parents = body.get("parents") or []
    if not isinstance(parents, list) or any(repo.object_type(str(p)) != "commit" for p in parents):
        raise SimError(422, "Parent SHA does not exist or is not a commit object")
    caller = _caller(state, request)
    author = _signature(body.get("author"), caller)
    committer = _signature(body.get("committer"), author)
    write = write_signed_commit if signs_for(caller.name, body) else write_commit
    sha = write(
        repo,
        tree=repo.git("rev-parse", str(body["tree"])),
        parents=[repo.git("rev-parse", str(parent)) for parent in parents],
        message=str(body["message"]),
        author=author,
        committer=committer,
    )
    commit = read_commit(repo, sha)
    assert commit is not None
    return _created(git_commit_json(repo, commit, request.base_url))


@route("GET", GIT + "/commits/{commit_sha}", "git/get-commit", permission=READ)
def get_commit(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    commit = read_commit(repo, request.params["commit_sha"])
    if commit is None:
        raise SimError(404, "Not Found")
    return Response(200, git_commit_json(repo, commit, request.base_url))


@route("POST", GIT + "/tags", "git/create-tag", permission=WRITE)
def create_tag(state: SimState, request: Request) -> Response:
    """An annotated tag object; like GitHub, this creates no ref (POST git/refs does)."""
    body = _body(request, "tag", "message", "object", "type")
    repo = _repo(state, request)
    object_sha, object_type = str(body["object"]), body["type"]
    if repo.object_type(object_sha) != object_type:
        raise SimError(422, "Object does not exist")
    sha = write_tag(
        repo,
        tag=str(body["tag"]),
        object_sha=repo.git("rev-parse", object_sha),
        object_type=object_type,
        tagger=_signature(body.get("tagger"), _caller(state, request)),
        message=str(body["message"]),
    )
    tag = read_tag(repo, sha)
    assert tag is not None
    return _created(git_tag_json(repo, tag, request.base_url))


def _caller(state: SimState, request: Request) -> Signature:
    """The token's user, with GitHub's noreply email, dated now."""
    login = token_info(state, request.token).login
    email = f"{user_id(login)}+{login}@users.noreply.github.com"
    return Signature(login, email, iso_utc(time.time()))


def _signature(given: Any, default: Signature) -> Signature:
    """An author/committer/tagger from JSON (date defaults to now), or ``default`` if absent."""
    if given is None:
        return default
    if not isinstance(given, dict) or not given.get("name") or not given.get("email"):
        raise SimError(422, 'Invalid request.\n\n"name" and "email" are required.')
    date = given.get("date") or iso_utc(time.time())
    try:
        parsed = datetime.fromisoformat(str(date).replace("Z", "+00:00"))
    except ValueError as error:
        raise SimError(422, f"{date} is not a valid date-time") from error
    if parsed.tzinfo is None:
        raise SimError(422, f"{date} is not a valid date-time (no time zone)")
    return Signature(str(given["name"]), str(given["email"]), iso_utc(parsed.timestamp()))
