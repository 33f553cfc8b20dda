"""Nothing ``regent serve`` accepts is lost: a delivery it cannot journal is answered 503 and
forgotten, so GitHub's redelivery of the same id, once the fault is gone, is accepted and
reconciled (``regent serve`` as a real process, the GitHub simulator as GitHub)."""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_webhook_serve import APP_ID, INSTALLATION, PENDING, SECRET, Server, poll
from tests.github_sim.webhooks import signature
from tests.serve_process import HOST, serve_environment

pytestmark = pytest.mark.e2e


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


def redeliver(server: Server, event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    """POST the simulator's recorded delivery, signed as GitHub signs it: status, headers, JSON."""
    body = event["body"].encode()
    headers = event["headers"] | {"X-Hub-Signature-256": signature(SECRET, body)}
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        connection.request("POST", "/webhook", body=body, headers=headers)
        reply = connection.getresponse()
        return reply.status, dict(reply.getheaders()), json.loads(reply.read())
    finally:
        connection.close()


def test_a_journal_that_cannot_be_written_loses_no_delivery(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    key = private_pem()
    app = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", app).status == 201
    cache = tmp_path / "cache"
    environment = serve_environment(
        app_id=APP_ID,
        key=key,
        secret=SECRET,
        api_url=lifecycle.sim.url,
        cache=cache,
        git_url=lifecycle.git_dir.parents[1].as_uri(),
    )
    merged = lifecycle.land(
        "feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash"
    )
    event = merged.pull_request_event()
    server = Server(tmp_path, environment)
    try:
        server.wait_ready()
        journal = cache / "journal"
        shutil.rmtree(journal)
        journal.write_text("the disk is not what it was", encoding="utf-8")  # a folder no more

        status, headers, answer = redeliver(server, event)
        assert status == 503, answer
        assert headers["retry-after"] == "30"
        assert "deliver it again later" in answer["message"]
        assert lifecycle.snapshot().open_release is None

        journal.unlink()
        journal.mkdir(mode=0o700)
        status, _, answer = redeliver(server, event)  # the same id, as GitHub redelivers it
        assert (status, answer["message"]) == (202, "accepted")

        def labelled_release_pull() -> bool:
            pull = lifecycle.snapshot().open_release
            return pull is not None and PENDING in pull.labels

        poll("the release PR the redelivery opens", labelled_release_pull)
        metrics = server.get("/metrics")[1]
        assert 'regent_deliveries_total{event="pull_request",outcome="not_stored"} 1.0' in metrics
    finally:
        assert server.stop() == 0, server.log.read_text()
