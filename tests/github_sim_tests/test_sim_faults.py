"""Injected faults: statuses N times, dropped connections, delays, Retry-After, after-effects."""

from __future__ import annotations

import http.client
import time
import urllib.error
from typing import Any

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim.faults import SECONDARY_LIMIT_MESSAGE
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def _fault(client: SimClient, **fault: Any) -> None:
    reply = client.post("/_sim/faults", fault)
    assert reply.status == 201, reply.body


def test_status_fault_fails_n_times_then_clears(client: SimClient, seeded: Seeded) -> None:
    _fault(client, method="GET", path=r"/git/ref/heads/main$", status=502, times=2)

    statuses = [client.get(f"{API}/git/ref/heads/main").status for _ in range(3)]

    assert statuses == [502, 502, 200]
    logged = [
        (entry["status"], entry["operation_id"]) for entry in client.get("/_sim/requests").body
    ]
    assert logged[-3:] == [(502, "git/get-ref"), (502, "git/get-ref"), (200, "git/get-ref")]


def test_fault_matches_method_and_path(client: SimClient, seeded: Seeded) -> None:
    _fault(client, method="POST", path="/git/refs", status=500)

    assert client.get(f"{API}/git/ref/heads/main").status == 200
    assert (
        client.post(f"{API}/git/refs", {"ref": "refs/heads/x", "sha": seeded.first}).status == 500
    )
    assert (
        client.post(f"{API}/git/refs", {"ref": "refs/heads/x", "sha": seeded.first}).status == 201
    )


def test_status_fault_happens_before_the_handler(client: SimClient, seeded: Seeded) -> None:
    _fault(client, path="/git/refs", status=503)

    client.post(f"{API}/git/refs", {"ref": "refs/heads/x", "sha": seeded.first})

    assert client.get(f"{API}/git/ref/heads/x").status == 404


def test_after_fault_applies_the_write_but_loses_the_response(
    client: SimClient, seeded: Seeded
) -> None:
    _fault(client, path="/git/refs", drop=True, after=True)

    with pytest.raises((http.client.HTTPException, urllib.error.URLError, ConnectionError)):
        client.post(f"{API}/git/refs", {"ref": "refs/heads/x", "sha": seeded.first})

    assert git(seeded.git_dir, "rev-parse", "refs/heads/x") == seeded.first
    assert client.get("/_sim/requests").body[-1]["status"] is None


def test_dropped_connection_then_recovery(client: SimClient, seeded: Seeded) -> None:
    _fault(client, path="^/repos/acme/widget$", drop=True)

    with pytest.raises((http.client.HTTPException, urllib.error.URLError, ConnectionError)):
        client.get(API)

    assert client.get(API).status == 200


def test_delay_slows_the_response(client: SimClient, seeded: Seeded) -> None:
    _fault(client, path="^/repos/acme/widget$", delay_s=0.3)

    started = time.monotonic()
    reply = client.get(API)

    assert reply.status == 200
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_rate_limit_with_retry_after(
    client: SimClient, seeded: Seeded, status: int
) -> None:
    _fault(client, path="/git/refs", status=status, retry_after=7)

    reply = client.post(f"{API}/git/refs", {"ref": "refs/heads/x", "sha": seeded.first})

    assert (reply.status, reply.body["message"]) == (status, SECONDARY_LIMIT_MESSAGE)
    assert reply.headers["Retry-After"] == "7"
    assert reply.headers["X-RateLimit-Remaining"] != "0"


def test_custom_fault_message(client: SimClient, seeded: Seeded) -> None:
    _fault(client, path=".*", status=500, message="boom")

    assert client.get(API).body["message"] == "boom"


def test_clearing_and_listing_faults(client: SimClient, seeded: Seeded) -> None:
    _fault(client, path=".*", status=500, times=5)

    assert client.get("/_sim/faults").body[0]["times"] == 5
    assert client.delete("/_sim/faults").status == 204
    assert client.get(API).status == 200
    assert client.get("/_sim/faults").body == []


@pytest.mark.parametrize(
    "fault",
    [
        {"path": "("},
        {"path": ".*"},
        {"path": ".*", "status": "x"},
        {"path": ".*", "status": 500, "times": 0},
        ["not", "an", "object"],
    ],
    ids=["bad-regex", "no-effect", "bad-status", "zero-times", "not-an-object"],
)
def test_invalid_faults_are_rejected(client: SimClient, fault: Any) -> None:
    assert client.post("/_sim/faults", fault).status == 422


def test_control_api_is_never_faulted_or_logged(client: SimClient) -> None:
    _fault(client, path=".*", status=500, times=10)

    assert client.get("/_sim/requests").status == 200
    assert client.get("/_sim/requests").body == []
