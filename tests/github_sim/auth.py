"""Tokens: parsing the Authorization header, revoked and expired tokens, limited permissions."""

from __future__ import annotations

import time
from collections.abc import Mapping

from tests.github_sim.routing import SimError
from tests.github_sim.state import DEFAULT_LOGIN, SimState, TokenInfo

LEVELS = {"none": 0, "read": 1, "write": 2, "admin": 3}
ALWAYS_READABLE = "metadata"
NOT_ACCESSIBLE = "Resource not accessible by integration"


def token_from(headers: Mapping[str, str]) -> str | None:
    """The token of ``Authorization: token X`` or ``Bearer X``; None without the header.

    Raises a 401 SimError ("Bad credentials") for any other form.
    """
    value = headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() not in ("token", "bearer") or not token.strip():
        raise SimError(401, "Bad credentials")
    return token.strip()


def token_info(state: SimState, token: str | None) -> TokenInfo:
    """What ``token`` may do: registered limits, or everything for an unregistered token.

    Raises a 401 SimError for revoked and expired tokens.
    """
    if token is None:
        return TokenInfo(login=DEFAULT_LOGIN)
    info = state.tokens.get(token, TokenInfo())
    if info.revoked or (info.expires_at is not None and info.expires_at <= time.time()):
        raise SimError(401, "Bad credentials")
    return info


def check_installation_scope(state: SimState, info: TokenInfo, params: Mapping[str, str]) -> None:
    """An installation token reaches only its own repositories (404 elsewhere, as on GitHub)."""
    if info.installation_id is None or "owner" not in params or "repo" not in params:
        return
    full_name = f"{params['owner']}/{params['repo']}".lower()
    for app in state.apps.values():
        if any(
            name.lower() == full_name and number == info.installation_id
            for name, number in app.installations.items()
        ):
            return
    raise SimError(404, "Not Found")


def check_permission(info: TokenInfo, permission: tuple[str, str] | None) -> None:
    """Raise the 403 GitHub sends when ``info`` lacks ``permission`` (e.g. contents: write)."""
    if permission is None or info.permissions is None:
        return
    name, needed = permission
    granted = "read" if name == ALWAYS_READABLE else info.permissions.get(name, "none")
    if LEVELS.get(granted, 0) < LEVELS[needed]:
        raise SimError(403, NOT_ACCESSIBLE)
