"""Pull requests: list (filters, sort, pages), create, get, update, commits, merge."""

from __future__ import annotations

from typing import Any

from tests.github_sim import pull_git
from tests.github_sim.auth import token_info
from tests.github_sim.events import Origin, emit_edited, emit_pull_request
from tests.github_sim.gitjson import commit_json, diff_files
from tests.github_sim.gitobjects import read_commits
from tests.github_sim.pull_json import pull_json, pull_simple_json
from tests.github_sim.pull_merge import MergeOptions, merge_pull
from tests.github_sim.pull_rules import (
    Edited,
    associated_pulls,
    change_state,
    check_new_pull,
    filter_pulls,
    find_pull,
    head_branch,
    text_field,
)
from tests.github_sim.records import PullRecord, now_iso
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

PULLS = "/repos/{owner}/{repo}/pulls"
PULL = PULLS + "/{pull_number}"
READ = ("pull_requests", "read")
WRITE = ("pull_requests", "write")


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _pull(repo: SimRepo, request: Request) -> PullRecord:
    pull = find_pull(repo, request.params["pull_number"])
    pull_git.refresh(repo, pull)
    return pull


def _login(state: SimState, request: Request) -> str:
    return token_info(state, request.token).login


@route("GET", PULLS, "pulls/list", permission=READ)
def list_pulls(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    pull_git.refresh_all(repo, repo.pulls.values())
    chosen = filter_pulls(repo, request)
    return paginate(
        request,
        chosen,
        render=lambda page: [pull_simple_json(repo, pull, request.base_url) for pull in page],
    )


@route("POST", PULLS, "pulls/create", permission=WRITE)
def create_pull(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    body = request.body if isinstance(request.body, dict) else {}
    title = text_field(body, "title", required=True)
    head = head_branch(repo, body.get("head"))
    base = check_new_pull(repo, head, body.get("base"))
    pull = PullRecord(
        number=repo.take_number(),
        id=state.next_id(),
        title=title or "",
        body=text_field(body, "body"),
        head=head,
        base=base,
        head_sha=repo.ref_sha(f"refs/heads/{head}") or "",
        base_sha=repo.ref_sha(f"refs/heads/{base}") or "",
        user=_login(state, request),
        draft=bool(body.get("draft", False)),
    )
    repo.pulls[pull.number] = pull
    emit_pull_request(Origin(state, repo, pull.user, request.base_url), pull, "opened")
    rendered = pull_json(repo, pull, request.base_url)
    return Response(201, rendered, {"Location": rendered["url"]})


@route("GET", PULL, "pulls/get", permission=READ)
def get_pull(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    return Response(200, pull_json(repo, _pull(repo, request), request.base_url))


@route("PATCH", PULL, "pulls/update", permission=WRITE)
def update_pull(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    pull = _pull(repo, request)
    body = request.body if isinstance(request.body, dict) else {}
    before = Edited.before(pull)
    _apply_text(pull, body)
    _apply_base(repo, pull, body.get("base"))
    action = change_state(repo, pull, body.get("state"))
    pull.updated_at = now_iso()
    origin = Origin(state, repo, _login(state, request), request.base_url)
    emit_edited(origin, pull, before)
    if action:
        emit_pull_request(origin, pull, action)
    return Response(200, pull_json(repo, pull, request.base_url))


def _apply_text(pull: PullRecord, body: dict[str, Any]) -> None:
    if "title" in body:
        pull.title = text_field(body, "title", required=True) or pull.title
    if "body" in body:
        pull.body = text_field(body, "body")


def _apply_base(repo: SimRepo, pull: PullRecord, base: Any) -> None:
    if base is None or base == pull.base:
        return
    if not isinstance(base, str) or repo.ref_sha(f"refs/heads/{base}") is None:
        invalid = {"resource": "PullRequest", "field": "base", "code": "invalid"}
        raise SimError(422, "Validation Failed", errors=[invalid])
    pull.base = base
    pull_git.refresh(repo, pull)


@route("GET", PULL + "/files", "pulls/list-files", permission=READ)
def list_pull_files(state: SimState, request: Request) -> Response:
    """The files the pull request changes: its head against the merge base, by name, paged."""
    repo = _repo(state, request)
    pull = _pull(repo, request)
    merge_base = repo.git("merge-base", pull.base_sha, pull.head_sha)
    files = diff_files(repo, merge_base, pull.head_sha, request.base_url)
    return paginate(request, sorted(files, key=lambda entry: entry["filename"]))


@route("GET", PULL + "/commits", "pulls/list-commits", permission=READ)
def list_pull_commits(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    shas = pull_git.commits(repo, _pull(repo, request))
    return paginate(
        request,
        shas,
        render=lambda page: [
            commit_json(repo, commit, request.base_url) for commit in read_commits(repo, page)
        ],
    )


@route("PUT", PULL + "/merge", "pulls/merge", permission=("contents", "write"))
def merge(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    pull = _pull(repo, request)
    body = request.body if isinstance(request.body, dict) else {}
    options = MergeOptions(
        method=body.get("merge_method") or "merge",
        sha=body.get("sha"),
        commit_title=body.get("commit_title"),
        commit_message=body.get("commit_message"),
    )
    merged = merge_pull(
        state, repo, pull, options, login=_login(state, request), base_url=request.base_url
    )
    message = "Pull Request successfully merged"
    return Response(200, {"sha": merged.sha, "merged": True, "message": message})


@route(
    "GET",
    "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    "repos/list-pull-requests-associated-with-commit",
    permission=READ,
)
def pulls_for_commit(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    sha = repo.commit_sha_for(request.params["commit_sha"])
    if sha is None:
        raise SimError(422, f"No commit found for SHA: {request.params['commit_sha']}")
    pull_git.refresh_all(repo, repo.pulls.values())
    found = associated_pulls(repo, sha)
    return paginate(
        request,
        found,
        render=lambda page: [pull_simple_json(repo, pull, request.base_url) for pull in page],
    )
