"""Repository endpoints: the repository, branches, commits, tags, compare, collaborators."""

from __future__ import annotations

from typing import Any

from tests.github_sim.gitjson import branch_json, commit_files, commit_json, tag_json
from tests.github_sim.gitobjects import read_commit, read_commits
from tests.github_sim.render import repo_json, user_json
from tests.github_sim.routing import Request, Response, SimError, page_window, paginate, route
from tests.github_sim.state import GitError, SimRepo, SimState

READ = ("contents", "read")
REPO = "/repos/{owner}/{repo}"
MAX_COMPARE_COMMITS = 250
ROLES = ("read", "triage", "write", "maintain", "admin")
ROLE_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read"}


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _commit_or(repo: SimRepo, ref: str, status: int, message: str) -> str:
    sha = repo.commit_sha_for(ref)
    if sha is None:
        raise SimError(status, message)
    return sha


@route("GET", REPO, "repos/get")
def get_repo(state: SimState, request: Request) -> Response:
    return Response(200, repo_json(_repo(state, request), request.base_url))


@route("GET", REPO + "/branches", "repos/list-branches")
def list_branches(state: SimState, request: Request) -> Response:
    """Every branch by name, paged; none is protected, so ``protected=true`` lists none."""
    repo = _repo(state, request)
    protected_only = request.arg("protected") == "true"
    heads = [] if protected_only else sorted(repo.refs("refs/heads/").items())
    api = f"{request.base_url}/repos/{repo.full_name}"
    return paginate(
        request,
        heads,
        render=lambda page: [
            {
                "name": ref.removeprefix("refs/heads/"),
                "commit": {"sha": sha, "url": f"{api}/commits/{sha}"},
                "protected": False,
            }
            for ref, sha in page
        ],
    )


@route("GET", REPO + "/branches/{branch+}", "repos/get-branch")
def get_branch(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    name = request.params["branch"]
    sha = repo.ref_sha(f"refs/heads/{name}")
    commit = read_commit(repo, sha) if sha else None
    if commit is None:
        raise SimError(404, "Branch not found")
    return Response(200, branch_json(repo, name, commit, request.base_url))


@route("GET", REPO + "/commits/{ref+}", "repos/get-commit", permission=READ)
def get_commit(state: SimState, request: Request) -> Response:
    """A commit by sha, branch or tag, with its files and stats."""
    repo = _repo(state, request)
    ref = request.params["ref"]
    commit = read_commit(repo, _commit_or(repo, ref, 422, f"No commit found for SHA: {ref}"))
    assert commit is not None
    files = commit_files(repo, commit, request.base_url)
    return Response(200, commit_json(repo, commit, request.base_url, files=files))


@route("GET", REPO + "/commits", "repos/list-commits", permission=READ)
def list_commits(state: SimState, request: Request) -> Response:
    """Commits reachable from ``sha`` (default branch by default), newest first; ``path`` filter."""
    repo = _repo(state, request)
    start = request.arg("sha") or repo.default_branch
    if not request.arg("sha") and repo.ref_sha(f"refs/heads/{start}") is None:
        raise SimError(409, "Git Repository is empty.")
    sha = _commit_or(repo, start, 404, f"No commit found for SHA: {start}")
    path = request.arg("path")
    shas = repo.git("rev-list", sha, *(["--", path] if path else [])).split()
    return paginate(
        request,
        shas,
        render=lambda page: [
            commit_json(repo, commit, request.base_url) for commit in read_commits(repo, page)
        ],
    )


@route("GET", REPO + "/tags", "repos/list-tags", permission=READ)
def list_tags(state: SimState, request: Request) -> Response:
    """Tags, highest version first, each with the commit it points at."""
    repo = _repo(state, request)
    names = repo.git(
        "for-each-ref", "--sort=-v:refname", "--format=%(refname:strip=2)", "refs/tags"
    )
    tags = [(name, repo.commit_sha_for(f"refs/tags/{name}")) for name in names.splitlines()]
    return paginate(
        request,
        [(name, sha) for name, sha in tags if sha],
        render=lambda page: [tag_json(repo, name, sha, request.base_url) for name, sha in page],
    )


@route("GET", REPO + "/compare/{base+}...{head+}", "repos/compare-commits", permission=READ)
def compare(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    base_ref, head_ref = request.params["base"], request.params["head"]
    base = _commit_or(repo, base_ref, 404, "Not Found")
    head = _commit_or(repo, head_ref, 404, "Not Found")
    try:
        merge_base = repo.git("merge-base", base, head)
    except GitError as error:
        message = f"No common ancestor between {base_ref} and {head_ref}."
        raise SimError(404, message) from error
    ahead = int(repo.git("rev-list", "--count", f"{base}..{head}"))
    behind = int(repo.git("rev-list", "--count", f"{head}..{base}"))
    shas = repo.git("rev-list", "--reverse", f"{base}..{head}").split()
    headers: dict[str, str] = {}
    if request.arg("per_page") is None and request.arg("page") is None:
        shas = shas[:MAX_COMPARE_COMMITS]  # unpaged: the first 250 commits only
    else:  # paged (GitHub since 2021): per_page commits of the oldest-first list, a Link header
        window, headers = page_window(request, len(shas))
        shas = shas[window]
    base_commit, merge_base_commit = read_commits(repo, [base, merge_base])
    url = request.base_url
    html = f"{url}/{repo.full_name}/compare/{base_ref}...{head_ref}"
    return Response(
        200,
        {
            "url": f"{url}/repos/{repo.full_name}/compare/{base_ref}...{head_ref}",
            "html_url": html,
            "permalink_url": f"{url}/{repo.full_name}/compare/{base}...{head}",
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "base_commit": commit_json(repo, base_commit, url),
            "merge_base_commit": commit_json(repo, merge_base_commit, url),
            "status": _compare_status(ahead, behind),
            "ahead_by": ahead,
            "behind_by": behind,
            "total_commits": ahead,
            "commits": [commit_json(repo, commit, url) for commit in read_commits(repo, shas)],
        },
        headers,
    )


@route(
    "GET",
    REPO + "/collaborators/{username}/permission",
    "repos/get-collaborator-permission-level",
)
def collaborator_permission(state: SimState, request: Request) -> Response:
    """The owner is admin; others as set through the control API, else read (public repo)."""
    repo = _repo(state, request)
    login = request.params["username"]
    role = "admin" if login.lower() == repo.owner.lower() else repo.collaborators.get(login.lower())
    role = role or "read"
    permission = ROLE_PERMISSION.get(role, role)
    user = {**user_json(login, request.base_url), "permissions": _flags(role), "role_name": role}
    return Response(200, {"permission": permission, "role_name": role, "user": user})


def _compare_status(ahead: int, behind: int) -> str:
    if ahead and behind:
        return "diverged"
    if ahead:
        return "ahead"
    return "behind" if behind else "identical"


def _flags(role: str) -> dict[str, Any]:
    level = ROLES.index(role) if role in ROLES else -1
    names = {"pull": "read", "triage": "triage", "push": "write", "maintain": "maintain"}
    return {name: level >= ROLES.index(needed) for name, needed in names.items()} | {
        "admin": role == "admin"
    }
