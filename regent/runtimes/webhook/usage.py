"""What each App installation has used of ``regent serve`` since it started, and its caps' effect.

Counted per installation: ``deliveries`` (accepted for work: queued or folded into a waiting
one), ``reconciles`` (reconcile runs a worker started, each attempt counted, failed ones
included) and ``api_calls`` (GitHub API requests sent while working one of its deliveries,
each retry included; the installation-token requests, about one an hour, are counted in
``regent_github_api_calls_total`` only). ``/metrics`` shows them as
``regent_installation_usage_total{installation,kind}``, beside
``regent_installation_waiting{installation}`` and ``regent_installation_held_total``; ``GET
/usage`` as a JSON report.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from regent.core.run_context import current_run
from regent.runtimes.webhook.tenants import InstallationQuotas

KINDS = ("deliveries", "reconciles", "api_calls")


class InstallationUsage:
    """Running counts per installation and kind, since this process started."""

    def __init__(self, *, now: Callable[[], datetime.datetime] | None = None) -> None:
        self.since = (now or _utc_now)()
        self._lock = threading.Lock()
        self._counts: dict[int, dict[str, int]] = {}

    def count(self, installation: int | None, kind: str, amount: int = 1) -> None:
        """Add ``amount`` of ``kind`` (one of ``KINDS``) to ``installation`` (None: not counted)."""
        if installation is None:
            return
        with self._lock:
            counts = self._counts.setdefault(installation, dict.fromkeys(KINDS, 0))
            counts[kind] += amount

    def api_calls(self, attempts: int) -> None:
        """Count a request's ``attempts`` for the installation of the delivery being worked."""
        run = current_run()
        self.count(run.installation_id if run else None, "api_calls", attempts)

    def counts(self) -> dict[int, dict[str, int]]:
        with self._lock:
            return {installation: dict(kinds) for installation, kinds in self._counts.items()}

    def report(self) -> dict[str, object]:
        """``GET /usage``: since when, and each installation's counts (ids as strings)."""
        counts = self.counts()
        totals = {kind: sum(found[kind] for found in counts.values()) for kind in KINDS}
        return {
            "since": self.since.isoformat(timespec="seconds"),
            "installations": {str(key): counts[key] for key in sorted(counts)},
            "totals": totals,
        }


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class UsageMetrics(Collector):
    """/metrics, read when scraped: usage per installation, its deliveries waiting, and the
    deliveries its caps held back."""

    def __init__(
        self,
        usage: InstallationUsage,
        quotas: InstallationQuotas,
        waiting: Callable[[], dict[int, int]],
    ) -> None:
        self._usage = usage
        self._quotas = quotas
        self._waiting = waiting

    def collect(self) -> Iterator[Metric]:
        used = CounterMetricFamily(
            "regent_installation_usage",
            "What each App installation used since the service started: deliveries accepted "
            "for work, reconciles started, GitHub API requests.",
            labels=["installation", "kind"],
        )
        for installation, kinds in sorted(self._usage.counts().items()):
            for kind in KINDS:
                used.add_metric([str(installation), kind], kinds[kind])
        yield used
        waiting = GaugeMetricFamily(
            "regent_installation_waiting",
            "Deliveries of an App installation accepted and not yet started.",
            labels=["installation"],
        )
        for installation, count in sorted(self._waiting().items()):
            waiting.add_metric([str(installation)], count)
        yield waiting
        held = CounterMetricFamily(
            "regent_installation_held",
            "Deliveries that started after waiting while their installation was at a cap "
            "(concurrency, per_minute); none is dropped.",
            labels=["installation", "cap"],
        )
        for (installation, cap), count in sorted(self._quotas.held().items()):
            held.add_metric([str(installation), cap], count)
        yield held
