"""Tracing through the Action's entrypoint as a runner starts it, exported for real: OTLP over
HTTP to a collector stand-in (a local server decoding the protobuf export requests). A push
that opens the release PR is one trace: the run, gather, decide and apply, git processes and
GitHub requests named by route template; without the OTEL_* variables nothing is sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.e2e.lifecycle_harness import Lifecycle
from tests.e2e.test_action_entrypoint import Runner, land_feature, lifecycle, push_payload, runner

pytestmark = pytest.mark.e2e
__all__ = ["lifecycle", "runner"]


class Collector:
    """Receives OTLP/HTTP trace exports; keeps each span with its resource's attributes."""

    def __init__(self) -> None:
        self.spans: list[tuple[dict[str, Any], Any]] = []
        self.paths: list[str] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                collector.receive(self.path, body)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def receive(self, path: str, body: bytes) -> None:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        self.paths.append(path)
        for resource_spans in request.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                self.spans.extend((resource, span) for span in scope_spans.spans)


@pytest.fixture
def collector() -> Iterator[Collector]:
    found = Collector()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()


def attributes(span: Any) -> dict[str, Any]:
    values = {}
    for attribute in span.attributes:
        value = attribute.value
        values[attribute.key] = getattr(value, value.WhichOneof("value"))
    return values


def test_an_action_run_is_one_trace_sent_over_otlp(
    lifecycle: Lifecycle, runner: Runner, collector: Collector
) -> None:
    land_feature(lifecycle)
    environ = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
        "OTEL_SERVICE_NAME": "regent-under-test",
        "GITHUB_RUN_ID": "4242",
    }

    run = runner.run("push", push_payload(lifecycle), env=environ)

    assert run.code == 0, run.stdout + run.stderr
    assert collector.paths
    assert set(collector.paths) == {"/v1/traces"}
    spans = [span for _, span in collector.spans]
    assert {resource["service.name"] for resource, _ in collector.spans} == {"regent-under-test"}
    assert len({span.trace_id for span in spans}) == 1
    [root] = [span for span in spans if not span.parent_span_id]
    assert root.name == "action run"
    assert attributes(root) == {"github.repository": "acme/widget", "github.event": "push"}
    names = [span.name for span in spans]
    for part in ("gather", "decide", "apply", "git log", "POST /repos/{owner}/{repo}/pulls"):
        assert part in names, names
    created = next(s for s in spans if s.name == "POST /repos/{owner}/{repo}/pulls")
    assert attributes(created)["http.response.status_code"] == 201


def test_without_otel_variables_nothing_is_sent(
    lifecycle: Lifecycle, runner: Runner, collector: Collector
) -> None:
    land_feature(lifecycle)
    run = runner.run("push", push_payload(lifecycle), env={"OTEL_SERVICE_NAME": "quiet"})
    assert run.code == 0, run.stdout + run.stderr
    assert collector.paths == []
