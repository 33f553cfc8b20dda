"""The tracer port and its OpenTelemetry adapter (the SDK's in-memory exporter): when the
environment asks for traces, spans nest and start new traces where told, finished spans are
recorded after the fact, JSON log lines carry the ids, git processes are named by their
subcommand only; with tracing off nothing is recorded."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from regent.adapters.git.traced import git_command
from regent.adapters.tracing.setup import otel_tracer
from regent.adapters.tracing.wanted import tracing_wanted
from regent.core.errors import UsageError
from regent.core.tracing import NO_TRACER, current_tracer, install_tracer, span, tracing
from regent.runtimes.json_logs import JsonLines, delivery_context
from regent.runtimes.wiring import tracing as wiring_tracing


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    install_tracer(otel_tracer({}, exporter=exporter))
    yield exporter
    install_tracer(NO_TRACER)


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        pytest.param({}, False, id="nothing set: off"),
        pytest.param({"REGENT_TRACING": "1"}, True, id="REGENT_TRACING=1"),
        pytest.param({"REGENT_TRACING": "0"}, False, id="REGENT_TRACING=0"),
        pytest.param({"OTEL_TRACES_EXPORTER": "otlp"}, True, id="an exporter named"),
        pytest.param({"OTEL_TRACES_EXPORTER": "none"}, False, id="exporter none"),
        pytest.param(
            {"OTEL_TRACES_EXPORTER": "none", "REGENT_TRACING": "1"}, False, id="none wins"
        ),
        pytest.param(
            {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True, id="an endpoint"
        ),
        pytest.param(
            {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, True, id="traces"
        ),
        pytest.param(
            {"OTEL_SDK_DISABLED": "true", "REGENT_TRACING": "1"}, False, id="SDK disabled"
        ),
    ],
)
def test_tracing_wanted(environ: dict[str, str], wanted: bool) -> None:
    assert tracing_wanted(environ) is wanted


@pytest.mark.parametrize(
    ("command", "name"),
    [
        pytest.param(["git", "log", "-z", "main"], "log", id="log"),
        pytest.param(["git", "-c", "a=b", "fetch", "origin"], "fetch", id="-c value skipped"),
        pytest.param(["-C", "/tmp/x", "rev-parse", "--git-dir"], "rev-parse", id="-C path"),
        pytest.param("git merge-base --is-ancestor a b", "merge-base", id="a string"),
        pytest.param(["git", "--version"], "git", id="no subcommand"),
    ],
)
def test_a_git_process_is_named_by_its_subcommand_only(command: object, name: str) -> None:
    assert git_command(command) == name  # type: ignore[arg-type]


def test_off_by_default_every_span_is_inert() -> None:
    assert current_tracer() is NO_TRACER
    assert not tracing()
    with span("anything", {"k": 1}, new_trace=True) as inert:
        inert.set_attribute("k", 2)
    NO_TRACER.record("GET /x", {}, seconds=0.1, error="boom")
    assert NO_TRACER.log_ids() == {}


def test_spans_nest_and_a_new_trace_starts_where_told(spans: InMemorySpanExporter) -> None:
    with span("delivery", {"regent.delivery_id": "d-1"}, new_trace=True):
        with span("gather") as gather:
            gather.set_attribute("regent.base_branch", "main")
        with span("other delivery", new_trace=True):
            pass
    finished = {s.name: s for s in spans.get_finished_spans()}
    root, child, other = finished["delivery"], finished["gather"], finished["other delivery"]
    assert root.parent is None
    assert child.parent is not None
    assert child.parent.span_id == root.context.span_id
    assert child.context.trace_id == root.context.trace_id
    assert other.parent is None
    assert other.context.trace_id != root.context.trace_id
    assert child.attributes == {"regent.base_branch": "main"}


def test_a_failing_block_marks_its_span_failed(spans: InMemorySpanExporter) -> None:
    with pytest.raises(UsageError), span("apply"):
        raise UsageError("bad")
    [failed] = spans.get_finished_spans()
    assert failed.status.status_code is StatusCode.ERROR
    assert [event.name for event in failed.events] == ["exception"]


def test_a_recorded_span_is_a_finished_child_with_its_duration(
    spans: InMemorySpanExporter,
) -> None:
    with span("apply", new_trace=True):
        current_tracer().record("GET /repos/{owner}/{repo}", {"a": 1}, seconds=0.25)
        current_tracer().record("POST /repos/{owner}/{repo}/pulls", {}, seconds=0.1, error="502")
    finished = {s.name: s for s in spans.get_finished_spans()}
    read, write, apply = (
        finished["GET /repos/{owner}/{repo}"],
        finished["POST /repos/{owner}/{repo}/pulls"],
        finished["apply"],
    )
    assert read.parent is not None
    assert read.parent.span_id == apply.context.span_id
    assert read.end_time is not None
    assert read.start_time is not None
    assert abs((read.end_time - read.start_time) / 1e9 - 0.25) < 0.01
    assert read.status.status_code is StatusCode.UNSET
    assert write.status.status_code is StatusCode.ERROR
    assert dict(write.attributes or {})["error.type"] == "502"


def test_json_log_lines_carry_the_trace_and_span_ids(spans: InMemorySpanExporter) -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("regent.test.tracing")
    logger.addHandler(handler)
    try:
        logger.warning("outside")
        with (
            delivery_context(delivery_id="d-1", repository="acme/widget", event="push"),
            span("delivery", new_trace=True),
        ):
            logger.warning("inside")
    finally:
        logger.removeHandler(handler)
    outside, inside = (json.loads(line) for line in out.getvalue().splitlines())
    [root] = spans.get_finished_spans()
    assert "trace_id" not in outside
    assert inside["trace_id"] == f"{root.context.trace_id:032x}"
    assert inside["span_id"] == f"{root.context.span_id:016x}"
    assert inside["delivery_id"] == "d-1"


def test_an_unknown_exporter_is_a_usage_error_naming_the_variable() -> None:
    with pytest.raises(UsageError, match="OTEL_TRACES_EXPORTER='zipkin'"):
        otel_tracer({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_start_tracing_installs_once_and_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    try:
        assert wiring_tracing.start_tracing({}) is False
        assert current_tracer() is NO_TRACER
        assert wiring_tracing.start_tracing({"OTEL_TRACES_EXPORTER": "console"}) is True
        installed = current_tracer()
        assert installed is not NO_TRACER
        assert wiring_tracing.start_tracing({"OTEL_TRACES_EXPORTER": "console"}) is True
        assert current_tracer() is installed
    finally:
        install_tracer(NO_TRACER)


def test_without_the_otel_extra_tracing_asked_for_is_a_warning_naming_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "regent.adapters.tracing.setup", None)
    with caplog.at_level(logging.WARNING):
        assert wiring_tracing.start_tracing({"REGENT_TRACING": "1"}) is False
    assert current_tracer() is NO_TRACER
    assert "release-regent[otel]" in caplog.text
