"""Why a delivery is refused at the door, before any release logic sees it.

Each message says what to fix and never echoes a secret; ``replies.refused`` gives each kind
its HTTP status.
"""

from __future__ import annotations

from regent.core.errors import RegentError


class WebhookError(RegentError):
    """A delivery refused for how it arrived: its size, signature, headers or body."""


class SignatureError(WebhookError):
    """The delivery is not signed with a configured webhook secret."""


class BodyTooLarge(WebhookError):
    """The body is larger than GitHub ever sends."""


class BadDelivery(WebhookError):
    """A header or the body is not shaped as GitHub sends it."""
