"""The event table (tests/event_table.py) through the webhook door's receiver, as ``regent
serve``, AWS Lambda and Azure Functions all use it: signed deliveries in, the same decision out
(a row that reconciles is queued for its branch, a comment's commands for the worker; any
other is answered with its one line)."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from regent.core.routing import Command, Ping, Reconcile, explain, route
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import WebhookReceiver
from tests.delivery_ids import delivery_id
from tests.event_table import EventRow, hand_written_rows, shared_rows

SECRET = "It's a Secret to Everybody"


def receive(row: EventRow) -> object:
    """What the receiver makes of ``row`` delivered once, signed with the secret."""
    body = json.dumps(row.payload).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "X-GitHub-Event": row.event,
        "X-GitHub-Delivery": delivery_id(row.id),
        "X-Hub-Signature-256": f"sha256={signature}",
    }
    return WebhookReceiver(secrets=(SECRET,)).receive(headers, body)


def explain_queued(routed: Reconcile | Command) -> str:
    """What a row says of a queued route: the branch it reconciles, or the commands' line."""
    return routed.base_branch if isinstance(routed, Reconcile) else explain(routed)


@pytest.mark.parametrize("row", [*hand_written_rows(), *shared_rows()])
def test_the_event_table_through_the_webhook_receiver(row: EventRow) -> None:
    received = receive(row)
    routed = route(row.event, row.payload)
    assert type(routed) is row.kind
    if isinstance(routed, Reconcile | Command):
        assert isinstance(received, Delivery)
        assert received.route == routed
        assert row.says is None or explain_queued(received.route) == row.says
        return
    assert not isinstance(received, Delivery)
    assert received.status == 200
    if isinstance(routed, Ping):
        assert received.body == {"message": "pong", "zen": routed.zen}
    else:
        assert received.body == {"message": row.says or explain(routed)}
        assert received.outcome == "ignored"
