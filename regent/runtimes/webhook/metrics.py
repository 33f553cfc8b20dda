"""The webhook service's Prometheus metrics, in a registry of its own (one per application).

- ``regent_deliveries_total{event,outcome}``: every delivery, by how it ended. ``event`` is one
  of the events Release Regent routes, else ``other``. Received: ``accepted``, ``folded``,
  ``duplicate``, ``ignored``, ``pong``, ``rejected_signature``, ``rejected_payload``,
  ``too_large``, ``timed_out``, ``busy``, ``incomplete``, ``not_stored``, ``shutting_down``,
  ``refused_tenant`` (tenants.py's lists);
  handled in a worker: one of ``webhook_door.HANDLED`` (``released``, ``release_pr_opened``,
  ``nothing_to_release``...) or ``failed``.
- ``regent_delivery_processing_seconds``: how long handling a delivery took (histogram).
- ``regent_github_api_calls_total``: GitHub API requests the worker's adapter made (read from
  its call counts when scraped).
- ``regent_queue_depth``: deliveries accepted and not yet started.
- ``regent_queue_oldest_seconds``: how long the longest-waiting of them has waited (0: none).
- ``regent_github_rate_limit_remaining``: the GitHub API requests left in the rate-limit window,
  from the last response the worker's clients saw (absent before any response).
- ``regent_github_call_seconds{route,method,status}``: how long each GitHub API request took
  (histogram; urllib3's retries inside it included), by GitHub's route template
  (``/repos/{owner}/{repo}/pulls/{pull_number}``, else ``other``), method and status class
  (``2xx``, ``3xx``, ``4xx``, ``5xx``, ``error`` when no answer came).
- ``regent_breaker_state{installation}``, ``regent_installation_paused{installation}``,
  ``regent_requeued_deliveries_total``: the circuit breakers and paused installations
  (pauses.py's collector, registered by the application).
- ``regent_outcomes_total{installation,outcome}``: deliveries handled in a worker, by the App
  installation they came from (``none`` when they name none) and how they ended (the handled
  outcomes of ``regent_deliveries_total``, ``failed`` included).
- ``regent_installation_usage_total{installation,kind}``, ``regent_installation_waiting
  {installation}``, ``regent_installation_held_total{installation,cap}``: each installation's
  usage and caps (usage.py's collector, registered by the application).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from regent.core.routing import ROUTED_EVENTS

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
KNOWN_EVENTS = frozenset(ROUTED_EVENTS)
"""The event names used as labels; any other is ``other``. Signed or not, a request's headers are
not covered by the signature, so no header value may grow the label set."""
PROCESSING_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
CALL_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
STATUS_CLASSES = frozenset({"1xx", "2xx", "3xx", "4xx", "5xx", "error"})


class _GitHubCalls(Collector):
    """``regent_github_api_calls_total`` from the adapter's running count, read when scraped."""

    def __init__(self) -> None:
        self.source: Callable[[], int] | None = None

    def collect(self) -> Iterator[Metric]:
        total = self.source() if self.source is not None else 0
        yield CounterMetricFamily(
            "regent_github_api_calls",
            "GitHub API requests made by the delivery worker (retries and tokens included).",
            value=total,
        )


class _RateLimitRemaining(Collector):
    """``regent_github_rate_limit_remaining`` from the adapter's last response, read when scraped;
    absent while no response has told it."""

    def __init__(self) -> None:
        self.source: Callable[[], int | None] | None = None

    def collect(self) -> Iterator[Metric]:
        remaining = self.source() if self.source is not None else None
        if remaining is None:
            return
        yield GaugeMetricFamily(
            "regent_github_rate_limit_remaining",
            "GitHub API requests left in the rate-limit window (lowest over the worker's "
            "clients, from their last responses).",
            value=remaining,
        )


class WebhookMetrics:
    """The counters, histogram and gauges of one webhook application."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._deliveries = Counter(
            "regent_deliveries",
            "Webhook deliveries by event and outcome.",
            ["event", "outcome"],
            registry=self.registry,
        )
        self._processing = Histogram(
            "regent_delivery_processing_seconds",
            "Seconds spent handling one delivery in a worker.",
            buckets=PROCESSING_BUCKETS,
            registry=self.registry,
        )
        self._depth = Gauge(
            "regent_queue_depth",
            "Deliveries accepted and not yet started.",
            registry=self.registry,
        )
        self._depth.set_function(lambda: 0.0)
        self._oldest = Gauge(
            "regent_queue_oldest_seconds",
            "Seconds the longest-waiting accepted delivery has waited to start (0: none waits).",
            registry=self.registry,
        )
        self._oldest.set_function(lambda: 0.0)
        self._github = _GitHubCalls()
        self.registry.register(self._github)
        self._rate_limit = _RateLimitRemaining()
        self.registry.register(self._rate_limit)
        self._calls = Histogram(
            "regent_github_call_seconds",
            "Seconds each GitHub API request took, by route template, method and status class.",
            ["route", "method", "status"],
            buckets=CALL_BUCKETS,
            registry=self.registry,
        )
        self._outcomes = Counter(
            "regent_outcomes",
            "Deliveries handled in a worker, by App installation and outcome.",
            ["installation", "outcome"],
            registry=self.registry,
        )

    def delivery(self, event: str | None, outcome: str) -> None:
        """Count one delivery of ``event`` (a known name, else ``other``) that ended with
        ``outcome`` (one of the service's own words, never request data)."""
        self._deliveries.labels(event=event_label(event), outcome=outcome).inc()

    def github_call(self, *, route: str, method: str, status: str, seconds: float) -> None:
        """Record one GitHub API request: its route template (the adapter's bounded set), method
        and status class (anything else counted as ``other``)."""
        method = method if method in METHODS else "other"
        status = status if status in STATUS_CLASSES else "other"
        self._calls.labels(route=route, method=method, status=status).observe(seconds)

    def outcome(self, installation: int | None, outcome: str) -> None:
        """Count one handled delivery of ``installation`` (an id GitHub signed) by ``outcome``."""
        label = str(installation) if installation is not None else "none"
        self._outcomes.labels(installation=label, outcome=outcome).inc()

    def processed(self, seconds: float) -> None:
        """Record the time one delivery took to handle."""
        self._processing.observe(seconds)

    def watch_queue(self, depth: Callable[[], int]) -> None:
        """Report ``depth()`` as the queue depth."""
        self._depth.set_function(lambda: float(depth()))

    def watch_queue_age(self, oldest: Callable[[], float]) -> None:
        """Report ``oldest()`` as the longest wait in the queue."""
        self._oldest.set_function(oldest)

    def watch_github_calls(self, total: Callable[[], int]) -> None:
        """Report ``total()`` as the GitHub API calls made so far."""
        self._github.source = total

    def watch_github_rate_limit(self, remaining: Callable[[], int | None]) -> None:
        """Report ``remaining()`` as the GitHub rate limit left (nothing while it is None)."""
        self._rate_limit.source = remaining

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


def event_label(event: str | None) -> str:
    """The ``event`` label: one of the events Release Regent routes, else ``other``."""
    name = (event or "").strip()
    return name if name in KNOWN_EVENTS else "other"
