"""Receiving a webhook delivery: verify, parse, route and de-duplicate, for every door.

A door (the ASGI app, the Lambda and Azure shims) reads the raw body and three headers, then:

1. refuses a body over ``MAX_BODY_BYTES`` (GitHub never sends more) with ``BodyTooLarge``;
2. ``verify_signature(body, X-Hub-Signature-256, secrets)``: HMAC-SHA256 of the exact body
   bytes under any configured secret (several while one is rotated), compared in constant
   time; the legacy SHA-1 ``X-Hub-Signature`` is never accepted. A door that streams the body
   checks the header before reading it (``BodySignature.expecting``) and feeds the chunks as
   they arrive, so an unsigned body is never read and a wrongly signed one never kept whole;
3. ``parse_delivery(event=X-GitHub-Event, delivery_id=X-GitHub-Delivery, body=body)``: the
   typed ``Delivery`` with its ``Route`` (see ``webhook_routes``); the event must be a name
   GitHub could send and the delivery id a UUID (``delivery_headers``), so neither grows a
   table, a file name or a log line without bound;
4. ``RecentDeliveries.first_time(delivery.id, now=...)``: a redelivered id is acknowledged and
   not processed twice (``forget`` it again when queueing fails, so a redelivery gets through).

Every refusal is a ``WebhookError`` whose ``status`` is the HTTP status to answer and whose
message says what to fix without echoing a secret. Pure: the caller passes the time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
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
    "DELIVERY_ID_SHAPE",
    "MAX_BODY_BYTES",
    "BodySignature",
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
    "delivery_headers",
    "parse_delivery",
    "shown",
    "verify_signature",
]

MAX_BODY_BYTES = 25 * 1024 * 1024
SIGNATURE_PREFIX = "sha256="
SECRET_SETTING = "GITHUB_WEBHOOK_SECRET"
SIGNATURE_SHAPE = re.compile(r"sha256=[0-9a-f]{64}", re.ASCII)
"""GitHub's X-Hub-Signature-256: the prefix and 64 lower-case hex digits, nothing else."""
DELIVERY_ID_SHAPE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII
)
"""GitHub's delivery ids: UUIDs, 8-4-4-4-12 hex digits (compared in lower case)."""
EVENT_SHAPE = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
"""GitHub's event names: lower-case words joined by underscores."""
SHOWN_CHARACTERS = 40
"""A refused header value is echoed (in a reply or a log line) up to this many characters."""


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
    """Raise SignatureError unless header is 'sha256=' + hex HMAC-SHA256 of body."""
    signature = BodySignature.expecting(header, secrets)
    signature.update(body)
    signature.verify()


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


def parse_delivery(*, event: str | None, delivery_id: str | None, body: bytes) -> Delivery:
    """The typed delivery, or a PayloadError naming the header, bytes or field that is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge(
            f"the body has {len(body)} bytes, more than the {MAX_BODY_BYTES} GitHub ever sends"
        )
    name, identifier = delivery_headers(event=event, delivery_id=delivery_id)
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


def delivery_headers(*, event: str | None, delivery_id: str | None) -> tuple[str, str]:
    """The event name and the delivery id (lower case), or a PayloadError naming the header
    that is missing or not shaped as GitHub sends it (its value shown shortened)."""
    name = _header("X-GitHub-Event", event)
    if not EVENT_SHAPE.fullmatch(name):
        raise PayloadError(
            f"the X-GitHub-Event header {shown(name)} is not an event name GitHub sends "
            "(lower-case words joined by underscores, such as pull_request)"
        )
    identifier = _header("X-GitHub-Delivery", delivery_id).lower()
    if not DELIVERY_ID_SHAPE.fullmatch(identifier):
        raise PayloadError(
            f"the X-GitHub-Delivery header {shown(identifier)} is not a GitHub delivery id "
            "(a UUID such as 72d3162e-cc78-11e3-81ab-4c9367dc0958)"
        )
    return name, identifier


def shown(value: str) -> str:
    """``value`` quoted for a message or a log line, cut to SHOWN_CHARACTERS."""
    if len(value) <= SHOWN_CHARACTERS:
        return repr(value)
    return f"{value[:SHOWN_CHARACTERS]!r}... ({len(value)} characters)"


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
