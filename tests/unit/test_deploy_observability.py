"""What deploy/ ships for operators: the Grafana dashboard and the Prometheus alert rules load,
have the structure Grafana and Prometheus expect, every query parses as PromQL, and every metric
they read is one /metrics exposes (or one issue 17's design has the breaker and the tenants add)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from regent.runtimes.webhook.metrics import WebhookMetrics

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "release-regent.json"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
DESIGNED = {
    "regent_breaker_state",  # the circuit breaker's state per installation
    "regent_installation_paused",  # an installation paused until its rate limit resets
    "regent_installation_usage_total",  # per-installation usage (deliveries, reconciles, calls)
    "regent_installation_waiting",  # deliveries held back by an installation's caps
}
"""Metrics issue 17's design names for the breaker and the tenants; each counts as exposed
until /metrics has it."""
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__range": "1h", "$installation": ".*"}
REQUIRED_ALERTS = {
    "ReleaseRegentFailureRate",
    "ReleaseRegentBreakerOpen",
    "ReleaseRegentRateLimitNearlySpent",
    "ReleaseRegentQueueAge",
}
SEVERITIES = {"critical", "warning", "info"}


def families() -> dict[str, set[str]]:
    """Each metric /metrics writes once each has been fed: its name and its samples' names
    (prometheus_client's ``*_created`` timestamps come as metrics of their own)."""
    metrics = WebhookMetrics()
    metrics.delivery("push", "accepted")
    metrics.processed(0.5)
    metrics.github_call(route="/graphql", method="POST", status="2xx", seconds=0.1)
    metrics.outcome(1, "released")
    metrics.watch_github_rate_limit(lambda: 4000)
    text = metrics.render().decode()
    return {f.name: {s.name for s in f.samples} for f in text_string_to_metric_families(text)}


def exposed() -> set[str]:
    """Every sample name /metrics writes."""
    return set().union(*families().values())


def metric_names(expr: str) -> set[str]:
    """The metrics a PromQL expression selects (a ValueError when it does not parse)."""
    names: set[str] = set()

    def visit(node: Any) -> bool:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            names.add(node.name)
        return True

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def dashboard_queries(dashboard: dict[str, Any]) -> list[str]:
    """Each panel query, Grafana's variables given example values."""
    found = []
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"]
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            assert "$" not in expr, f"an unknown Grafana variable in {target['expr']!r}"
            found.append(expr)
    return found


def test_the_dashboard_has_grafanas_structure() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert dashboard["uid"] == "release-regent"
    assert isinstance(dashboard["schemaVersion"], int)
    panels = dashboard["panels"]
    ids = [panel["id"] for panel in panels]
    assert len(set(ids)) == len(ids)
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        assert grid["h"] > 0
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}"
        assert panel["title"]
        assert panel["description"]
        refs = [target["refId"] for target in panel["targets"]]
        assert refs
        assert len(set(refs)) == len(refs)


def test_every_dashboard_query_parses_and_reads_known_metrics() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    known = exposed() | DESIGNED
    used: set[str] = set()
    for expr in dashboard_queries(dashboard):
        names = metric_names(expr)
        assert names, expr
        assert names <= known, f"{expr}: {names - known} is not a metric /metrics exposes"
        used |= names
    variable = dashboard["templating"]["list"][1]["definition"]
    assert re.fullmatch(r"label_values\((\w+), installation\)", variable)
    assert re.fullmatch(r"label_values\((\w+), installation\)", variable)[1] in known
    metrics = {
        name: samples for name, samples in families().items() if not name.endswith("_created")
    }
    shown = {name for name, samples in metrics.items() if samples & used}
    assert shown == set(metrics), "every metric /metrics exposes has a panel"


def test_the_alert_rules_have_prometheus_structure_and_known_metrics() -> None:
    rules_file = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    (group,) = rules_file["groups"]
    assert group["name"] == "release-regent"
    known = exposed() | DESIGNED
    names = set()
    for rule in group["rules"]:
        assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}
        assert re.fullmatch(r"[A-Z][A-Za-z]+", rule["alert"])
        assert re.fullmatch(r"\d+[smh]", rule["for"])
        assert rule["labels"]["severity"] in SEVERITIES
        assert rule["annotations"]["summary"]
        assert rule["annotations"]["description"]
        selected = metric_names(rule["expr"])
        assert selected, rule["expr"]
        assert selected <= known, f"{rule['alert']}: {selected - known} is not exposed"
        names.add(rule["alert"])
    assert len(names) == len(group["rules"])
    assert names >= REQUIRED_ALERTS


@pytest.mark.parametrize(
    "broken", ["sum(rate(regent_deliveries_total[5m])", "regent_queue_depth >", "rate(x[5q])"]
)
def test_a_query_that_does_not_parse_is_caught(broken: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        metric_names(broken)
