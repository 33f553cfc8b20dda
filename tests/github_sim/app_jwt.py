"""GitHub App JSON web tokens: checked as GitHub checks them (RS256 signature, iss, exp, iat)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import jwt

MAX_LIFETIME_S = 600
CLOCK_DRIFT_S = 60

UNDECODABLE = "A JSON web token could not be decoded"
EXPIRED = (
    "'Expiration time' claim ('exp') must be a numeric value representing the future time"
    " at which the assertion expires"
)
TOO_FAR = "'Expiration time' claim ('exp') is too far in the future"
ISSUED_IN_FUTURE = (
    "'Issued at' claim ('iat') must be an Integer representing the time that the assertion"
    " was issued"
)


DEFAULT_PERMISSIONS = {
    "contents": "write",
    "pull_requests": "write",
    "issues": "write",
    "metadata": "read",
}
TOKEN_LIFETIME_S = 3600.0


@dataclass
class App:
    """A registered GitHub App: id, public key, installations by repository full name.

    ``permissions`` are what every installation grants; installation tokens live
    ``token_lifetime_s`` (GitHub: one hour).
    """

    app_id: int
    public_key: str
    installations: dict[str, int] = field(default_factory=dict)
    permissions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PERMISSIONS))
    token_lifetime_s: float = TOKEN_LIFETIME_S

    @property
    def slug(self) -> str:
        return f"sim-app-{self.app_id}"

    def repository_of(self, installation_id: int) -> str | None:
        """The repository full name an installation belongs to, if it is this App's."""
        for full_name, known in self.installations.items():
            if known == installation_id:
                return full_name
        return None

    def installation_on(self, full_name: str) -> int | None:
        """The id of this App's installation on ``owner/name`` (case-insensitive)."""
        for known, installation_id in self.installations.items():
            if known.lower() == full_name.lower():
                return installation_id
        return None


class JwtRejected(Exception):
    """The JWT is not acceptable; ``str(error)`` is GitHub's message for the 401."""


def looks_like_jwt(token: str | None) -> bool:
    """Whether a bearer token has the three dot-separated parts of a JWT."""
    return token is not None and token.count(".") == 2


def verify_app_jwt(token: str | None, apps: Mapping[int, App], now: float) -> App:
    """The App that signed ``token``; raises JwtRejected with GitHub's message otherwise."""
    if token is None:
        raise JwtRejected(UNDECODABLE)
    app = apps.get(_issuer(token))
    if app is None:
        raise JwtRejected(UNDECODABLE)
    claims = _verified_claims(token, app.public_key)
    _check_times(claims, now)
    return app


def _issuer(token: str) -> int:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise JwtRejected(UNDECODABLE) from error
    issuer = claims.get("iss")
    if isinstance(issuer, int) or (isinstance(issuer, str) and issuer.isdigit()):
        return int(issuer)
    raise JwtRejected(UNDECODABLE)


def _verified_claims(token: str, public_key: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            public_key,
            algorithms=["RS256"],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.PyJWTError as error:
        raise JwtRejected(UNDECODABLE) from error
    return claims


def _check_times(claims: dict[str, Any], now: float) -> None:
    expires, issued = claims.get("exp"), claims.get("iat")
    if not _is_number(expires) or expires <= now:
        raise JwtRejected(EXPIRED)
    if expires > now + MAX_LIFETIME_S:
        raise JwtRejected(TOO_FAR)
    if not _is_number(issued) or issued > now + CLOCK_DRIFT_S:
        raise JwtRejected(ISSUED_IN_FUTURE)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
