"""The SQS message format of the AWS door: a verified delivery in, the same delivery back out.

The receiver puts each delivery on an SQS FIFO queue as a JSON message (``queue_message``),
grouped by repository and de-duplicated by delivery id (``sqs_id``); the worker rebuilds it
(``rebuild_delivery``). Standard library and the pure core only.
"""

from __future__ import annotations

import hashlib
import json
import re

from regent.core.webhooks import Delivery, PayloadError, parse_delivery

SQS_MAX_MESSAGE_BYTES = 256 * 1024
"""SQS's classic message size limit (the smallest any region or emulator enforces)."""
SQS_ID_MAX = 128
_SQS_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]" + f"{{1,{SQS_ID_MAX}}}")
_BULKY_FIELDS = ("commits", "head_commit")
"""Push payload fields no route reads, dropped when a message would not fit in SQS."""


def sqs_id(text: str) -> str:
    """``text`` as an SQS group or de-duplication id: itself when allowed, else a digest."""
    if _SQS_ID.fullmatch(text):
        return text
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def queue_message(delivery: Delivery, body: bytes) -> str:
    """The SQS message body: what ``parse_delivery`` needs to rebuild the delivery.

    A payload too big for SQS loses the push fields no route reads (``commits``,
    ``head_commit``); one still too big is a ``ValueError``.
    """
    text = body.decode("utf-8")
    message = _message(delivery, text)
    if len(message.encode("utf-8")) <= SQS_MAX_MESSAGE_BYTES:
        return message
    payload = json.loads(text)
    for name in _BULKY_FIELDS:
        payload.pop(name, None)
    message = _message(delivery, json.dumps(payload, ensure_ascii=False))
    if len(message.encode("utf-8")) > SQS_MAX_MESSAGE_BYTES:
        raise ValueError(
            f"the {delivery.event} payload is over the {SQS_MAX_MESSAGE_BYTES} bytes SQS takes"
        )
    return message


def _message(delivery: Delivery, text: str) -> str:
    entry = {"event": delivery.event, "delivery_id": delivery.id, "body": text}
    return json.dumps(entry, ensure_ascii=False)


def rebuild_delivery(message: str) -> Delivery:
    """The delivery in a queue message (verified before it was queued: the queue is trusted)."""
    try:
        entry = json.loads(message)
    except ValueError:
        entry = None
    fields = entry if isinstance(entry, dict) else {}
    body, event, delivery_id = (fields.get(name) for name in ("body", "event", "delivery_id"))
    if not isinstance(body, str):
        raise PayloadError("the queue message is not a Release Regent delivery (no body)")
    return parse_delivery(
        event=event if isinstance(event, str) else None,
        delivery_id=delivery_id if isinstance(delivery_id, str) else None,
        body=body.encode("utf-8"),
    )
