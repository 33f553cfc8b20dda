"""The webhook service's counters for AWS Lambda: CloudWatch embedded metric format (EMF) lines.

A Lambda function has no ``/metrics`` to scrape; CloudWatch Logs turns each JSON line in the
EMF shape written to stdout into metrics. The names and dimensions are those of
``regent serve``'s /metrics (docs/operations.md#metrics-and-dashboards):

- ``regent_deliveries_total`` by ``event`` and ``outcome``;
- ``regent_outcomes_total`` by ``installation`` and ``outcome`` (deliveries handled);
- ``regent_github_call_seconds`` (the values, in seconds; CloudWatch keeps their statistics) and
  ``regent_github_calls_total`` (their count), by ``route``, ``method`` and ``status``.

Each invocation's counts are gathered in memory and written once, at its end (``flush``): one
line per metric and set of dimension values, at most ``MAX_VALUES`` values per line.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from regent.core.routing import ROUTED_EVENTS
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import Handle, build_worker, handle_with
from regent.runtimes.webhook.settings import WebhookSettings

NAMESPACE = "ReleaseRegent"
MAX_VALUES = 100
"""CloudWatch takes at most 100 values of one metric in one EMF line."""


class EmfMetrics:
    """Counts gathered during one invocation, written as EMF lines by ``flush``."""

    def __init__(
        self, *, namespace: str = NAMESPACE, clock: Callable[[], float] = time.time
    ) -> None:
        self.namespace = namespace
        self._clock = clock
        self._lock = threading.Lock()
        self._deliveries: Counter[tuple[str, str]] = Counter()
        self._outcomes: Counter[tuple[str, str]] = Counter()
        self._calls: dict[tuple[str, str, str], list[float]] = {}

    def delivery(self, event: str, outcome: str) -> None:
        """Count one delivery of ``event`` (already a bounded label) by how it ended."""
        with self._lock:
            self._deliveries[event, outcome] += 1

    def outcome(self, installation: int | None, outcome: str) -> None:
        """Count one handled delivery of ``installation`` by ``outcome``."""
        label = str(installation) if installation is not None else "none"
        with self._lock:
            self._outcomes[label, outcome] += 1

    def github_call(self, *, route: str, method: str, status: str, seconds: float) -> None:
        """Record one GitHub API request's time by route template, method and status class."""
        with self._lock:
            self._calls.setdefault((route, method, status), []).append(round(seconds, 6))

    def lines(self) -> list[str]:
        """The EMF lines of what was counted since the last call (which it forgets)."""
        with self._lock:
            deliveries, self._deliveries = self._deliveries, Counter()
            outcomes, self._outcomes = self._outcomes, Counter()
            calls, self._calls = self._calls, {}
        stamp = int(self._clock() * 1000)
        found = [
            *self._counts("regent_deliveries_total", ("event", "outcome"), deliveries, stamp),
            *self._counts("regent_outcomes_total", ("installation", "outcome"), outcomes, stamp),
            *self._timings(calls, stamp),
        ]
        return [json.dumps(line, separators=(",", ":"), sort_keys=True) for line in found]

    def flush(self, stream: TextIO | None = None) -> None:
        """Write the lines to ``stream`` (stdout, which Lambda sends to CloudWatch Logs)."""
        lines = self.lines()
        if not lines:
            return
        out = stream or sys.stdout
        out.write("".join(line + "\n" for line in lines))
        out.flush()

    def _counts(
        self,
        name: str,
        dimensions: tuple[str, str],
        counted: Counter[tuple[str, str]],
        stamp: int,
    ) -> Iterator[dict[str, Any]]:
        for values, count in sorted(counted.items()):
            line = self._line(stamp, dimensions, [(name, "Count")])
            yield line | dict(zip(dimensions, values, strict=True)) | {name: count}

    def _timings(
        self, calls: dict[tuple[str, str, str], list[float]], stamp: int
    ) -> Iterator[dict[str, Any]]:
        dimensions = ("route", "method", "status")
        metrics = [
            ("regent_github_call_seconds", "Seconds"),
            ("regent_github_calls_total", "Count"),
        ]
        for values, seconds in sorted(calls.items()):
            for start in range(0, len(seconds), MAX_VALUES):
                chunk = seconds[start : start + MAX_VALUES]
                line = self._line(stamp, dimensions, metrics)
                yield (
                    line
                    | dict(zip(dimensions, values, strict=True))
                    | {
                        "regent_github_call_seconds": chunk,
                        "regent_github_calls_total": len(chunk),
                    }
                )

    def _line(
        self, stamp: int, dimensions: tuple[str, ...], metrics: list[tuple[str, str]]
    ) -> dict[str, Any]:
        return {
            "_aws": {
                "Timestamp": stamp,
                "CloudWatchMetrics": [
                    {
                        "Namespace": self.namespace,
                        "Dimensions": [list(dimensions)],
                        "Metrics": [{"Name": name, "Unit": unit} for name, unit in metrics],
                    }
                ],
            }
        }


def event_label(event: str | None) -> str:
    """The ``event`` dimension: an event Release Regent routes, else ``other`` (as /metrics)."""
    name = (event or "").strip()
    return name if name in ROUTED_EVENTS else "other"


def counted(handle: Callable[[Delivery], str], metrics: EmfMetrics) -> Handle:
    """``handle``, counting each delivery it handles by event, installation and outcome
    (``failed`` when it raises)."""

    def run(delivery: Delivery) -> str:
        event = event_label(delivery.event)
        installation = getattr(delivery.route, "installation_id", None)
        try:
            outcome = handle(delivery)
        except BaseException:
            metrics.delivery(event, "failed")
            metrics.outcome(installation, "failed")
            raise
        metrics.delivery(event, outcome)
        metrics.outcome(installation, outcome)
        return outcome

    return run


def observed_handle(settings: WebhookSettings, *, metrics: EmfMetrics) -> Handle:
    """The worker-side handler (as ``door.default_handle``), its GitHub requests timed in
    ``metrics``."""
    built = build_worker(settings)
    built.github.observe_calls(
        lambda call: metrics.github_call(
            route=call.route, method=call.method, status=call.status_class, seconds=call.seconds
        )
    )
    return handle_with(built.worker)
