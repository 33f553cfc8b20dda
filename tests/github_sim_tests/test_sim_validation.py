"""Response validation against the OpenAPI description; webhook payload validation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim.fixtures import assert_no_violations
from tests.github_sim.routing import API_ROUTES, Request, Response, route
from tests.github_sim.server import SimServer
from tests.github_sim.state import SimState
from tests.github_sim.validation import (
    SchemaViolation,
    response_violation,
    validate_webhook,
    webhook_violation,
)

pytestmark = pytest.mark.contract

BROKEN_PATH = "/_test/broken-root"
CRASHING_PATH = "/_test/crashing-root"


@pytest.fixture
def test_routes() -> Iterator[None]:
    """Two routes for ``meta/root``: one with a wrong body, one that crashes (removed after)."""

    @route("GET", BROKEN_PATH, "meta/root")
    def broken(state: SimState, request: Request) -> Response:
        return Response(200, {"current_user_url": 42})

    @route("GET", CRASHING_PATH, "meta/root")
    def crashing(state: SimState, request: Request) -> Response:
        raise RuntimeError("handler bug")

    yield
    API_ROUTES[:] = [r for r in API_ROUTES if r.template not in (BROKEN_PATH, CRASHING_PATH)]


@pytest.mark.usefixtures("test_routes")
def test_an_invalid_response_body_is_caught_and_fails_the_test() -> None:
    with SimServer() as server:
        reply = SimClient(server.url).get(BROKEN_PATH)

        assert reply.status == 500
        assert reply.body["message"].startswith("response failed schema validation: meta/root 200")
        assert len(server.state.violations) == 1
        assert "is a required property" in server.state.violations[0]
        with pytest.raises(pytest.fail.Exception, match="GitHub simulator violations"):
            assert_no_violations(server.state)


@pytest.mark.usefixtures("test_routes")
def test_a_handler_crash_is_a_500_and_a_violation() -> None:
    with SimServer() as server:
        reply = SimClient(server.url).get(CRASHING_PATH)

        assert reply.status == 500
        assert "RuntimeError: handler bug" in server.state.violations[0]


@pytest.mark.parametrize(
    ("operation", "status", "body", "problem"),
    [
        ("git/delete-ref", 204, None, None),
        ("git/delete-ref", 204, {"x": 1}, "expected an empty body"),
        ("git/delete-ref", 422, {"message": "m", "documentation_url": "u"}, None),
        ("repos/get", 404, {"message": "Not Found", "documentation_url": "u"}, None),
        ("repos/get", 500, {"message": 5}, "5 is not of type 'string'"),
        ("repos/get", 201, {}, "status 201 is not a documented response"),
        ("nope/nope", 200, {}, "no such operation"),
        ("git/create-blob", 422, {"message": "m", "documentation_url": "u"}, None),
    ],
    ids=[
        "empty-204",
        "body-on-204",
        "undescribed-error-body",
        "unlisted-error-status",
        "bad-error-body",
        "undocumented-success",
        "unknown-operation",
        "overlapping-oneof",
    ],
)
def test_response_violation_rules(
    operation: str, status: int, body: object, problem: str | None
) -> None:
    found = response_violation(operation, status, body)

    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_nullable_composition_admits_null() -> None:
    sha = "a" * 40
    url = "https://api.github.com/x"
    signature = {"name": "n", "email": "e", "date": "2024-01-01T00:00:00Z"}
    commit: dict[str, object] = {
        "url": url,
        "sha": sha,
        "node_id": "n",
        "html_url": url,
        "comments_url": url,
        "commit": {
            "url": url,
            "author": signature,
            "committer": signature,
            "message": "m",
            "comment_count": 0,
            "tree": {"sha": sha, "url": url},
        },
        "author": None,
        "committer": None,
        "parents": [],
    }

    assert response_violation("repos/get-commit", 200, commit) is None
    assert response_violation("repos/get-commit", 200, {**commit, "author": "x"}) is not None


def test_validate_webhook_raises_on_a_bad_payload() -> None:
    with pytest.raises(SchemaViolation, match="webhook push"):
        validate_webhook("push", {"ref": "refs/heads/main"})


def test_unknown_webhook_event() -> None:
    assert webhook_violation("no_such_event", {}) == (
        "webhook no_such_event: no such event in the webhook schema"
    )
