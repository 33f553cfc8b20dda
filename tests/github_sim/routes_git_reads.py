"""Git Data API reads beside the writes: a blob's bytes, an annotated tag object."""

from __future__ import annotations

from tests.github_sim.gitjson import git_tag_json
from tests.github_sim.gitobjects import read_tag
from tests.github_sim.render import node_id, repo_api_url
from tests.github_sim.routes_contents import wrapped_base64
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import SimRepo, SimState

READ = ("contents", "read")
GIT = "/repos/{owner}/{repo}/git"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


@route("GET", GIT + "/blobs/{file_sha}", "git/get-blob", permission=READ)
def get_blob(state: SimState, request: Request) -> Response:
    """The blob's bytes in base64 (404 for anything that is not a blob here)."""
    repo = _repo(state, request)
    sha = request.params["file_sha"]
    if repo.object_type(sha) != "blob":
        raise SimError(404, "Not Found")
    full = repo.git("rev-parse", sha)
    data = repo.git_bytes("cat-file", "blob", full)
    return Response(
        200,
        {
            "sha": full,
            "node_id": node_id("Blob", full),
            "size": len(data),
            "url": f"{repo_api_url(repo, request.base_url)}/git/blobs/{full}",
            "content": wrapped_base64(data),
            "encoding": "base64",
        },
    )


@route("GET", GIT + "/tags/{tag_sha}", "git/get-tag", permission=READ)
def get_tag(state: SimState, request: Request) -> Response:
    """An annotated tag object (404 for a sha that is not one)."""
    repo = _repo(state, request)
    sha = request.params["tag_sha"]
    tag = read_tag(repo, repo.git("rev-parse", sha)) if repo.object_type(sha) == "tag" else None
    if tag is None:
        raise SimError(404, "Not Found")
    return Response(200, git_tag_json(repo, tag, request.base_url))
