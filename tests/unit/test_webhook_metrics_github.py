"""/metrics' GitHub call latency histogram and per-installation outcome counters, read back with
prometheus_client's own parser."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from regent.runtimes.webhook.metrics import WebhookMetrics

ROUTE = "/repos/{owner}/{repo}/pulls/{pull_number}"


def samples(metrics: WebhookMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.render().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_github_calls_are_timed_by_route_method_and_status_class() -> None:
    metrics = WebhookMetrics()
    metrics.github_call(route=ROUTE, method="PATCH", status="2xx", seconds=0.2)
    metrics.github_call(route=ROUTE, method="PATCH", status="2xx", seconds=3.0)
    metrics.github_call(route=ROUTE, method="BREW", status="418", seconds=0.01)
    found = samples(metrics)
    labels = (("method", "PATCH"), ("route", ROUTE), ("status", "2xx"))
    assert found["regent_github_call_seconds_count", labels] == 2
    assert found["regent_github_call_seconds_sum", labels] == 3.2
    bucket = tuple(sorted([*labels, ("le", "0.25")]))
    assert found["regent_github_call_seconds_bucket", bucket] == 1
    odd = (("method", "other"), ("route", ROUTE), ("status", "other"))
    assert found["regent_github_call_seconds_count", odd] == 1


def test_handled_deliveries_are_counted_per_installation() -> None:
    metrics = WebhookMetrics()
    metrics.outcome(42, "released")
    metrics.outcome(42, "released")
    metrics.outcome(None, "failed")
    found = samples(metrics)
    assert found["regent_outcomes_total", (("installation", "42"), ("outcome", "released"))] == 2
    assert found["regent_outcomes_total", (("installation", "none"), ("outcome", "failed"))] == 1
