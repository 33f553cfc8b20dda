"""Rate-limit headers on every response, the primary limit, and GET /rate_limit."""

from __future__ import annotations

import time

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded

pytestmark = pytest.mark.contract

RATE_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Used",
    "X-RateLimit-Reset",
    "X-RateLimit-Resource",
)


@pytest.mark.parametrize("path", ["/", API, "/nowhere", "/_sim/requests"])
def test_every_response_has_rate_and_request_id_headers(
    client: SimClient, seeded: Seeded, path: str
) -> None:
    reply = client.get(path)

    assert all(name in reply.headers for name in RATE_HEADERS)
    assert len(reply.headers["X-GitHub-Request-Id"].split(":")) == 5
    assert reply.headers["Content-Type"].startswith("application/json")


def test_each_api_call_uses_one_request(client: SimClient) -> None:
    first = client.get("/")
    second = client.get("/")

    assert int(first.headers["X-RateLimit-Remaining"]) - 1 == int(
        second.headers["X-RateLimit-Remaining"]
    )
    assert int(second.headers["X-RateLimit-Used"]) == 2
    assert second.headers["X-RateLimit-Resource"] == "core"


def test_exhausted_primary_limit_is_403_until_reset(client: SimClient, seeded: Seeded) -> None:
    limited = client.post("/_sim/rate_limit", {"remaining": 0, "reset_in_s": 60}).body

    reply = client.get(API)

    assert reply.status == 403
    assert reply.body["message"].startswith("API rate limit exceeded")
    assert reply.headers["X-RateLimit-Remaining"] == "0"
    assert reply.headers["X-RateLimit-Reset"] == str(limited["reset"])
    assert limited["reset"] >= time.time() + 59


def test_limit_comes_back_after_the_reset_time(client: SimClient, seeded: Seeded) -> None:
    client.post("/_sim/rate_limit", {"remaining": 0, "reset_in_s": 0})

    reply = client.get(API)

    assert reply.status == 200
    assert reply.headers["X-RateLimit-Remaining"] == "4999"


def test_rate_limit_endpoint_is_free_and_answers_when_exhausted(client: SimClient) -> None:
    client.post("/_sim/rate_limit", {"limit": 100, "remaining": 0, "reset_in_s": 60})

    first = client.get("/rate_limit")
    second = client.get("/rate_limit")

    assert first.status == second.status == 200
    assert first.body["resources"]["core"] == second.body["resources"]["core"]
    assert first.body["rate"]["remaining"] == 0
    assert first.body["rate"]["limit"] == 100


def test_an_installation_spends_a_limit_of_its_own(client: SimClient, seeded: Seeded) -> None:
    client.post("/_sim/tokens", {"token": "ghs_seven", "installation_id": 7})
    client.post("/_sim/tokens", {"token": "ghs_eight", "installation_id": 8})
    limited = client.post(
        "/_sim/rate_limit", {"installation_id": 7, "remaining": 0, "reset_in_s": 60}
    ).body

    seven = SimClient(client.url, token="ghs_seven").get(API)
    eight = SimClient(client.url, token="ghs_eight").get(API)
    shared = client.get(API)

    assert (seven.status, seven.headers["X-RateLimit-Remaining"]) == (403, "0")
    assert seven.headers["X-RateLimit-Reset"] == str(limited["reset"])
    assert eight.status == 404  # answered (outside its installation), not rate limited
    assert int(eight.headers["X-RateLimit-Remaining"]) > 0
    assert shared.status == 200
