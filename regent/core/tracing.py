"""The tracer port: spans around a run's parts (gather, decide, apply), each GitHub call and
each git process, and the ids that tie a log line to its span.

Off by default: the no-op tracer costs a function call and a shared object per span. The
wiring installs an implementation (``regent.adapters.tracing``, OpenTelemetry) when the
environment asks for tracing; the code that traces only ever calls ``span``.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol

AttributeValue = str | int | float | bool
"""What a span attribute holds (OpenTelemetry's primitive types)."""
Attributes = Mapping[str, AttributeValue]


class Span(Protocol):
    """The span in progress: what is learnt while it runs."""

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        """Record ``key`` on the span (a call's status once answered, an attempt number)."""
        ...


class Tracer(Protocol):
    """Starts spans and names the one in progress."""

    def span(
        self, name: str, attributes: Attributes | None = None, *, new_trace: bool = False
    ) -> AbstractContextManager[Span]:
        """A span around the block, a child of the one in progress (in this thread or task),
        or the root of a new trace (``new_trace``: one delivery or Action run). An exception
        leaving the block marks it failed, with the error."""
        ...

    def record(
        self, name: str, attributes: Attributes, *, seconds: float, error: str | None = None
    ) -> None:
        """A span that ended just now after ``seconds`` (told after the fact: a GitHub
        request, a streamed git process), a child of the one in progress; ``error`` marks it
        failed."""
        ...

    def log_ids(self) -> dict[str, str]:
        """``trace_id`` and ``span_id`` (hex) of the span in progress; empty outside any."""
        ...

    def flush(self) -> None:
        """Send what was recorded (before a serverless process is frozen)."""
        ...


class _NoSpan:
    """The span of the no-op tracer: records nothing, and is its own context manager."""

    __slots__ = ()

    def set_attribute(self, key: str, value: AttributeValue) -> None:
        """Nothing is recorded."""

    def __enter__(self) -> _NoSpan:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


_NO_SPAN = _NoSpan()


class NoTracer:
    """Tracing off: every span is the same inert object."""

    def span(
        self, name: str, attributes: Attributes | None = None, *, new_trace: bool = False
    ) -> AbstractContextManager[Span]:
        return _NO_SPAN

    def record(
        self, name: str, attributes: Attributes, *, seconds: float, error: str | None = None
    ) -> None:
        """Nothing is recorded."""

    def log_ids(self) -> dict[str, str]:
        return {}

    def flush(self) -> None:
        """Nothing to send."""


NO_TRACER = NoTracer()
_installed: list[Tracer] = [NO_TRACER]


def install_tracer(tracer: Tracer) -> None:
    """Trace through ``tracer`` from now on, in every thread (done once, by the wiring)."""
    _installed[0] = tracer


def current_tracer() -> Tracer:
    """The installed tracer (the no-op one unless the wiring installed another)."""
    return _installed[0]


def tracing() -> bool:
    """Whether a tracer other than the no-op one is installed (to skip work only it needs)."""
    return _installed[0] is not NO_TRACER


def span(
    name: str, attributes: Attributes | None = None, *, new_trace: bool = False
) -> AbstractContextManager[Span]:
    """A span around the block through the installed tracer (see ``Tracer.span``)."""
    return _installed[0].span(name, attributes, new_trace=new_trace)
