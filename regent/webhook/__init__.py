"""Webhook transport, sans-I/O and standard library only: what GitHub's HTTP delivery says.

``Event.from_http(headers, body, secrets=...)`` checks a delivery's size, signature (HMAC-SHA256
under any configured secret, several while one is rotated) and headers and reads its JSON
payload; a door that streams the body feeds an ``IncomingDelivery`` chunk by chunk instead, the
same checks in the same order. ``RecentDeliveries`` remembers delivery ids so a redelivery is
not worked twice; ``replies`` says which HTTP status and message answer each refusal. Nothing
here reads a socket, the environment or the clock: the doors in ``regent.runtimes.webhook`` do.
"""

from __future__ import annotations

from regent.webhook.deliveries import RecentDeliveries
from regent.webhook.errors import BadDelivery, BodyTooLarge, SignatureError, WebhookError
from regent.webhook.event import MAX_BODY_BYTES, Event, IncomingDelivery
from regent.webhook.replies import Reply

__all__ = [
    "MAX_BODY_BYTES",
    "BadDelivery",
    "BodyTooLarge",
    "Event",
    "IncomingDelivery",
    "RecentDeliveries",
    "Reply",
    "SignatureError",
    "WebhookError",
]
