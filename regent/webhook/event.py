"""One webhook delivery as GitHub sends it over HTTP: checked, then read (sans-I/O).

``Event.from_http(headers, body, secrets=...)`` is the whole check for a door that has the body
at once (AWS Lambda, Azure Functions, tests). A door that streams the body (``regent serve``)
makes the ``IncomingDelivery`` from the headers before reading any of it, ``feed``s the chunks
as they arrive and asks it for the ``event`` at the end: the same checks, in the same order,
each made once:

1. the size: a ``Content-Length`` or a body over ``MAX_BODY_BYTES`` (GitHub never sends more)
   is ``BodyTooLarge``, as soon as it shows;
2. the ``X-Hub-Signature-256`` header's shape, then the body's HMAC (``signature``);
3. ``X-GitHub-Event`` must be a name GitHub could send and ``X-GitHub-Delivery`` a UUID (read in
   lower case), so neither grows a table, a file name or a log line without bound;
4. the body must be UTF-8 JSON holding an object.

Header names are matched in any case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from regent.core.text import shown
from regent.webhook.errors import BadDelivery, BodyTooLarge
from regent.webhook.signature import BodySignature

MAX_BODY_BYTES = 25 * 1024 * 1024
"""GitHub caps a delivery's payload at 25 MB: a larger body is refused unread."""
SHOWN_CHARACTERS = 40
"""A refused header value is echoed (in a reply or a log line) up to this many characters."""
DELIVERY_ID_SHAPE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII
)
"""GitHub's delivery ids: UUIDs, 8-4-4-4-12 hex digits (compared in lower case)."""
EVENT_SHAPE = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
"""GitHub's event names: lower-case words joined by underscores."""


@dataclass(frozen=True, slots=True)
class Event:
    """One checked delivery: its event name, delivery id and JSON payload."""

    name: str
    delivery_id: str
    payload: Mapping[str, Any]

    @property
    def action(self) -> str | None:
        """The payload's ``action`` (``closed``, ``created``, ...), when it has one."""
        action = self.payload.get("action")
        return action if isinstance(action, str) and action else None

    @property
    def repository(self) -> str | None:
        """The payload's ``repository.full_name`` (owner/name), when it has one."""
        repository = self.payload.get("repository")
        full_name = repository.get("full_name") if isinstance(repository, Mapping) else None
        return full_name if isinstance(full_name, str) and full_name else None

    @classmethod
    def from_http(cls, headers: Mapping[str, str], body: bytes, *, secrets: Sequence[str]) -> Event:
        """The event of a delivery whose whole body is at hand, or the ``WebhookError``
        (``BodyTooLarge``, ``SignatureError``, ``BadDelivery``) that refuses it."""
        incoming = IncomingDelivery(headers, secrets=secrets)
        incoming.feed(body)
        return incoming.event(body)

    @classmethod
    def restored(cls, *, name: str | None, delivery_id: str | None, body: bytes) -> Event:
        """The event of a delivery checked when it arrived, read back from where a door kept
        it (a journal, a queue); a ``BadDelivery`` when what was kept is not one."""
        event, identifier = delivery_names(event=name, delivery_id=delivery_id)
        return cls(event, identifier, _json_object(body))


class IncomingDelivery:
    """A delivery whose headers passed, its body fed in as it arrives (sizes and HMAC)."""

    __slots__ = ("_signature", "_size", "_verified", "delivery_id", "name")

    def __init__(self, headers: Mapping[str, str], *, secrets: Sequence[str]) -> None:
        """Check the headers; the ``WebhookError`` refusing them before any body is read."""
        lower = {name.lower(): value for name, value in headers.items()}
        announced = lower.get("content-length", "").strip()
        if announced.isdigit():
            _within_limit(int(announced))
        self._signature = BodySignature.expecting(lower.get("x-hub-signature-256"), secrets)
        self.name, self.delivery_id = delivery_names(
            event=lower.get("x-github-event"), delivery_id=lower.get("x-github-delivery")
        )
        self._size = 0
        self._verified = False

    def feed(self, chunk: bytes) -> None:
        """Take the next chunk of the body; ``BodyTooLarge`` as soon as it passes the limit."""
        self._size += len(chunk)
        _within_limit(self._size)
        self._signature.update(chunk)

    def verify(self) -> None:
        """``SignatureError`` unless the body fed so far is signed by a configured secret."""
        if not self._verified:
            self._signature.verify()
            self._verified = True

    def event(self, body: bytes) -> Event:
        """The event of ``body``, the whole body fed so far (verified here unless ``verify``
        passed already); a ``BadDelivery`` when it is not a JSON object."""
        self.verify()
        return Event(self.name, self.delivery_id, _json_object(body))


def delivery_names(*, event: str | None, delivery_id: str | None) -> tuple[str, str]:
    """The event name and the delivery id (lower case), or a ``BadDelivery`` naming the header
    that is missing or not shaped as GitHub sends it (its value shown shortened)."""
    name = _header("X-GitHub-Event", event)
    if not EVENT_SHAPE.fullmatch(name):
        raise BadDelivery(
            f"the X-GitHub-Event header {_shown(name)} is not an event name GitHub sends "
            "(lower-case words joined by underscores, such as pull_request)"
        )
    identifier = _header("X-GitHub-Delivery", delivery_id).lower()
    if not DELIVERY_ID_SHAPE.fullmatch(identifier):
        raise BadDelivery(
            f"the X-GitHub-Delivery header {_shown(identifier)} is not a GitHub delivery id "
            "(a UUID such as 72d3162e-cc78-11e3-81ab-4c9367dc0958)"
        )
    return name, identifier


def _within_limit(size: int) -> None:
    if size > MAX_BODY_BYTES:
        raise BodyTooLarge(
            f"the body is larger than the {MAX_BODY_BYTES} bytes GitHub ever sends; send "
            "webhook deliveries here exactly as GitHub makes them"
        )


def _shown(value: str) -> str:
    return shown(value, limit=SHOWN_CHARACTERS)


def _header(name: str, value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise BadDelivery(
            f"the delivery has no {name} header; send webhook deliveries here exactly as "
            "GitHub makes them"
        )
    return text


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadDelivery(f"the body is not UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadDelivery(
            f"the body is not JSON ({error}); set the webhook's content type to application/json"
        ) from None
    if not isinstance(payload, dict):
        raise BadDelivery(f"the body is a JSON {_kind(payload)}, not the JSON object GitHub sends")
    return payload


def _kind(value: object) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return kinds.get(type(value), "null")
