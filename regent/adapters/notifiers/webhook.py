"""A generic webhook: the event as JSON, signed with HMAC-SHA256 as GitHub signs its deliveries
(``X-Regent-Signature-256: sha256=<hex digest of the body>``)."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from regent.adapters.notifiers.http import post
from regent.adapters.notifiers.secrets import secret
from regent.core.notifications import NotificationEvent, event_json

SIGNATURE_HEADER = "X-Regent-Signature-256"
EVENT_HEADER = "X-Regent-Event"
DELIVERY_HEADER = "X-Regent-Delivery"


def signature(key: bytes, body: bytes) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class WebhookNotifier:
    """POSTs each event to the URL in ``url_env``, signed with the key in ``secret_env``."""

    url_env: str
    secret_env: str
    environ: Mapping[str, str]

    @property
    def name(self) -> str:
        return "webhook"

    def notify(self, event: NotificationEvent) -> None:
        url = secret(self.environ, self.url_env, what="the notification webhook's URL")
        key = secret(self.environ, self.secret_env, what="the notification webhook's signing key")
        sent_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        body = json.dumps(event_json(event) | {"sent_at": sent_at}, sort_keys=True).encode()
        headers = {
            SIGNATURE_HEADER: signature(key.encode(), body),
            EVENT_HEADER: event.kind,
            DELIVERY_HEADER: str(uuid.uuid4()),
        }
        post(url, body, headers=headers, what="the notification webhook")
