"""``regent serve`` never clones the ``clone_url`` a delivery carries: a delivery signed with the
webhook secret whose ``repository.clone_url`` names an attacker's host or another repository on
the server's disk still reconciles the repository cloned from ``REGENT_GIT_URL``, and the
attacker's host sees no request (``regent serve`` as a real process, the simulator as GitHub)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_webhook_serve import (
    APP_ID,
    INSTALLATION,
    PENDING,
    SECRET,
    Server,
    poll,
    server_environment,
)
from tests.github_sim.webhooks import signature
from tests.gitrepo import GitRepo, git
from tests.recording_server import recording_server
from tests.serve_process import HOST

pytestmark = pytest.mark.e2e


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


def deliver(server: Server, event: dict[str, Any], *, clone_url: str) -> int:
    """POST the simulator's delivery with ``repository.clone_url`` replaced, signed anew."""
    payload = json.loads(event["body"])
    payload["repository"]["clone_url"] = clone_url
    body = json.dumps(payload).encode()
    headers = event["headers"] | {"X-Hub-Signature-256": signature(SECRET, body)}
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        connection.request("POST", "/webhook", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("where", ["another host", "another repository on disk"])
def test_a_delivery_clone_url_is_never_cloned(
    lifecycle: Lifecycle, tmp_path: Path, where: str
) -> None:
    key = private_pem()
    app = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", app).status == 201
    merged = lifecycle.land("feat: a knob", [Commit("feat: a knob")], method="squash")
    other = GitRepo.create(tmp_path / "other-tenant")
    secret = other.commit("feat: another tenant's secret history")
    server = Server(tmp_path, server_environment(lifecycle, tmp_path / "cache", key))
    with recording_server() as (attacker, seen):
        hostile = f"{attacker}/acme/widget.git" if where == "another host" else str(other.path)
        try:
            server.wait_ready()
            assert deliver(server, merged.pull_request_event(), clone_url=hostile) == 202

            def labelled_release_pull() -> bool:
                pull = lifecycle.snapshot().open_release
                return pull is not None and PENDING in pull.labels

            poll("the release PR", labelled_release_pull)
        finally:
            assert server.stop() == 0, server.log.read_text()
        assert seen == []
    clone = tmp_path / "cache" / "clones" / "acme" / "widget"
    assert git(clone, "remote", "get-url", "origin") == lifecycle.git_dir.as_uri()
    assert secret not in git(clone, "rev-list", "--all")
