"""From a request to a response: faults, auth, rate limits, routing, validation, logging."""

from __future__ import annotations

import json
import re
import time
import traceback
from dataclasses import dataclass, replace
from typing import Any

from tests.github_sim.auth import (
    check_installation_scope,
    check_permission,
    token_from,
    token_info,
)
from tests.github_sim.faults import Fault, take_fault
from tests.github_sim.routing import (
    API_ROUTES,
    CONTROL_ROUTES,
    Match,
    Request,
    Response,
    SimError,
    error_response,
    find_route,
)
from tests.github_sim.state import LoggedRequest, RateLimit, SimState
from tests.github_sim.validation import response_violation

CONTROL_PREFIX = "/_sim/"
UPLOADS_PATH = "/api/uploads/"
"""Uploads (release assets) send raw bytes, not JSON."""
UNCOUNTED_PATHS = ("/rate_limit",)
READ_METHODS = ("GET", "HEAD")
REPOSITORY_ID_PATH = re.compile(r"^/repositories/(\d+)(/.*)?$")


@dataclass(frozen=True)
class Outcome:
    """What the HTTP layer sends: a response, or nothing (the connection is dropped)."""

    response: Response | None

    @property
    def dropped(self) -> bool:
        return self.response is None


def dispatch(state: SimState, request: Request) -> Outcome:
    """Answer a control or API request (``request.body`` is parsed here from ``raw_body``)."""
    if request.path.startswith(CONTROL_PREFIX):
        return Outcome(_with_rate_headers(state, _control(state, request)))
    with state.lock:
        fault = take_fault(state.faults, request.method, request.path)
    routed = replace(request, path=_by_repository_id(state, request.path))
    match = find_route(API_ROUTES, routed.method, routed.path)
    outcome = _api_with_fault(state, routed, match, fault)
    status = outcome.response.status if outcome.response else None
    with state.lock:
        state.requests.append(
            LoggedRequest(
                request.method,
                request.path,
                _query_string(request),
                status,
                _operation_id(match, outcome.response),
            )
        )
    return outcome


def _by_repository_id(state: SimState, path: str) -> str:
    """``/repositories/{id}/...`` (as GitHub writes page links) as ``/repos/{o}/{r}/...``."""
    found = REPOSITORY_ID_PATH.match(path)
    if found is None:
        return path
    with state.lock:
        named = [repo for repo in state.repos.values() if str(repo.id) == found.group(1)]
    return f"/repos/{named[0].full_name}{found.group(2) or ''}" if named else path


def _api_with_fault(
    state: SimState, request: Request, match: Match | None, fault: Fault | None
) -> Outcome:
    if fault is None:
        return Outcome(_api(state, request, match))
    time.sleep(fault.delay_s)
    if fault.disrupts and not fault.after:
        return _faulted(state, fault)
    outcome = Outcome(_api(state, request, match))
    return _faulted(state, fault) if fault.disrupts else outcome


def _faulted(state: SimState, fault: Fault) -> Outcome:
    response = fault.response()
    if fault.drop or response is None:
        return Outcome(None)
    return Outcome(_with_rate_headers(state, response))


def _api(state: SimState, request: Request, match: Match | None) -> Response:
    try:
        response = _api_response(state, request, match)
    except SimError as error:
        response = error.response()
    except Exception:
        message = f"simulator error on {request.method} {request.path}: {traceback.format_exc()}"
        state.record_violation(message)
        response = error_response(500, message)
    if match is not None:
        response = _validated(state, response.operation_id or match.route.operation_id, response)
    return _with_rate_headers(state, response, state.rate_of(_token(request)))


def _operation_id(match: Match | None, response: Response | None) -> str | None:
    """The operation a response follows: the handler's choice, else the route's."""
    chosen = response.operation_id if response is not None else None
    return chosen or (match.route.operation_id if match else None)


def _api_response(state: SimState, request: Request, match: Match | None) -> Response:
    token = token_from(request.headers)
    info = token_info(state, token)
    _count_against_rate_limit(state, request.path, state.rate_of(token))
    if match is None:
        raise SimError(404, "Not Found")
    if token is None and request.method not in READ_METHODS:
        raise SimError(401, "Requires authentication")
    check_permission(info, match.route.permission)
    check_installation_scope(state, info, match.params)
    body = None if request.path.startswith(UPLOADS_PATH) else json_body(request)
    routed = replace(request, body=body, token=token, params=match.params)
    with state.lock:
        return match.route.handler(state, routed)


def _token(request: Request) -> str | None:
    """The request's token, None without one or with a malformed header."""
    try:
        return token_from(request.headers)
    except SimError:
        return None


def _count_against_rate_limit(state: SimState, path: str, rate: RateLimit) -> None:
    if path in UNCOUNTED_PATHS:
        return
    with state.lock:
        rate.roll_over()
        if rate.remaining == 0:
            raise SimError(
                403,
                "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for "
                "help, please include the request ID.",
            )
        rate.used += 1


def _validated(state: SimState, operation_id: str, response: Response) -> Response:
    if isinstance(response.body, bytes):
        return response  # a download: bytes, which no JSON schema describes
    problem = response_violation(operation_id, response.status, response.body)
    if problem is None:
        return response
    state.record_violation(problem)
    return error_response(500, f"response failed schema validation: {problem}")


def _with_rate_headers(
    state: SimState, response: Response, rate: RateLimit | None = None
) -> Response:
    with state.lock:
        rate = rate or state.rate
        headers = {
            "X-RateLimit-Limit": str(rate.limit),
            "X-RateLimit-Remaining": str(rate.remaining),
            "X-RateLimit-Used": str(rate.used),
            "X-RateLimit-Reset": str(rate.reset),
            "X-RateLimit-Resource": "core",
        }
    return replace(response, headers={**headers, **response.headers})


def _control(state: SimState, request: Request) -> Response:
    match = find_route(CONTROL_ROUTES, request.method, request.path)
    if match is None:
        return error_response(404, f"No control endpoint {request.method} {request.path}")
    try:
        with state.lock:
            routed = replace(request, body=json_body(request), params=match.params)
            return match.route.handler(state, routed)
    except SimError as error:
        return error.response()


def json_body(request: Request) -> Any:
    """The parsed JSON body (None when empty); 400 "Problems parsing JSON" when it is not JSON."""
    if not request.raw_body.strip():
        return None
    try:
        return json.loads(request.raw_body)
    except ValueError as error:
        raise SimError(400, "Problems parsing JSON") from error


def _query_string(request: Request) -> str:
    return "&".join(f"{name}={value}" for name, values in request.query.items() for value in values)
