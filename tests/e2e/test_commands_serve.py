"""Comment commands through ``regent serve`` as a real process, on the deliveries the simulator
sends when people comment through the API (the GitHub App installed on ``acme/widget``).

The same people as the Action's tests (tests/e2e/test_commands_action.py), the same answers: a
maintainer pins the version, a reader is answered politely, a bot is ignored, an invalid command
gets the accepted forms; the same delivery twice is a duplicate, and the same comment in a new
delivery acts once. Background work is awaited by polling the simulator and the metrics.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.commenting import BOT, READER, Commenters
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_webhook_serve import (
    APP_ID,
    INSTALLATION,
    SECRET,
    Server,
    all_handled,
    metric,
    poll,
    server_environment,
)
from tests.github_sim.webhooks import post_delivery

pytestmark = pytest.mark.e2e

OUTCOMES = 'regent_deliveries_total{event="issue_comment",outcome="%s"}'


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Lifecycle, Server]]:
    """``acme/widget`` with the App installed, ``regent serve`` receiving its deliveries."""
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        key = private_pem()
        app = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
        assert lifecycle.client.post("/_sim/apps", app).status == 201
        server = Server(tmp_path, server_environment(lifecycle, tmp_path / "cache", key))
        try:
            server.wait_ready()
            hook = {"url": f"{server.url}/webhook", "secret": SECRET}
            assert lifecycle.client.post("/_sim/webhook", hook).status == 200
            yield lifecycle, server
        finally:
            assert server.stop() == 0


def settled(server: Server) -> str:
    """The metrics once every accepted delivery has been handled."""
    return poll("every accepted delivery handled", lambda: _handled_metrics(server))


def _handled_metrics(server: Server) -> str | None:
    metrics = server.get("/metrics")[1]
    return metrics if all_handled(metrics) else None


def resigned(event: dict[str, Any]) -> dict[str, Any]:
    """The same delivery body under a new delivery id, signed again."""
    body = event["body"].encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = dict(event["headers"]) | {
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": f"sha256={signature}",
    }
    return event | {"headers": headers}


def test_comment_commands_through_regent_serve(served: tuple[Lifecycle, Server]) -> None:
    lifecycle, server = served
    people = Commenters(lifecycle)
    lifecycle.land("feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash")
    opened = poll("the release PR", lambda: lifecycle.snapshot().open_release)
    assert opened.version == "1.1.0"
    number = opened.number

    pinned = people.comment(number, "!set-version 2.0.0")
    poll("the +1 on the maintainer's comment", lambda: people.reactions(pinned.id))
    release = lifecycle.snapshot().open_release
    assert release is not None
    assert release.version == "2.0.0"
    assert people.replies(number) == []

    denied = people.comment(number, "!set-version 3.0.0", login=READER)
    [reply] = poll("the reply to the reader", lambda: people.replies(number))
    assert reply.startswith(f"@{READER} `!set-version 3.0.0`: only people with write, maintain")
    assert people.reactions(denied.id) == []

    people.comment(number, "!set-version 4.0.0", login=BOT)
    invalid = people.comment(number, "!release-regent shout")
    replies = poll("the reply to the invalid command", lambda: people.replies(number)[1:])
    assert "The accepted forms:" in replies[0]
    assert people.reactions(invalid.id) == []
    metrics = settled(server)
    release = lifecycle.snapshot().open_release
    assert release is not None
    assert release.version == "2.0.0", "neither the reader nor the bot changed it"

    # The same delivery again is a duplicate; the same comment in a new delivery acts once.
    lifecycle.forget_requests()
    assert post_delivery(f"{server.url}/webhook", pinned.event) == 200
    assert post_delivery(f"{server.url}/webhook", resigned(pinned.event)) == 202
    metrics = poll(
        "the redelivered comment handled",
        lambda: (m := _handled_metrics(server)) and metric(m, OUTCOMES % "command_replayed") and m,
    )
    writes = [r for r in lifecycle.requests() if r["method"] != "GET"]
    assert [(r["method"], r["path"]) for r in writes] == [
        ("POST", f"/repos/acme/widget/issues/comments/{pinned.id}/reactions")
    ], "the replay leaves the release PR as it is; the reaction is found, not added"
    assert people.reactions(pinned.id) == ["+1"]
    assert len(people.replies(number)) == 2
    assert metric(metrics, OUTCOMES % "duplicate") == 1
    for outcome, count in (("accepted", 1), ("denied", 1), ("invalid", 1), ("replayed", 1)):
        assert metric(metrics, OUTCOMES % f"command_{outcome}") == count, outcome
    ignored = metric(metrics, OUTCOMES % "ignored")
    assert ignored >= 3, "the bot's comment and Release Regent's own two replies"
    audit = [  # the commands' lines; the writes' records (JSON messages) are the other ones
        line
        for line in server.log_lines()
        if line["logger"] == "regent.audit" and line["message"].startswith("who=")
    ]
    assert [line["message"].rsplit(" ", 1)[-1] for line in audit] == [
        "result=accepted",
        "result=denied",
        "result=invalid",
        "result=replayed",
    ]
    assert (
        audit[0]["message"]
        == f"who=alice what='!set-version 2.0.0' pr=acme/widget#{number} result=accepted"
    )
    assert all("delivery_id" in line for line in audit)
