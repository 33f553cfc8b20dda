"""What deploy/ ships for operators: the Grafana dashboard and the Prometheus alert rules load,
have the structure Grafana and Prometheus expect, every query parses as PromQL, and every metric
they read is one the application's /metrics exposes, and each of those has a panel."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from regent.runtimes.webhook.app import create_app
from regent.runtimes.webhook.settings import read_webhook_settings

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "release-regent.json"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"
GOOD = {"GITHUB_APP_ID": "123", "GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": "s1"}
LATE = {"regent_github_rate_limit_remaining"}
"""Written once a GitHub answer has told it (absent from a service that has not called GitHub)."""
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__range": "1h", "$installation": ".*"}
REQUIRED_ALERTS = {
    "ReleaseRegentFailureRate",
    "ReleaseRegentBreakerOpen",
    "ReleaseRegentRateLimitNearlySpent",
    "ReleaseRegentQueueAge",
}
SEVERITIES = {"critical", "warning", "info"}


SAMPLES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum"),
}


def families(tmp_path: Path) -> dict[str, set[str]]:
    """Each metric ``regent serve``'s /metrics writes (every collector the application
    registers, fed or not): its name and the names of its samples."""
    environ = GOOD | {"REGENT_CACHE_DIR": str(tmp_path / "cache")}
    app = create_app(read_webhook_settings(environ), handle=lambda delivery: "nothing", workers=1)
    with TestClient(app) as client:
        text = client.get("/metrics").text
    found = {}
    for family in text_string_to_metric_families(text):
        if family.name.endswith("_created"):
            continue  # prometheus_client's creation timestamps
        found[family.name] = {family.name + suffix for suffix in SAMPLES[family.type]}
    return found


def exposed(tmp_path: Path) -> set[str]:
    """Every sample name /metrics writes (``LATE`` ones included)."""
    return set().union(LATE, *families(tmp_path).values())


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


def test_every_dashboard_query_parses_and_reads_known_metrics(tmp_path: Path) -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    known = exposed(tmp_path)
    used: set[str] = set()
    for expr in dashboard_queries(dashboard):
        names = metric_names(expr)
        assert names, expr
        assert names <= known, f"{expr}: {names - known} is not a metric /metrics exposes"
        used |= names
    variable = re.fullmatch(
        r"label_values\((\w+), installation\)", dashboard["templating"]["list"][1]["definition"]
    )
    assert variable
    assert variable[1] in known
    metrics = families(tmp_path) | {name: {name} for name in LATE}
    shown = {name for name, samples in metrics.items() if samples & used}
    assert shown == set(metrics), "every metric /metrics exposes has a panel"


def test_the_alert_rules_have_prometheus_structure_and_known_metrics(tmp_path: Path) -> None:
    rules_file = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    (group,) = rules_file["groups"]
    assert group["name"] == "release-regent"
    known = exposed(tmp_path)
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
