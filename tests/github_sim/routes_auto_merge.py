"""Control API for auto-merge: the repository setting, required checks, and check results.

- ``PATCH /_sim/repos/{owner}/{repo}/settings`` ``{"allow_auto_merge": true}``
- ``PUT /_sim/repos/{owner}/{repo}/branches/{branch+}/required_checks`` ``{"contexts": [...]}``
- ``POST /_sim/repos/{owner}/{repo}/statuses/{sha}`` ``{"context": "ci", "state": "success"}``:
  answers with the events of the merges it set off (auto-merging pull requests whose required
  checks have all passed).
"""

from __future__ import annotations

from typing import Any

from tests.github_sim.auto_merge import STATES, rules, set_status
from tests.github_sim.routing import Request, Response, SimError, control
from tests.github_sim.state import SimState


def _object(request: Request) -> dict[str, Any]:
    if not isinstance(request.body, dict):
        raise SimError(422, "Expected a JSON object")
    return request.body


@control("PATCH", "/_sim/repos/{owner}/{repo}/settings")
def repo_settings(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    allowed = _object(request).get("allow_auto_merge")
    if not isinstance(allowed, bool):
        raise SimError(422, "'allow_auto_merge' must be true or false")
    rules(state).allowed[repo.id] = allowed
    return Response(200, {"allow_auto_merge": allowed})


@control("PUT", "/_sim/repos/{owner}/{repo}/branches/{branch+}/required_checks")
def required_checks(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    contexts = _object(request).get("contexts")
    if not isinstance(contexts, list) or not all(isinstance(c, str) and c for c in contexts):
        raise SimError(422, "'contexts' must be a list of check names")
    rules(state).required[(repo.id, request.params["branch"])] = tuple(contexts)
    return Response(200, {"branch": request.params["branch"], "contexts": contexts})


@control("POST", "/_sim/repos/{owner}/{repo}/statuses/{sha}")
def check_status(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    body = _object(request)
    context, value = body.get("context"), body.get("state")
    if not isinstance(context, str) or not context or value not in STATES:
        raise SimError(422, f"'context' and 'state' (one of {', '.join(STATES)}) are required")
    sha = repo.commit_sha_for(request.params["sha"])
    if sha is None:
        raise SimError(422, f"No commit found for SHA: {request.params['sha']}")
    events = set_status(state, repo, sha, context, value, base_url=request.base_url)
    return Response(201, {"sha": sha, "context": context, "state": value, "events": events})
