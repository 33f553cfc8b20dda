"""Git references: get, list (all, a namespace, matching), create, update (``force``), delete."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.github_sim.gitjson import git_ref_json
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import GitError, RefChange, SimRepo, SimState

READ = ("contents", "read")
WRITE = ("contents", "write")
REFS = "/repos/{owner}/{repo}/git/refs"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _full_ref(ref: str) -> str:
    """``heads/main`` (or ``refs/heads/main``) as ``refs/heads/main``."""
    return ref if ref.startswith("refs/") else f"refs/{ref}"


def _required(body: Any, name: str) -> Any:
    if not isinstance(body, dict) or body.get(name) is None:
        raise SimError(422, f'Invalid request.\n\n"{name}" wasn\'t supplied.')
    return body[name]


def _existing_object(repo: SimRepo, sha: Any) -> str:
    if not isinstance(sha, str) or repo.object_type(sha) is None:
        raise SimError(422, "Object does not exist")
    return repo.git("rev-parse", sha)


@route("GET", "/repos/{owner}/{repo}/git/ref/{ref+}", "git/get-ref", permission=READ)
def get_ref(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    full_ref = _full_ref(request.params["ref"])
    sha = repo.refs(full_ref).get(full_ref)
    if sha is None:
        raise SimError(404, "Not Found")
    return Response(200, git_ref_json(repo, full_ref, sha, request.base_url))


@route(
    "GET",
    "/repos/{owner}/{repo}/git/matching-refs/{ref+}",
    "git/list-matching-refs",
    permission=READ,
)
def list_matching_refs(state: SimState, request: Request) -> Response:
    """Refs whose full name starts with ``refs/<ref>`` (``heads/fe`` matches ``heads/feature``)."""
    repo = _repo(state, request)
    return _listing(repo, request, _matching(repo, _full_ref(request.params["ref"])))


def _matching(repo: SimRepo, prefix: str) -> list[tuple[str, str]]:
    """The refs whose full name starts with ``prefix``, sorted by name."""
    return sorted((name, sha) for name, sha in repo.refs().items() if name.startswith(prefix))


def _listing(repo: SimRepo, request: Request, matching: list[tuple[str, str]]) -> Response:
    return paginate(
        request,
        matching,
        render=lambda page: [git_ref_json(repo, name, sha, request.base_url) for name, sha in page],
    )


@route("GET", REFS, "git/list-matching-refs", permission=READ)
@route("GET", REFS + "/", "git/list-matching-refs", permission=READ)
def list_refs(state: SimState, request: Request) -> Response:
    """Every ref (GitHub still answers this path, which its description no longer lists)."""
    repo = _repo(state, request)
    return _listing(repo, request, _matching(repo, "refs/"))


@route("GET", REFS + "/{ref+}", "git/get-ref", permission=READ)
def get_ref_or_namespace(state: SimState, request: Request) -> Response:
    """One ref (``heads/main``) as ``git/ref`` answers it, or a namespace (``tags``) as a list."""
    repo = _repo(state, request)
    full_ref = _full_ref(request.params["ref"].rstrip("/"))
    sha = repo.refs(full_ref).get(full_ref)
    if sha is not None:
        return Response(200, git_ref_json(repo, full_ref, sha, request.base_url))
    namespace = _matching(repo, full_ref + "/")
    if not namespace:
        raise SimError(404, "Not Found")
    return replace(_listing(repo, request, namespace), operation_id="git/list-matching-refs")


@route("POST", REFS, "git/create-ref", permission=WRITE)
def create_ref(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    full_ref = _required(request.body, "ref")
    sha = _existing_object(repo, _required(request.body, "sha"))
    if not _valid_ref_name(repo, full_ref):
        raise SimError(422, f"{full_ref} is not a valid ref name.")
    if _namespace_clash(repo, full_ref):
        raise SimError(422, "Reference update failed")
    try:
        repo.git("update-ref", full_ref, sha, "")
    except GitError as error:
        raise SimError(422, "Reference already exists") from error
    state.ref_changed(RefChange(repo, full_ref, None, sha, request.base_url))
    body = git_ref_json(repo, full_ref, sha, request.base_url)
    return Response(201, body, {"Location": body["url"]})


@route("PATCH", REFS + "/{ref+}", "git/update-ref", permission=WRITE)
def update_ref(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    full_ref = _full_ref(request.params["ref"])
    sha = _existing_object(repo, _required(request.body, "sha"))
    force = bool(request.body.get("force", False))
    old = repo.refs(full_ref).get(full_ref)
    if old is None:
        raise SimError(422, "Reference does not exist")
    if not force and not _fast_forward(repo, old, sha):
        raise SimError(422, "Update is not a fast forward")
    repo.git("update-ref", full_ref, sha, old)
    state.ref_changed(RefChange(repo, full_ref, old, sha, request.base_url))
    return Response(200, git_ref_json(repo, full_ref, sha, request.base_url))


@route("DELETE", REFS + "/{ref+}", "git/delete-ref", permission=WRITE)
def delete_ref(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    full_ref = _full_ref(request.params["ref"])
    old = repo.refs(full_ref).get(full_ref)
    if old is None:
        raise SimError(422, "Reference does not exist")
    repo.git("update-ref", "-d", full_ref, old)
    state.ref_changed(RefChange(repo, full_ref, old, None, request.base_url))
    return Response(204)


def _valid_ref_name(repo: SimRepo, full_ref: Any) -> bool:
    """GitHub's rule: starts with ``refs/``, has at least two slashes, and git accepts it."""
    if not isinstance(full_ref, str) or not full_ref.startswith("refs/") or full_ref.count("/") < 2:
        return False
    try:
        repo.git("check-ref-format", full_ref)
    except GitError:
        return False
    return True


def _namespace_clash(repo: SimRepo, full_ref: str) -> bool:
    """Whether git's ref namespace rule keeps ``full_ref`` out: a ref is a folder of it
    (``refs/heads/a`` blocks ``refs/heads/a/b``) or it is a folder of one. GitHub's REST API
    then answers 422 "Reference update failed" (its GraphQL API: "Ref cannot be created")."""
    parts = full_ref.split("/")
    folders = ["/".join(parts[:end]) for end in range(3, len(parts))]
    if any(folder in repo.refs(folder) for folder in folders):
        return True
    return any(name.startswith(full_ref + "/") for name in repo.refs(full_ref))


def _fast_forward(repo: SimRepo, old: str, new: str) -> bool:
    old_commit, new_commit = repo.commit_sha_for(old), repo.commit_sha_for(new)
    if old_commit is None or new_commit is None:
        return old == new
    try:
        repo.git("merge-base", "--is-ancestor", old_commit, new_commit)
    except GitError:
        return False
    return True
