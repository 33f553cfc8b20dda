"""JSON-lines logs for the webhook doors, each line carrying the delivery it belongs to.

One object per line: ``timestamp``, ``level``, ``logger``, ``message``, and, inside a run
(``regent.core.run_context``, entered for a delivery by ``delivery_context``), the run's fields:
``delivery_id`` (GitHub's ``X-GitHub-Delivery``, the correlation id) or ``run_id``,
``repository`` and ``event``; within a span (tracing on), ``trace_id`` and ``span_id``. A
failure line carries ``error``: the traceback, or the error given as ``extra={"error": ...}``
(``failure``). Known secrets (tokens) are redacted from every message. Lines are ASCII: every
other character, control characters (C0, C1: ``\\u009b``), bidirectional overrides and lone
surrogates included, is a ``\\uXXXX`` escape that a log viewer cannot act on.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from regent.adapters.secrets import SECRETS
from regent.core.run_context import Running, current_run, running, within_run
from regent.core.text import cut
from regent.core.tracing import current_tracer

FIELD_CHARACTERS = 200
"""Longer than any delivery id, event name or owner/repository GitHub sends."""


def delivery_context(
    *,
    delivery_id: str,
    repository: str | None,
    event: str | None,
    door: str | None = None,
    sender: str | None = None,
    installation_id: int | None = None,
) -> Running:
    """Every log line written in the block (in this thread or task) names this delivery: the
    run context, refined with what is known now (a field given as None keeps the outer one's).

    The values may come straight from a request's headers: each is cut to ``FIELD_CHARACTERS``.
    """
    context = within_run(
        door=door,
        delivery_id=cut(delivery_id, limit=FIELD_CHARACTERS),
        repository=cut(repository, limit=FIELD_CHARACTERS) if repository else None,
        event=cut(event, limit=FIELD_CHARACTERS) if event else None,
        sender=cut(sender, limit=FIELD_CHARACTERS) if sender else None,
        installation_id=installation_id,
    )
    return running(context)


def failure(error: BaseException) -> dict[str, str]:
    """The ``extra`` of a failure line logged without its traceback: its ``error`` field."""
    return {"error": str(error)}


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
        run = current_run()
        if run is not None:
            line |= run.log_fields()
        line |= current_tracer().log_ids()
        if record.exc_info:
            line["error"] = SECRETS.redact(self.formatException(record.exc_info))
        elif isinstance(error := getattr(record, "error", None), str):
            line["error"] = SECRETS.redact(error)
        return json.dumps(line, ensure_ascii=True)


def use_json_logs(*, stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """Route the root logger to ``stream`` (stderr) as JSON lines; Release Regent at ``level``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("regent").setLevel(level)
