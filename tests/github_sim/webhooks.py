"""Webhook deliveries: exact body bytes, delivery headers, HMAC signature, optional POST."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import threading
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

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
    """POST a delivery to ``url`` with its headers as named; the receiver's status (0: none)."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.netloc, timeout=DELIVERY_TIMEOUT_S)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=event["body"].encode(), headers=event["headers"])
        return connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


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
