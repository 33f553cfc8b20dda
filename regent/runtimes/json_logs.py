"""JSON-lines logs for the webhook doors, each line carrying the delivery it belongs to.

One object per line: ``timestamp``, ``level``, ``logger``, ``message``, and, inside a
``delivery_context``, ``delivery_id`` (GitHub's ``X-GitHub-Delivery``, the correlation id),
``repository`` and ``event``. Known secrets (tokens) are redacted from every message. Lines are
ASCII: every other character, control characters (C0, C1: ``\\u009b``), bidirectional overrides
and lone surrogates included, is a ``\\uXXXX`` escape that a log viewer cannot act on.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

from regent.adapters.secrets import SECRETS
from regent.core.text import cut

FIELD_CHARACTERS = 200
"""Longer than any delivery id, event name or owner/repository GitHub sends."""
_DELIVERY: ContextVar[dict[str, str]] = ContextVar("regent_delivery", default={})  # noqa: B039


@contextmanager
def delivery_context(
    *, delivery_id: str, repository: str | None, event: str | None
) -> Iterator[None]:
    """Every log line written in the block (in this thread or task) names this delivery.

    The values may come straight from a request's headers: each is cut to ``FIELD_CHARACTERS``.
    """
    fields = {"delivery_id": cut(delivery_id, limit=FIELD_CHARACTERS)}
    fields |= {"repository": cut(repository, limit=FIELD_CHARACTERS)} if repository else {}
    fields |= {"event": cut(event, limit=FIELD_CHARACTERS)} if event else {}
    token = _DELIVERY.set(fields)
    try:
        yield
    finally:
        _DELIVERY.reset(token)


class JsonLines(logging.Formatter):
    """Formats a record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": SECRETS.redact(record.getMessage()),
        }
        line |= _DELIVERY.get()
        if record.exc_info:
            line["error"] = SECRETS.redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=True)


def use_json_logs(*, stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """Route the root logger to ``stream`` (stderr) as JSON lines; Release Regent at ``level``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("regent").setLevel(level)
