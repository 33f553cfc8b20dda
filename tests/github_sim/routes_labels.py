"""Repository labels: list, create, get, update (rename, colour, description), delete."""

from __future__ import annotations

from tests.github_sim.issue_rules import change_label, delete_label, new_label, require
from tests.github_sim.pull_json import label_json
from tests.github_sim.records import LabelRecord
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

LABELS = "/repos/{owner}/{repo}/labels"
LABEL = LABELS + "/{name}"


def _repo(state: SimState, request: Request, level: str) -> SimRepo:
    repo = state.repo(request.params["owner"], request.params["repo"])
    require(state, request, None, level)
    return repo


def _label(repo: SimRepo, request: Request) -> LabelRecord:
    label = repo.labels.get(request.params["name"].lower())
    if label is None:
        raise SimError(404, "Not Found")
    return label


@route("GET", LABELS, "issues/list-labels-for-repo")
def list_labels(state: SimState, request: Request) -> Response:
    """In the order they were made, paged."""
    repo = _repo(state, request, "read")
    return paginate(
        request,
        sorted(repo.labels.values(), key=lambda label: label.id),
        render=lambda page: [label_json(repo, label, request.base_url) for label in page],
    )


@route("POST", LABELS, "issues/create-label")
def create_label(state: SimState, request: Request) -> Response:
    repo = _repo(state, request, "write")
    body = label_json(repo, new_label(state, repo, request.body), request.base_url)
    return Response(201, body, {"Location": body["url"]})


@route("GET", LABEL, "issues/get-label")
def get_label(state: SimState, request: Request) -> Response:
    repo = _repo(state, request, "read")
    return Response(200, label_json(repo, _label(repo, request), request.base_url))


@route("PATCH", LABEL, "issues/update-label")
def update_label(state: SimState, request: Request) -> Response:
    repo = _repo(state, request, "write")
    label = _label(repo, request)
    change_label(repo, label, request.body)
    return Response(200, label_json(repo, label, request.base_url))


@route("DELETE", LABEL, "issues/delete-label")
def remove_label(state: SimState, request: Request) -> Response:
    repo = _repo(state, request, "write")
    delete_label(repo, _label(repo, request))
    return Response(204)
