"""``regent serve`` as a real process with the OTEL_* variables set: the delivery that opens the
release PR is one trace sent over OTLP (its root the delivery, with the worker's gather, decide,
apply, git processes and GitHub requests), and the JSON log lines of that delivery carry its
trace id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle
from tests.e2e.test_tracing_otlp import Collector, attributes, collector
from tests.e2e.test_webhook_serve import (
    APP_ID,
    INSTALLATION,
    SECRET,
    Server,
    lifecycle,
    poll,
    server_environment,
)

pytestmark = pytest.mark.e2e
__all__ = ["collector", "lifecycle"]


def test_a_delivery_handled_by_serve_is_one_trace_tied_to_its_log_lines(
    lifecycle: Lifecycle, tmp_path: Path, collector: Collector
) -> None:
    key = private_pem()
    body = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", body).status == 201
    environment = server_environment(lifecycle, tmp_path / "cache", key) | {
        "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    server = Server(tmp_path, environment)
    try:
        server.wait_ready()
        hook = {"url": f"{server.url}/webhook", "secret": SECRET}
        assert lifecycle.client.post("/_sim/webhook", hook).status == 200
        lifecycle.land("feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash")

        def opened_root() -> Any:
            roots = [
                span
                for _, span in collector.spans
                if span.name == "delivery"
                and attributes(span).get("regent.outcome") == "release_pr_opened"
            ]
            return roots[0] if roots else None

        root = poll("the trace of the delivery that opened the release PR", opened_root)
    finally:
        assert server.stop() == 0

    spans = [span for _, span in collector.spans if span.trace_id == root.trace_id]
    names = {span.name for span in spans}
    assert {"gather", "decide", "apply", "git log", "POST /repos/{owner}/{repo}/pulls"} <= names
    delivery_id = attributes(root)["regent.delivery_id"]
    assert attributes(root)["github.repository"] == REPO.full_name
    lines = [line for line in server.log_lines() if line.get("delivery_id") == delivery_id]
    assert any("reconciling" in line["message"] for line in lines)
    traced = {line.get("trace_id") for line in lines if "trace_id" in line}
    assert traced == {root.trace_id.hex()}
