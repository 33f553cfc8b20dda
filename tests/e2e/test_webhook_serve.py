"""``regent serve`` as a real process, driven by the GitHub simulator's signed deliveries alone.

The simulator holds ``acme/widget`` with a GitHub App installed on it and POSTs every event to
the server as GitHub does. A maintainer merges a feature pull request and then the release pull
request; the server, started with nothing but the App's environment, opens the release PR and
then tags and publishes the release. Background work is awaited by polling the simulator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.lifecycle_state import ReleasePull
from tests.github_sim.webhooks import post_delivery
from tests.serve_process import ServeProcess, free_port, serve_environment

pytestmark = pytest.mark.e2e

APP_ID = 4242
INSTALLATION = 77
SECRET = "e2e webhook secret"
WAIT_S = 30.0
PENDING = "release-regent: pending"
RELEASED = "release-regent: released"
ROOT = Path(__file__).resolve().parents[2]

T = TypeVar("T")


def poll(what: str, check: Callable[[], T | None], timeout: float = WAIT_S) -> T:
    """The first truthy ``check()`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


class Server(ServeProcess):
    """``regent serve --workers 2``; fails the test when it does not come up."""

    def __init__(self, work: Path, environment: dict[str, str]) -> None:
        super().__init__(work, environment, "--workers", "2")

    def wait_ready(self, timeout: float = 20.0) -> None:
        try:
            super().wait_ready(timeout)
        except RuntimeError as error:
            raise AssertionError(str(error)) from None

    def stop(self, timeout: float = 20.0) -> int:
        code = super().stop(timeout)
        assert code is not None, "regent serve had to be killed"
        return code


def server_environment(lifecycle: Lifecycle, cache: Path, key: str) -> dict[str, str]:
    return serve_environment(
        app_id=APP_ID,
        key=key,
        secret=SECRET,
        api_url=lifecycle.sim.url,
        cache=cache,
        git_url=lifecycle.git_dir.parents[1].as_uri(),
    )


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


def deliveries_answered(lifecycle: Lifecycle) -> list[dict[str, Any]]:
    """The simulator's events, once every one it POSTed has its receiver's status."""
    events = list(lifecycle.client.get("/_sim/events").body)
    statuses = [event.get("delivery", {}).get("status") for event in events]
    return events if all(status is not None for status in statuses) else []


def metric(text: str, line_start: str) -> float:
    values = [
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(line_start)
    ]
    return sum(values)


def all_handled(metrics: str) -> bool:
    """Every delivery accepted has been handled (the workers are idle)."""
    accepted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("regent_deliveries_total{") and 'outcome="accepted"' in line
    )
    return accepted > 0 and metric(metrics, "regent_delivery_processing_seconds_count") == accepted


def test_a_release_cycle_through_webhooks_alone(lifecycle: Lifecycle, tmp_path: Path) -> None:
    key = private_pem()
    body = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", body).status == 201
    server = Server(tmp_path, server_environment(lifecycle, tmp_path / "cache", key))
    try:
        server.wait_ready()
        hook = {"url": f"{server.url}/webhook", "secret": SECRET}
        assert lifecycle.client.post("/_sim/webhook", hook).status == 200

        feature = lifecycle.land(
            "feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash"
        )

        def labelled_release_pull() -> ReleasePull | None:
            pull = lifecycle.snapshot().open_release
            return pull if pull is not None and PENDING in pull.labels else None

        opened = poll("the release PR, labelled pending", labelled_release_pull)
        assert opened.version == "1.1.0"

        merged = lifecycle.merge_release_pull(method="merge")

        def released() -> bool:
            snapshot = lifecycle.snapshot()
            pull = next(p for p in snapshot.release_pulls if p.number == opened.number)
            return "v1.1.0" in snapshot.tags and RELEASED in pull.labels

        poll("the tag, the release and the released label", released)
        snapshot = lifecycle.snapshot()
        assert snapshot.tags["v1.1.0"] == merged.tip
        assert [release.tag for release in snapshot.releases] == ["v1.1.0"]
        assert snapshot.open_release is None

        events = poll("every delivery answered", lambda: deliveries_answered(lifecycle))
        statuses = {event["delivery"]["status"] for event in events}
        assert statuses <= {200, 202}, [(e["name"], e["delivery"]) for e in events]
        merge_event = merged.pull_request_event()
        merge_id = merge_event["headers"]["X-GitHub-Delivery"]
        feature_id = feature.pull_request_event()["headers"]["X-GitHub-Delivery"]
        recorded = next(e for e in events if e["headers"]["X-GitHub-Delivery"] == merge_id)
        assert recorded["delivery"]["status"] == 202

        # The same bytes and headers again: acknowledged, not reconciled a second time.
        poll("every accepted delivery handled", lambda: all_handled(server.get("/metrics")[1]))
        lifecycle.forget_requests()
        assert post_delivery(f"{server.url}/webhook", recorded) == 200
        time.sleep(0.5)
        assert lifecycle.requests() == []

        status, metrics = server.get("/metrics")
        assert status == 200
        duplicate = 'regent_deliveries_total{event="pull_request",outcome="duplicate"}'
        assert metric(metrics, duplicate) == 1
        taken = [
            f'regent_deliveries_total{{event="pull_request",outcome="{o}"}}'
            for o in ("accepted", "folded")
        ]
        assert sum(metric(metrics, name) for name in taken) == 2
        assert metric(metrics, "regent_github_api_calls_total") > 0
        assert metric(metrics, "regent_delivery_processing_seconds_count") >= 2
        # The rate limit left, from the server's last response: the simulator's window is
        # shared by every token, so it has only gone down since (GET /rate_limit is free).
        assert "regent_github_rate_limit_remaining " in metrics
        remaining = metric(metrics, "regent_github_rate_limit_remaining ")
        core = lifecycle.client.get("/rate_limit").body["resources"]["core"]
        assert core["remaining"] <= remaining < core["limit"]
        listing = '{method="GET",route="/repos/{owner}/{repo}/pulls",status="2xx"}'
        assert metric(metrics, f"regent_github_call_seconds_count{listing}") >= 2
        released_here = f'{{installation="{INSTALLATION}",outcome="released"}}'
        assert metric(metrics, f"regent_outcomes_total{released_here}") == 1
        assert metric(metrics, "regent_queue_oldest_seconds ") == 0
    finally:
        code = server.stop()
    assert code == 0, server.log.read_text()

    lines = server.log_lines()
    ids = {line.get("delivery_id") for line in lines}
    assert {feature_id, merge_id} <= ids
    reconciled = [
        line
        for line in lines
        if line.get("delivery_id") == feature_id and "reconciling" in line["message"]
    ]
    assert reconciled, "no log line of the feature delivery's reconcile"
    assert reconciled[0]["repository"] == REPO.full_name
    assert reconciled[0]["event"] == "pull_request"
    assert any("shut down" in line["message"] for line in lines)
    audited = [
        json.loads(line["message"])
        for line in lines
        if line["logger"] == "regent.audit" and line["message"].startswith("{")
    ]
    (release,) = [record for record in audited if record["object"]["kind"] == "release"]
    delivered = {event["headers"]["X-GitHub-Delivery"] for event in events}
    assert release["correlation_id"] in delivered - {feature_id}  # the merge's push or PR event
    assert release["installation_id"] == INSTALLATION
    assert release["actor"]
    assert release["after"]["tag_name"] == "v1.1.0"
    assert all(key not in line["message"] for line in lines)


def test_missing_settings_stop_it_with_exit_code_2(tmp_path: Path) -> None:
    keep = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    environment = keep | {"PYTHONPATH": str(ROOT), "GITHUB_APP_ID": "forty-two"}
    done = subprocess.run(
        [sys.executable, "-m", "regent", "serve", "--port", str(free_port())],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    for named in (
        "GITHUB_APP_ID is 'forty-two'",
        "GITHUB_APP_PRIVATE_KEY",
        "GITHUB_WEBHOOK_SECRET",
    ):
        assert named in done.stderr
