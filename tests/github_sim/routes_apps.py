"""GitHub App endpoints (JWT-authenticated) and their registration through the control API."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization

from tests.github_sim.app_jwt import App, JwtRejected, verify_app_jwt
from tests.github_sim.auth import LEVELS
from tests.github_sim.render import node_id, user_json
from tests.github_sim.routing import Request, Response, SimError, control, route
from tests.github_sim.state import SimState, TokenInfo

REGISTERED_AT = "2024-01-01T00:00:00Z"
NOT_GRANTED = "The permissions requested are not granted to this installation."
NOT_ACCESSIBLE_REPO = (
    "There is at least one repository that does not exist or is not accessible to the parent"
    " installation."
)


@control("POST", "/_sim/apps")
def register_app(state: SimState, request: Request) -> Response:
    """``{"app_id", "public_key" (PEM), "installations": {"owner/repo": id}}``.

    Optional: ``permissions`` (what installations grant) and ``token_lifetime_s``.
    """
    body = request.body if isinstance(request.body, dict) else {}
    app_id, installations = body.get("app_id"), body.get("installations", {})
    ids_ok = isinstance(installations, dict) and all(
        isinstance(value, int) for value in installations.values()
    )
    if not isinstance(app_id, int) or not ids_ok:
        raise SimError(422, "'app_id' and 'installations' ({\"owner/repo\": id}) are required")
    app = App(app_id, _public_pem(body.get("public_key")), dict(installations))
    if isinstance(body.get("permissions"), dict):
        app.permissions = dict(body["permissions"])
    lifetime = body.get("token_lifetime_s", app.token_lifetime_s)
    if not isinstance(lifetime, int | float) or lifetime <= 0:
        raise SimError(422, "'token_lifetime_s' must be a positive number")
    app.token_lifetime_s = float(lifetime)
    state.apps[app_id] = app
    return Response(201, {"app_id": app_id, "slug": app.slug})


def _public_pem(pem: Any) -> str:
    """The public key PEM (a private key PEM is accepted and its public half used)."""
    if not isinstance(pem, str):
        raise SimError(422, "'public_key' (PEM) is required")
    data = pem.encode("ascii")
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except ValueError as error:
            raise SimError(422, "'public_key' is not a PEM key") from error
    encoded = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return encoded.decode("ascii")


def _authenticated_app(state: SimState, request: Request) -> App:
    try:
        return verify_app_jwt(request.token, state.apps, time.time())
    except JwtRejected as error:
        raise SimError(401, str(error)) from error


@route("GET", "/app", "apps/get-authenticated")
def get_app(state: SimState, request: Request) -> Response:
    return Response(200, _integration_json(_authenticated_app(state, request), request.base_url))


@route("GET", "/repos/{owner}/{repo}/installation", "apps/get-repo-installation")
def get_repo_installation(state: SimState, request: Request) -> Response:
    app = _authenticated_app(state, request)
    full_name = f"{request.params['owner']}/{request.params['repo']}"
    installation_id = app.installation_on(full_name)
    if installation_id is None:
        raise SimError(404, "Not Found")
    return Response(200, _installation_json(app, installation_id, request.base_url))


@route(
    "POST",
    "/app/installations/{installation_id}/access_tokens",
    "apps/create-installation-access-token",
)
def create_access_token(state: SimState, request: Request) -> Response:
    app = _authenticated_app(state, request)
    text = request.params["installation_id"]
    full_name = app.repository_of(int(text)) if text.isdigit() else None
    if full_name is None:
        raise SimError(404, "Not Found")
    body = request.body if isinstance(request.body, dict) else {}
    _check_repositories(full_name, body.get("repositories"))
    permissions = _granted(app, body.get("permissions"))
    token = f"ghs_{secrets.token_hex(18)}"
    expires_at = time.time() + app.token_lifetime_s
    state.tokens[token] = TokenInfo(
        permissions=permissions,
        expires_at=expires_at,
        installation_id=int(text),
        login=f"{app.slug}[bot]",
    )
    reply = {
        "token": token,
        "expires_at": _iso(expires_at),
        "permissions": permissions,
        "repository_selection": "selected",
    }
    return Response(201, reply)


def _check_repositories(full_name: str, requested: Any) -> None:
    if requested is None:
        return
    wanted = {str(name).lower() for name in requested}
    if wanted - {full_name.lower(), full_name.partition("/")[2].lower()}:
        raise SimError(422, NOT_ACCESSIBLE_REPO)


def _granted(app: App, requested: Any) -> dict[str, str]:
    """The requested permissions (none or ``{}``: all the installation's); 422 beyond them."""
    if not requested:
        return dict(app.permissions)
    if not isinstance(requested, dict):
        raise SimError(422, NOT_GRANTED)
    for name, level in requested.items():
        if LEVELS.get(level, 99) > LEVELS.get(app.permissions.get(name, "none"), 0):
            raise SimError(422, NOT_GRANTED)
    return dict(requested)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _owner(app: App) -> str:
    first = next(iter(app.installations), "sim-apps/none")
    return first.partition("/")[0]


def _integration_json(app: App, base_url: str) -> dict[str, Any]:
    return {
        "id": app.app_id,
        "slug": app.slug,
        "node_id": node_id("Integration", app.app_id),
        "client_id": f"Iv1.{app.app_id:016x}",
        "owner": user_json(_owner(app), base_url),
        "name": f"Sim App {app.app_id}",
        "description": None,
        "external_url": base_url,
        "html_url": f"{base_url}/apps/{app.slug}",
        "created_at": REGISTERED_AT,
        "updated_at": REGISTERED_AT,
        "permissions": dict(app.permissions),
        "events": ["pull_request", "push"],
        "installations_count": len(app.installations),
    }


def _installation_json(app: App, installation_id: int, base_url: str) -> dict[str, Any]:
    full_name = app.repository_of(installation_id) or ""
    account = user_json(full_name.partition("/")[0], base_url)
    return {
        "id": installation_id,
        "account": account,
        "repository_selection": "selected",
        "access_tokens_url": f"{base_url}/app/installations/{installation_id}/access_tokens",
        "repositories_url": f"{base_url}/installation/repositories",
        "html_url": f"{base_url}/settings/installations/{installation_id}",
        "app_id": app.app_id,
        "app_slug": app.slug,
        "client_id": f"Iv1.{app.app_id:016x}",
        "target_id": account["id"],
        "target_type": "User",
        "permissions": dict(app.permissions),
        "events": ["pull_request", "push"],
        "created_at": REGISTERED_AT,
        "updated_at": REGISTERED_AT,
        "single_file_name": None,
        "has_multiple_single_files": False,
        "single_file_paths": [],
        "suspended_by": None,
        "suspended_at": None,
    }
