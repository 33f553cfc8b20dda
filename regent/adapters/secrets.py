"""Secrets kept out of logs and messages: known tokens and anything shaped like a GitHub token.

Standard library only, so the webhook doors' receiving path (and its JSON logs) stays light.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque

MASK = "***"
MIN_SECRET_LENGTH = 8
_TOKEN_SHAPES = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b"
    r"|(?<=\"token\": \")[^\"]+|(?<=\"token\":\")[^\"]+"
    r"|(?i:(?<=authorization: )(?:token|bearer) [^\s'\",}]+)"
)


class Redactor(logging.Filter):
    """Removes known secrets and anything shaped like a GitHub token; also a logging filter."""

    def __init__(self, *, remember: int = 256) -> None:
        super().__init__()
        self._secrets: deque[str] = deque(maxlen=remember)
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            with self._lock:
                if secret not in self._secrets:
                    self._secrets.append(secret)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return _TOKEN_SHAPES.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


SECRETS = Redactor()
"""The process's redactor: every adapter registers its tokens here."""
