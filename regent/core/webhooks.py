"""Receiving a webhook delivery: verify, parse, route and de-duplicate, for every door.

A door (the ASGI app, the Lambda and Azure shims) reads the raw body and three headers, then:

1. refuses a body over ``MAX_BODY_BYTES`` (GitHub never sends more) with ``BodyTooLarge``;
2. ``verify_signature(body, X-Hub-Signature-256, secrets)``: HMAC-SHA256 of the exact body
   bytes under any configured secret (several while one is rotated), compared in constant
   time; the legacy SHA-1 ``X-Hub-Signature`` is never accepted;
3. ``parse_delivery(event=X-GitHub-Event, delivery_id=X-GitHub-Delivery, body=body)``: the
   typed ``Delivery`` with its ``Route`` (see ``webhook_routes``);
4. ``RecentDeliveries.first_time(delivery.id, now=...)``: a redelivered id is acknowledged and
   not processed twice (``forget`` it again when queueing fails, so a redelivery gets through).

Every refusal is a ``WebhookError`` whose ``status`` is the HTTP status to answer and whose
message says what to fix without echoing a secret. Pure: the caller passes the time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from regent.core.webhook_routes import (
    CommentCommand,
    Ignored,
    InstallationChange,
    PayloadError,
    Ping,
    ReconcileBranch,
    Route,
    WebhookError,
    route_event,
)

__all__ = [
    "MAX_BODY_BYTES",
    "BodyTooLarge",
    "CommentCommand",
    "Delivery",
    "Ignored",
    "InstallationChange",
    "PayloadError",
    "Ping",
    "RecentDeliveries",
    "ReconcileBranch",
    "Route",
    "SignatureError",
    "WebhookError",
    "parse_delivery",
    "verify_signature",
]

MAX_BODY_BYTES = 25 * 1024 * 1024
SIGNATURE_PREFIX = "sha256="
SECRET_SETTING = "GITHUB_WEBHOOK_SECRET"


class SignatureError(WebhookError):
    """The delivery is not signed with a configured webhook secret (401)."""

    status: ClassVar[int] = 401


class BodyTooLarge(WebhookError):
    """The body is larger than GitHub ever sends (413)."""

    status: ClassVar[int] = 413


@dataclass(frozen=True, slots=True)
class Delivery:
    """One verified delivery: its headers, the payload's names, and what it asks for."""

    id: str
    event: str
    action: str | None
    repository: str | None
    route: Route


def verify_signature(body: bytes, header: str | None, secrets: Sequence[str]) -> None:
    """Raise SignatureError unless header is 'sha256=' + lowercase hex HMAC-SHA256 of body."""
    if not secrets:
        raise SignatureError(
            f"no webhook secret is configured, so no delivery can be trusted; set {SECRET_SETTING}"
            " to the GitHub App's webhook secret"
        )
    if not header:
        raise SignatureError(
            "the delivery has no X-Hub-Signature-256 header; set a webhook secret on the GitHub "
            f"App (the same as {SECRET_SETTING}) so that GitHub signs its deliveries"
        )
    if not header.startswith(SIGNATURE_PREFIX):
        raise SignatureError(
            "the X-Hub-Signature-256 header does not start with 'sha256='; only GitHub's "
            "HMAC-SHA256 signature is accepted"
        )
    given = header.encode("utf-8", "backslashreplace")
    if not any(hmac.compare_digest(_signature(body, secret), given) for secret in secrets):
        raise SignatureError(
            "the X-Hub-Signature-256 header does not match the body under any configured "
            f"secret; check that {SECRET_SETTING} holds the GitHub App's webhook secret"
        )


def _signature(body: bytes, secret: str) -> bytes:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return (SIGNATURE_PREFIX + digest).encode("ascii")


def parse_delivery(*, event: str | None, delivery_id: str | None, body: bytes) -> Delivery:
    """The typed delivery, or a PayloadError naming the header, bytes or field that is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge(
            f"the body has {len(body)} bytes, more than the {MAX_BODY_BYTES} GitHub ever sends"
        )
    name = _header("X-GitHub-Event", event)
    identifier = _header("X-GitHub-Delivery", delivery_id)
    payload = _json_object(body)
    repository = payload.get("repository")
    full_name = repository.get("full_name") if isinstance(repository, dict) else None
    action = payload.get("action")
    return Delivery(
        id=identifier,
        event=name,
        action=action if isinstance(action, str) and action else None,
        repository=full_name if isinstance(full_name, str) and full_name else None,
        route=route_event(name, payload),
    )


def _header(name: str, value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise PayloadError(
            f"the delivery has no {name} header; send webhook deliveries here exactly as "
            "GitHub makes them"
        )
    return text


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PayloadError(
            f"the body is not UTF-8 ({error.reason} at byte {error.start})"
        ) from None
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise PayloadError(
            f"the body is not JSON ({error}); set the webhook's content type to application/json"
        ) from None
    if not isinstance(payload, dict):
        raise PayloadError(f"the body is a JSON {_kind(payload)}, not the JSON object GitHub sends")
    return payload


def _kind(value: object) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return kinds.get(type(value), "null")


class RecentDeliveries:
    """Delivery ids seen recently (bounded, thread-safe): a redelivery is not processed twice."""

    __slots__ = ("_capacity", "_lock", "_seen", "_ttl")

    def __init__(self, *, capacity: int = 10_000, ttl_seconds: float = 3600.0) -> None:
        if capacity < 1 or ttl_seconds <= 0:
            raise ValueError("RecentDeliveries needs a capacity >= 1 and ttl_seconds > 0")
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, delivery_id: str, *, now: float) -> bool:
        """Record delivery_id; False when seen within ttl_seconds (oldest dropped past capacity)."""
        with self._lock:
            self._expire(now)
            seen = self._seen.get(delivery_id)
            if seen is not None and now - seen < self._ttl:
                return False
            self._seen[delivery_id] = now
            self._seen.move_to_end(delivery_id)
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True

    def forget(self, delivery_id: str) -> None:
        """Drop an id again, so a redelivery of a delivery that failed to queue gets through."""
        with self._lock:
            self._seen.pop(delivery_id, None)

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if now - oldest < self._ttl:
                return
            self._seen.popitem(last=False)
