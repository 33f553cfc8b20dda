"""GitHub's ``X-Hub-Signature-256``: HMAC-SHA256 of the exact body bytes under a webhook secret.

The header is checked before any body is read (``BodySignature.expecting``); the body is then
fed chunk by chunk as it arrives and compared in constant time under every configured secret
(several while one is rotated). The legacy SHA-1 ``X-Hub-Signature`` is never accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence

from regent.webhook.errors import SignatureError

SECRET_SETTING = "GITHUB_WEBHOOK_SECRET"
"""The GitHub App's webhook secret; comma-separated, several while one is rotated."""
SIGNATURE_PREFIX = "sha256="
SIGNATURE_SHAPE = re.compile(r"sha256=[0-9a-f]{64}", re.ASCII)
"""GitHub's X-Hub-Signature-256: the prefix and 64 lower-case hex digits, nothing else."""


class BodySignature:
    """The HMAC-SHA256 of a body under every configured secret, fed chunk by chunk."""

    __slots__ = ("_given", "_macs")

    def __init__(self, given: bytes, secrets: Sequence[str]) -> None:
        self._given = given
        self._macs = [
            hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256) for secret in secrets
        ]

    @classmethod
    def expecting(cls, header: str | None, secrets: Sequence[str]) -> BodySignature:
        """Ready to hash the body; SignatureError at once when no secret is configured or the
        header is missing or not 'sha256=' and 64 hex digits (no body needs reading then)."""
        if not secrets:
            raise SignatureError(
                "no webhook secret is configured, so no delivery can be trusted; set "
                f"{SECRET_SETTING} to the GitHub App's webhook secret"
            )
        if not header:
            raise SignatureError(
                "the delivery has no X-Hub-Signature-256 header; set a webhook secret on the "
                f"GitHub App (the same as {SECRET_SETTING}) so that GitHub signs its deliveries"
            )
        if not SIGNATURE_SHAPE.fullmatch(header):
            raise SignatureError(
                "the X-Hub-Signature-256 header is not 'sha256=' and 64 lower-case hex digits: "
                "only GitHub's HMAC-SHA256 signature is accepted"
            )
        return cls(header.encode("ascii"), secrets)

    def update(self, chunk: bytes) -> None:
        """Hash the next chunk of the body."""
        for mac in self._macs:
            mac.update(chunk)

    def verify(self) -> None:
        """Raise SignatureError unless the body hashed so far matches under some secret."""
        signatures = [(SIGNATURE_PREFIX + mac.hexdigest()).encode("ascii") for mac in self._macs]
        if not any(hmac.compare_digest(signature, self._given) for signature in signatures):
            raise SignatureError(
                "the X-Hub-Signature-256 header does not match the body under any configured "
                f"secret; check that {SECRET_SETTING} holds the GitHub App's webhook secret"
            )


def webhook_secrets(value: str | None) -> tuple[str, ...]:
    """The secrets in a ``GITHUB_WEBHOOK_SECRET`` value: comma-separated, blanks dropped."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())
