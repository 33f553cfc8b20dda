"""Route templates, pagination windows and error bodies, without a server."""

from __future__ import annotations

import pytest

from tests.github_sim.routing import (
    Headers,
    Request,
    Response,
    Route,
    SimError,
    find_route,
    paginate,
    route,
)
from tests.github_sim.state import SimState

pytestmark = pytest.mark.contract


def _handler(state: SimState, request: Request) -> Response:
    return Response(200)


def _table(*templates: str) -> list[Route]:
    from tests.github_sim import routing

    saved = list(routing.API_ROUTES)
    try:
        routing.API_ROUTES.clear()
        for template in templates:
            route("GET", template, "meta/root")(_handler)
        return list(routing.API_ROUTES)
    finally:
        routing.API_ROUTES[:] = saved


def _request(query: str = "", path: str = "/items") -> Request:
    from urllib.parse import parse_qs

    return Request(
        method="GET",
        path=path,
        query=parse_qs(query),
        headers=Headers(),
        body=None,
        raw_body=b"",
        token=None,
        params={},
        base_url="http://sim",
    )


@pytest.mark.parametrize(
    ("path", "template", "params"),
    [
        (
            "/repos/o/r/git/refs/heads/a/b",
            "/repos/{owner}/{repo}/git/refs/{ref+}",
            {"ref": "heads/a/b"},
        ),
        (
            "/repos/o/r/commits/abc/pulls",
            "/repos/{owner}/{repo}/commits/{sha}/pulls",
            {"sha": "abc"},
        ),
        (
            "/repos/o/r/commits/feature/x",
            "/repos/{owner}/{repo}/commits/{ref+}",
            {"ref": "feature/x"},
        ),
        ("/repos/o/r/labels/bug%20fix", "/repos/{owner}/{repo}/labels/{name}", {"name": "bug fix"}),
        (
            "/repos/o/r/compare/a/b...c",
            "/repos/{owner}/{repo}/compare/{base+}...{head+}",
            {"base": "a/b", "head": "c"},
        ),
    ],
)
def test_most_literal_template_wins_and_params_are_decoded(
    path: str, template: str, params: dict[str, str]
) -> None:
    table = _table(
        "/repos/{owner}/{repo}/git/refs/{ref+}",
        "/repos/{owner}/{repo}/commits/{ref+}",
        "/repos/{owner}/{repo}/commits/{sha}/pulls",
        "/repos/{owner}/{repo}/labels/{name}",
        "/repos/{owner}/{repo}/compare/{base+}...{head+}",
    )

    match = find_route(table, "GET", path)

    assert match is not None
    assert match.route.template == template
    assert {k: v for k, v in match.params.items() if k not in ("owner", "repo")} == params


def test_single_segment_params_do_not_cross_slashes() -> None:
    table = _table("/repos/{owner}/{repo}/labels/{name}")

    assert find_route(table, "GET", "/repos/o/r/labels/a/b") is None
    assert find_route(table, "POST", "/repos/o/r/labels/a") is None


@pytest.mark.parametrize(
    ("query", "items", "links"),
    [
        ("", list(range(30)), '<http://sim/items?page=2>; rel="next"'),
        (
            "per_page=10",
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            'page=2>; rel="next", <http://sim/items?per_page=10&page=4>; rel="last"',
        ),
        (
            "per_page=10&page=4",
            [30, 31],
            'rel="prev", <http://sim/items?per_page=10&page=1>; rel="first"',
        ),
        ("per_page=1000&page=1", list(range(32)), None),
        ("per_page=x&page=0", list(range(30)), "next"),
        ("per_page=10&page=9", [], 'page=4>; rel="prev"'),
    ],
    ids=["default", "first-page", "last-page", "max-per-page", "bad-values", "past-the-end"],
)
def test_pagination(query: str, items: list[int], links: str | None) -> None:
    response = paginate(_request(query), list(range(32)))

    assert response.body == items
    if links is None:
        assert "Link" not in response.headers
    else:
        assert links in response.headers["Link"]


def test_link_keeps_other_query_parameters() -> None:
    response = paginate(_request("sha=main&per_page=1"), [1, 2])

    assert "<http://sim/items?sha=main&per_page=1&page=2>" in response.headers["Link"]


def test_sim_error_renders_like_github() -> None:
    response = SimError(422, "Validation Failed", errors=[{"code": "invalid"}]).response()

    assert response.status == 422
    assert response.body == {
        "message": "Validation Failed",
        "documentation_url": "https://docs.github.com/rest",
        "status": "422",
        "errors": [{"code": "invalid"}],
    }


def test_headers_are_case_insensitive() -> None:
    headers = Headers({"Authorization": "token x"})

    assert headers["authorization"] == headers.get("AUTHORIZATION") == "token x"
    assert "AuThOrIzAtIoN" in headers
    assert list(headers) == ["Authorization"]
