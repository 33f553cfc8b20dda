"""Tokens: any token works, malformed/revoked/expired ones are 401, limited ones get 403s."""

from __future__ import annotations

import pytest

from tests.github_sim.auth import check_permission
from tests.github_sim.client import SimClient
from tests.github_sim.routing import SimError
from tests.github_sim.state import TokenInfo
from tests.github_sim_tests.conftest import API, Seeded

pytestmark = pytest.mark.contract


def _new_ref(seeded: Seeded) -> dict[str, str]:
    return {"ref": "refs/heads/release", "sha": seeded.first}


@pytest.mark.parametrize("header", ["token abc", "Bearer abc", "bearer abc"])
def test_any_token_works(client: SimClient, header: str) -> None:
    reply = client.get("/user", token=None, headers={"Authorization": header})

    assert (reply.status, reply.body["login"]) == (200, "sim-user")


@pytest.mark.parametrize("header", ["abc", "Basic abc", "token", "token  "])
def test_malformed_authorization_is_bad_credentials(client: SimClient, header: str) -> None:
    reply = client.get("/", token=None, headers={"Authorization": header})

    assert (reply.status, reply.body["message"]) == (401, "Bad credentials")


def test_revoked_and_expired_tokens_are_bad_credentials(client: SimClient) -> None:
    client.post("/_sim/tokens", {"token": "old", "revoked": True})
    client.post("/_sim/tokens", {"token": "stale", "expires_in_s": -1})
    client.post("/_sim/tokens", {"token": "fresh", "expires_in_s": 60})

    assert client.get("/", token="old").status == 401
    assert client.get("/", token="stale").status == 401
    assert client.get("/", token="fresh").status == 200


def test_anonymous_reads_work_but_writes_and_user_need_a_token(
    client: SimClient, seeded: Seeded
) -> None:
    assert client.get(API, token=None).status == 200
    write = client.post(f"{API}/git/refs", _new_ref(seeded), token=None)
    user = client.get("/user", token=None)

    assert (write.status, write.body["message"]) == (401, "Requires authentication")
    assert user.status == 401


def test_read_only_contents_token_cannot_write(client: SimClient, seeded: Seeded) -> None:
    client.post("/_sim/tokens", {"token": "ro", "permissions": {"contents": "read"}})

    read = client.get(f"{API}/git/ref/heads/main", token="ro")
    write = client.post(f"{API}/git/refs", _new_ref(seeded), token="ro")

    assert read.status == 200
    assert (write.status, write.body["message"]) == (403, "Resource not accessible by integration")
    assert client.get(f"{API}/git/ref/heads/release").status == 404


def test_token_without_contents_cannot_read_contents_but_sees_metadata(
    client: SimClient, seeded: Seeded
) -> None:
    client.post("/_sim/tokens", {"token": "meta", "permissions": {"pull_requests": "write"}})

    assert client.get(f"{API}/contents/README.md", token="meta").status == 403
    assert client.get(API, token="meta").status == 200


def test_installation_token_cannot_read_the_user(client: SimClient) -> None:
    client.post("/_sim/tokens", {"token": "ghs_x", "installation_id": 7})

    reply = client.get("/user", token="ghs_x")

    assert (reply.status, reply.body["message"]) == (403, "Resource not accessible by integration")


def test_registered_token_login_is_the_user(client: SimClient) -> None:
    client.post("/_sim/tokens", {"token": "mona-pat", "login": "mona"})

    assert client.get("/user", token="mona-pat").body["login"] == "mona"


def test_token_registration_needs_a_token(client: SimClient) -> None:
    assert client.post("/_sim/tokens", {"permissions": {}}).status == 422


@pytest.mark.parametrize(
    ("granted", "needed", "allowed"),
    [
        ({"contents": "write"}, ("contents", "write"), True),
        ({"contents": "admin"}, ("contents", "write"), True),
        ({"contents": "read"}, ("contents", "write"), False),
        ({"contents": "read"}, ("pull_requests", "read"), False),
        ({"pull_requests": "none"}, ("pull_requests", "read"), False),
        ({}, ("metadata", "read"), True),
        (None, ("issues", "write"), True),
    ],
    ids=["write-write", "admin-write", "read-write", "unnamed", "none", "metadata", "unlimited"],
)
def test_check_permission(
    granted: dict[str, str] | None, needed: tuple[str, str], allowed: bool
) -> None:
    info = TokenInfo(permissions=granted)
    if allowed:
        check_permission(info, needed)
    else:
        with pytest.raises(SimError, match="Resource not accessible by integration"):
            check_permission(info, needed)
