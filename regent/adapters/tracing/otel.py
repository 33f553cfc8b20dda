"""The tracer port over the OpenTelemetry API: one span per ``span`` call, the root of a new
trace for a delivery or an Action run, its ids for the log lines."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Status, StatusCode

from regent.core.tracing import Attributes, AttributeValue, Span

INSTRUMENTATION = "release-regent"


class _OtelSpan:
    """An OpenTelemetry span seen through the port."""

    __slots__ = ("_span",)

    def __init__(self, span: trace.Span) -> None:
        self._span = span

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        self._span.set_attribute(key, value)


class OtelTracer:
    """Spans recorded by an SDK ``TracerProvider`` and sent by its span processors."""

    def __init__(self, provider: TracerProvider) -> None:
        self._provider = provider
        self._tracer = provider.get_tracer(INSTRUMENTATION)

    def span(
        self, name: str, attributes: Attributes | None = None, *, new_trace: bool = False
    ) -> AbstractContextManager[Span]:
        return self._span(name, attributes, new_trace=new_trace)

    @contextmanager
    def _span(self, name: str, attributes: Attributes | None, *, new_trace: bool) -> Iterator[Span]:
        parent = otel_context.Context() if new_trace else None
        with self._tracer.start_as_current_span(
            name, context=parent, attributes=dict(attributes or {})
        ) as span:
            yield _OtelSpan(span)

    def record(
        self, name: str, attributes: Attributes, *, seconds: float, error: str | None = None
    ) -> None:
        end = time.time_ns()
        started = self._tracer.start_span(
            name, attributes=dict(attributes), start_time=end - int(seconds * 1e9)
        )
        if error is not None:
            started.set_status(Status(StatusCode.ERROR, error))
            started.set_attribute("error.type", error)
        started.end(end_time=end)

    def log_ids(self) -> dict[str, str]:
        found = trace.get_current_span().get_span_context()
        if not found.is_valid:
            return {}
        return {
            "trace_id": trace.format_trace_id(found.trace_id),
            "span_id": trace.format_span_id(found.span_id),
        }

    def flush(self) -> None:
        self._provider.force_flush()
