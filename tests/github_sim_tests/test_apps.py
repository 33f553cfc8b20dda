"""GitHub App authentication: JWT checks, installations, installation tokens and their expiry."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from tests.app_keys import private_pem
from tests.github_sim import app_jwt
from tests.github_sim.client import SimClient
from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, make_widget

pytestmark = pytest.mark.contract

APP_ID = 123
INSTALLATION_ID = 456


@pytest.fixture(scope="module")
def app_key() -> str:
    return private_pem()


@pytest.fixture(scope="module")
def other_key() -> str:
    return private_pem()


def _public(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    encoded = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return encoded.decode("ascii")


def _jwt(key: str, *, iat: int = -60, exp: int = 540, **claims: Any) -> str:
    """A JWT issued ``iat`` and expiring ``exp`` seconds from now (computed when called)."""
    now = int(time.time())
    body = {"iat": now + iat, "exp": now + exp, "iss": str(APP_ID), **claims}
    return jwt.encode(body, key, algorithm="RS256")


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path, app_key: str) -> Widget:
    made = make_widget(sim, widget_source, tmp_path)
    registration = {
        "app_id": APP_ID,
        "public_key": _public(app_key),
        "installations": {"acme/widget": INSTALLATION_ID},
    }
    assert made.client.post("/_sim/apps", registration).status == 201
    return made


def _as(widget: Widget, token: str) -> SimClient:
    return SimClient(widget.sim.url, token)


def test_a_valid_jwt_reads_the_app_and_the_installation(widget: Widget, app_key: str) -> None:
    client = _as(widget, _jwt(app_key))
    app = client.get("/app")
    assert (app.status, app.body["id"], app.body["slug"]) == (200, APP_ID, "sim-app-123")
    installation = client.get(f"{REPO}/installation")
    assert (installation.status, installation.body["id"]) == (200, INSTALLATION_ID)
    assert installation.body["account"]["login"] == "acme"
    assert client.get("/repos/acme/other/installation").status == 404


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": -10}, app_jwt.EXPIRED),
        ({"exp": 900}, app_jwt.TOO_FAR),
        ({"iat": 300}, app_jwt.ISSUED_IN_FUTURE),
        ({"iss": "999"}, app_jwt.UNDECODABLE),
        ({"iss": "not-a-number"}, app_jwt.UNDECODABLE),
    ],
    ids=["expired", "too-far-ahead", "issued-in-future", "unknown-issuer", "non-numeric-issuer"],
)
def test_bad_claims_are_refused_with_401(
    widget: Widget, app_key: str, claims: dict[str, Any], message: str
) -> None:
    reply = _as(widget, _jwt(app_key, **claims)).get("/app")
    assert (reply.status, reply.body["message"]) == (401, message)


def test_a_jwt_signed_with_another_key_is_refused(widget: Widget, other_key: str) -> None:
    reply = _as(widget, _jwt(other_key)).get(f"{REPO}/installation")
    assert (reply.status, reply.body["message"]) == (401, app_jwt.UNDECODABLE)


def test_a_plain_token_is_not_a_jwt(widget: Widget) -> None:
    reply = _as(widget, "ghp_plain").get("/app")
    assert (reply.status, reply.body["message"]) == (401, app_jwt.UNDECODABLE)
    anonymous = widget.client.post(
        f"/app/installations/{INSTALLATION_ID}/access_tokens", token=None
    )
    assert anonymous.status == 401


def test_an_installation_token_works_for_an_hour(widget: Widget, app_key: str) -> None:
    before = time.time()
    reply = _as(widget, _jwt(app_key)).post(f"/app/installations/{INSTALLATION_ID}/access_tokens")
    assert reply.status == 201
    assert reply.body["token"].startswith("ghs_")
    expires = datetime.strptime(reply.body["expires_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert 3590 <= expires.timestamp() - before <= 3610
    assert reply.body["permissions"]["pull_requests"] == "write"
    installation = _as(widget, reply.body["token"])
    assert installation.get(f"{REPO}/pulls").status == 200
    assert installation.post(f"{REPO}/labels", {"name": "bot"}).status == 201
    created = widget.client.get(f"{REPO}/labels/bot").body
    assert created["name"] == "bot"


def test_a_token_with_fewer_permissions_gets_403(widget: Widget, app_key: str) -> None:
    narrow = {"permissions": {"contents": "read", "pull_requests": "read"}}
    app = _as(widget, _jwt(app_key))
    token = app.post(f"/app/installations/{INSTALLATION_ID}/access_tokens", narrow).body["token"]
    body = {"title": "t", "head": "feature", "base": "main"}
    refused = _as(widget, token).post(f"{REPO}/pulls", body)
    assert (refused.status, refused.body["message"]) == (
        403,
        "Resource not accessible by integration",
    )
    wider = {"permissions": {"administration": "write"}}
    assert app.post(f"/app/installations/{INSTALLATION_ID}/access_tokens", wider).status == 422
    assert app.post("/app/installations/999/access_tokens").status == 404


def test_an_expired_installation_token_gets_401(sim: SimServer, app_key: str) -> None:
    client = SimClient(sim.url)
    client.create_repo("acme/widget")
    registration = {
        "app_id": APP_ID,
        "public_key": app_key,
        "installations": {"acme/widget": INSTALLATION_ID},
        "token_lifetime_s": 0.3,
    }
    client.post("/_sim/apps", registration)
    app = SimClient(sim.url, _jwt(app_key))
    token = app.post(f"/app/installations/{INSTALLATION_ID}/access_tokens").body["token"]
    installation = SimClient(sim.url, token)
    assert installation.get(f"{REPO}/releases").status == 200
    time.sleep(0.4)
    expired = installation.get(f"{REPO}/releases")
    assert (expired.status, expired.body["message"]) == (401, "Bad credentials")


@pytest.mark.parametrize(
    "registration",
    [
        {"public_key": "x", "installations": {}},
        {"app_id": 1, "public_key": "not a key", "installations": {}},
        {"app_id": 1, "installations": {"acme/widget": "456"}},
        {"app_id": 1, "installations": {}, "token_lifetime_s": "soon"},
    ],
    ids=["no-app-id", "bad-key", "bad-installation-id", "bad-lifetime"],
)
def test_registration_is_checked(
    widget: Widget, app_key: str, registration: dict[str, Any]
) -> None:
    assert widget.client.post("/_sim/apps", {"public_key": app_key, **registration}).status == 422


def test_pygithub_authenticates_as_the_app(widget: Widget, app_key: str) -> None:
    from github import Auth, GithubIntegration

    integration = GithubIntegration(auth=Auth.AppAuth(APP_ID, app_key), base_url=widget.sim.url)
    installation = integration.get_repo_installation("acme", "widget")
    assert installation.id == INSTALLATION_ID
    token = integration.get_access_token(INSTALLATION_ID)
    assert token.token.startswith("ghs_")
    assert _as(widget, token.token).get(f"{REPO}/pulls").status == 200


def test_an_installation_token_only_reaches_its_own_repositories(
    widget: Widget, widget_source: Path, app_key: str
) -> None:
    widget.client.create_repo("acme/other", widget_source)
    token = _as(widget, _jwt(app_key)).post(f"/app/installations/{INSTALLATION_ID}/access_tokens")
    installation = _as(widget, token.body["token"])
    assert installation.get(f"{REPO}/pulls").status == 200
    refused = installation.get("/repos/acme/other/pulls")
    assert (refused.status, refused.body["message"]) == (404, "Not Found")
