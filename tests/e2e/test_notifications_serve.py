"""Failure notifications through ``regent serve``: deliveries whose reconcile fails open one
issue for the base branch (naming the delivery) and tell Slack; once GitHub accepts the release
release commit again, the next delivery closes the issue and Slack hears of the recovery."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle
from tests.e2e.test_webhook_serve import (
    APP_ID,
    INSTALLATION,
    SECRET,
    Server,
    lifecycle,  # noqa: F401 - the fixture
    poll,
    server_environment,
)
from tests.notification_receiver import Receiver, notification_receiver

pytestmark = pytest.mark.e2e

LABELLED = "/repos/acme/widget/issues?state=all&labels=release-regent%3A%20failure"
CONFIG = """\
notifications:
  github_issue: true
  slack: {webhook_url_env: RELEASE_SLACK_URL}
"""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with notification_receiver() as running:
        yield running


def _issues(life: Lifecycle) -> list[dict[str, Any]]:
    return list(life.client.get(LABELLED).body)


def _comments(life: Lifecycle, number: int) -> list[str]:
    reply = life.client.get(f"/repos/acme/widget/issues/{number}/comments")
    return [comment["body"] for comment in reply.body]


def test_failing_deliveries_open_one_issue_and_the_next_success_closes_it(
    lifecycle: Lifecycle,  # noqa: F811 - the fixture
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    lifecycle.land(
        "chore: notify", [Commit("chore: notify", {".release-regent.yml": CONFIG})], method="squash"
    )
    key = private_pem()
    body = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", body).status == 201
    environment = server_environment(lifecycle, tmp_path / "cache", key)
    environment["RELEASE_SLACK_URL"] = f"{receiver.url}/slack/T0/B0/secret"
    server = Server(tmp_path, environment)
    refused = {"path": "/git/trees$", "method": "POST", "status": 422, "times": 100}
    try:
        server.wait_ready()
        hook = {"url": f"{server.url}/webhook", "secret": SECRET}
        assert lifecycle.client.post("/_sim/webhook", hook).status == 200
        assert lifecycle.client.post("/_sim/faults", refused).status == 201
        feature = lifecycle.land("feat: gears", [Commit("feat: gears")], method="squash")
        [issue] = poll("the failure issue", lambda: _issues(lifecycle))
        assert issue["title"] == "Release Regent: release failed on main"
        assert "> GitHub refused" in issue["body"], issue["body"]
        delivery_ids = {event["headers"]["X-GitHub-Delivery"] for event in feature.events}
        assert any(f"webhook delivery `{d}` (serve)" in issue["body"] for d in delivery_ids)
        failed = poll("Slack told", lambda: receiver.posted)
        assert json.loads(failed[0].body)["text"].startswith(":x: Release Regent: release failed")

        lifecycle.client.delete("/_sim/faults")
        lifecycle.land("fix: bolts", [Commit("fix: bolts")], method="squash")

        def closed() -> list[dict[str, Any]]:
            found = _issues(lifecycle)
            return found if found and found[0]["state"] == "closed" else []

        [done] = poll("the issue closed", closed)
        assert done["number"] == issue["number"]
        assert _comments(lifecycle, issue["number"])[-1].startswith("Release Regent ran on `main`")
        assert lifecycle.snapshot().open_release is not None
        texts = [json.loads(p.body)["text"] for p in receiver.posted]
        assert texts[-1].startswith(":white_check_mark: Release Regent: `main` in acme/widget")
    finally:
        code = server.stop()
    assert code == 0, server.log.read_text()
    assert len(_issues(lifecycle)) == 1
