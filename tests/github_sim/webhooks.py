"""Webhook deliveries: exact body bytes, delivery headers, HMAC signature, optional POST."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

USER_AGENT = "GitHub-Hookshot/sim"
DELIVERY_TIMEOUT_S = 10.0


def encode_payload(payload: dict[str, Any]) -> bytes:
    """The exact body GitHub would POST: compact UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value for ``body``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def delivery(name: str, payload: dict[str, Any], secret: str | None) -> dict[str, Any]:
    """One delivery: event name, headers, payload and the exact ``body`` the signature covers."""
    body = encode_payload(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-GitHub-Event": name,
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-GitHub-Hook-ID": "1",
    }
    if secret:
        headers["X-Hub-Signature-256"] = signature(secret, body)
    return {"name": name, "headers": headers, "payload": payload, "body": body.decode("utf-8")}


def post_delivery(url: str, event: dict[str, Any]) -> int:
    """POST a delivery to ``url``; return the receiver's status (0 when unreachable)."""
    request = urllib.request.Request(
        url, data=event["body"].encode("utf-8"), headers=event["headers"], method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


Done = Callable[[int], None]


class Outbox:
    """Posts deliveries in order on a background thread that exits when nothing is pending."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[tuple[str, dict[str, Any], Done]] = deque()
        self._running = False

    def send(self, url: str, event: dict[str, Any], done: Done) -> None:
        """Queue ``event`` for ``url``; ``done`` receives the receiver's status."""
        with self._lock:
            self._pending.append((url, event, done))
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._drain, name="sim-webhooks", daemon=True).start()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._running = False
                    return
                url, event, done = self._pending.popleft()
            done(post_delivery(url, event))
