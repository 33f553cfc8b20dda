"""Tracing a delivery end to end (the SDK's in-memory exporter): the App's worker handles a
merge against the GitHub simulator in one trace, its root the delivery, with the gather, decide
and apply spans, a span per git process and per GitHub request (method, route template,
status, attempts: one span for a request urllib3 retried), and the delivery's JSON log lines
carrying its trace id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from regent.adapters.github.repository import GitHubAdapter
from regent.adapters.tracing.setup import otel_tracer
from regent.core.tracing import NO_TRACER, install_tracer, span
from regent.runtimes.json_logs import use_json_logs
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import handle_with
from regent.services.deliveries import DeliveryWorker
from tests.contract.conftest import World
from tests.contract.test_delivery_worker import key, target, worker
from tests.delivery_ids import delivery_id

pytestmark = pytest.mark.contract
__all__ = ["key", "worker"]


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    install_tracer(otel_tracer({}, exporter=exporter))
    yield exporter
    install_tracer(NO_TRACER)


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("regent").level)
    out = io.StringIO()
    use_json_logs(stream=out)
    yield out
    root.handlers[:], root.level = saved[0], saved[1]
    logging.getLogger("regent").setLevel(saved[2])


def ancestors(found: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names = []
    while found.parent is not None:
        found = by_id[found.parent.span_id]
        names.append(found.name)
    return names


def test_a_handled_delivery_is_one_trace_of_its_parts(
    worker: DeliveryWorker,
    world: World,
    spans: InMemorySpanExporter,
    log_lines: io.StringIO,
) -> None:
    merged = Delivery(
        delivery_id("merged"), "pull_request", "closed", "acme/widget", target(world), "octocat"
    )

    world.forget()
    assert handle_with(worker)(merged) == "release_pr_opened"

    finished = spans.get_finished_spans()
    by_id = {s.context.span_id: s for s in finished}
    [root] = [s for s in finished if s.parent is None]
    assert root.name == "delivery"
    assert dict(root.attributes or {}) == {
        "regent.delivery_id": delivery_id("merged"),
        "github.event": "pull_request",
        "github.repository": "acme/widget",
        "github.installation_id": target(world).installation_id,
        "regent.outcome": "release_pr_opened",
    }
    assert {s.context.trace_id for s in finished} == {root.context.trace_id}
    names = [s.name for s in finished]
    for part in ("gather", "decide", "apply"):
        assert names.count(part) == 1, names
    gits = [s for s in finished if s.name.startswith("git ")]
    assert "git log" in {s.name for s in gits}
    assert all("delivery" in ancestors(s, by_id) for s in gits)
    assert any("gather" in ancestors(s, by_id) for s in gits)

    calls = [s for s in finished if (s.attributes or {}).get("http.request.method")]
    # Every request the repository's clients sent; the installation token is fetched by
    # PyGithub's own authentication client, which the connection does not observe.
    sent = [call for call in world.calls() if call != "POST apps/create-installation-access-token"]
    assert len(calls) == len(sent)
    created = [s for s in calls if s.name == "POST /repos/{owner}/{repo}/pulls"]
    assert len(created) == 1
    attributes = dict(created[0].attributes or {})
    assert attributes["url.template"] == "/repos/{owner}/{repo}/pulls"
    assert attributes["http.response.status_code"] == 201
    assert attributes["github.attempts"] == 1
    assert "apply" in ancestors(created[0], by_id)
    routes = {str((s.attributes or {})["url.template"]) for s in calls}
    assert all("acme" not in route and "widget" not in route for route in routes)

    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    mine = [line for line in lines if line.get("delivery_id") == delivery_id("merged")]
    assert mine
    assert {line["trace_id"] for line in mine} == {f"{root.context.trace_id:032x}"}


def test_a_retried_request_is_one_span_counting_its_attempts(
    github: GitHubAdapter, world: World, spans: InMemorySpanExporter
) -> None:
    world.fault("GET", "/git/ref/heads/main", status=502, times=2)

    with span("run", new_trace=True):
        assert github.branch_head("main") == world.base

    [call] = [s for s in spans.get_finished_spans() if s.name != "run"]
    assert call.name == "GET /repos/{owner}/{repo}/git/ref/{ref}"
    attributes = dict(call.attributes or {})
    assert attributes["github.attempts"] == 3
    assert attributes["http.request.resend_count"] == 2
    assert attributes["http.response.status_code"] == 200
    assert attributes["github.operation"] == "branch_head"
