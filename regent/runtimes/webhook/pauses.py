"""Installations the webhook service takes no work for until GitHub will answer them again.

A delivery that stops on a spent rate limit (the primary limit until ``X-RateLimit-Reset``, a
secondary one until its ``Retry-After``) or on its installation's open circuit breaker (until
the breaker's probe) pauses its installation until then, and goes back to its queue: not
dropped, not counted as one of its attempts. Other installations go on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from regent.adapters.github.breaker import BreakerState, GitHubBreakerOpenError
from regent.core.errors import GitHubRateLimitError, RegentError

Clock = Callable[[], float]


def paused_until(error: RegentError) -> float | None:
    """When the installation that met ``error`` may send again (epoch seconds), or None when
    ``error`` is no reason to pause it."""
    if isinstance(error, GitHubBreakerOpenError):
        return error.probe_at
    if isinstance(error, GitHubRateLimitError) and error.retry_at is not None:
        return error.retry_at.timestamp()
    return None


class InstallationPauses:
    """The paused installations and until when, and the deliveries re-queued for them."""

    def __init__(self, *, clock: Clock = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until: dict[int, float] = {}
        self._requeued = 0

    def pause(self, installation: int, *, until: float) -> None:
        """Take no work for ``installation`` before ``until`` (a later pause wins); the
        delivery that met the reason goes back to its queue, counted."""
        with self._lock:
            self._until[installation] = max(until, self._until.get(installation, until))
            self._requeued += 1

    def waits(self, installation: int | None) -> float:
        """Seconds ``installation``'s work must still wait (0: it may go now)."""
        if installation is None:
            return 0.0
        now = self._clock()
        with self._lock:
            until = self._until.get(installation)
            if until is None:
                return 0.0
            if until <= now:
                del self._until[installation]
                return 0.0
            return until - now

    def paused(self) -> dict[int, float]:
        """The installations paused now, each with the moment it may go again."""
        now = self._clock()
        with self._lock:
            return {key: until for key, until in self._until.items() if until > now}

    @property
    def requeued(self) -> int:
        """Deliveries put back in their queue because their installation was paused."""
        with self._lock:
            return self._requeued


class PauseMetrics(Collector):
    """/metrics, read when scraped: ``regent_breaker_state{installation}`` (0 closed, 1
    half-open, 2 open), ``regent_installation_paused{installation}`` (1 while paused) and
    ``regent_requeued_deliveries_total``."""

    def __init__(self, pauses: InstallationPauses) -> None:
        self._pauses = pauses
        self.breakers: Callable[[], dict[str, BreakerState]] = dict
        """The breakers' states, once the worker's GitHub connection is made."""

    def collect(self) -> Iterator[Metric]:
        states = GaugeMetricFamily(
            "regent_breaker_state",
            "GitHub circuit breaker per App installation: 0 closed, 1 half-open, 2 open.",
            labels=["installation"],
        )
        for name, state in sorted(self.breakers().items()):
            states.add_metric([name.removeprefix("installation ")], state.gauge)
        yield states
        paused = GaugeMetricFamily(
            "regent_installation_paused",
            "1 while an installation takes no work (its rate limit spent or its breaker open).",
            labels=["installation"],
        )
        for installation in sorted(self._pauses.paused()):
            paused.add_metric([str(installation)], 1)
        yield paused
        yield CounterMetricFamily(
            "regent_requeued_deliveries",
            "Deliveries put back in their queue, not counted as an attempt, as their "
            "installation was paused.",
            value=self._pauses.requeued,
        )
