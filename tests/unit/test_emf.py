"""The Lambda door's counters as CloudWatch embedded metric format lines: each line has the
shape CloudWatch reads (docs: "Specification: Embedded metric format"), with /metrics' names."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from regent.core.model import RepoRef
from regent.core.routing import Reconcile
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.emf import MAX_VALUES, NAMESPACE, EmfMetrics, counted

UNITS = {"Seconds", "Count"}


def check_emf(line: str) -> dict[str, Any]:
    """One EMF line, checked against the specification's rules; the parsed object."""
    found = json.loads(line)
    meta = found["_aws"]
    assert isinstance(meta["Timestamp"], int)
    (directive,) = meta["CloudWatchMetrics"]
    assert directive["Namespace"] == NAMESPACE
    for dimension_set in directive["Dimensions"]:
        assert 1 <= len(dimension_set) <= 30
        for name in dimension_set:
            assert isinstance(found[name], str)
    for metric in directive["Metrics"]:
        assert metric["Unit"] in UNITS
        value = found[metric["Name"]]
        values = value if isinstance(value, list) else [value]
        assert 1 <= len(values) <= MAX_VALUES
        assert all(isinstance(item, int | float) for item in values)
    return found


def delivery(installation: int | None) -> Delivery:
    target = Reconcile(
        RepoRef("acme", "widget"), "main", "a push", "main", installation_id=installation
    )
    return Delivery("d-1", "push", None, "acme/widget", target)


def test_counts_become_one_line_per_metric_and_dimension_values() -> None:
    metrics = EmfMetrics(clock=lambda: 1_700_000_000.5)
    metrics.delivery("push", "accepted")
    metrics.delivery("push", "accepted")
    metrics.delivery("ping", "pong")
    metrics.outcome(42, "released")
    metrics.outcome(None, "failed")
    route = "/repos/{owner}/{repo}/pulls"
    for seconds in (0.1, 0.2, 0.3):
        metrics.github_call(route=route, method="GET", status="2xx", seconds=seconds)
    lines = [check_emf(line) for line in metrics.lines()]
    assert {line["_aws"]["Timestamp"] for line in lines} == {1_700_000_000_500}
    counts = {
        (name, tuple(line[d] for d in line["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0])): line[
            name
        ]
        for line in lines
        for name in ("regent_deliveries_total", "regent_outcomes_total")
        if name in line
    }
    assert counts == {
        ("regent_deliveries_total", ("ping", "pong")): 1,
        ("regent_deliveries_total", ("push", "accepted")): 2,
        ("regent_outcomes_total", ("42", "released")): 1,
        ("regent_outcomes_total", ("none", "failed")): 1,
    }
    (calls,) = [line for line in lines if "regent_github_call_seconds" in line]
    assert (calls["route"], calls["method"], calls["status"]) == (route, "GET", "2xx")
    assert calls["regent_github_call_seconds"] == [0.1, 0.2, 0.3]
    assert calls["regent_github_calls_total"] == 3
    assert metrics.lines() == []


def test_many_calls_are_split_into_lines_of_at_most_a_hundred_values() -> None:
    metrics = EmfMetrics()
    for _ in range(250):
        metrics.github_call(route="/graphql", method="POST", status="5xx", seconds=1.0)
    lines = [check_emf(line) for line in metrics.lines()]
    assert [line["regent_github_calls_total"] for line in lines] == [100, 100, 50]


def test_flush_writes_the_lines_and_nothing_when_nothing_was_counted() -> None:
    metrics = EmfMetrics()
    out = io.StringIO()
    metrics.flush(out)
    assert out.getvalue() == ""
    metrics.delivery("push", "ignored")
    metrics.flush(out)
    (line,) = out.getvalue().splitlines()
    assert check_emf(line)["regent_deliveries_total"] == 1


def test_counted_counts_handled_and_failed_deliveries() -> None:
    metrics = EmfMetrics()
    assert counted(lambda _: "released", metrics)(delivery(7)) == "released"

    def broken(_: Delivery) -> str:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        counted(broken, metrics)(delivery(None))
    found = [check_emf(line) for line in metrics.lines()]
    outcomes = {
        (line["installation"], line["outcome"]) for line in found if "regent_outcomes_total" in line
    }
    assert outcomes == {("7", "released"), ("none", "failed")}
    events = {
        (line["event"], line["outcome"]) for line in found if "regent_deliveries_total" in line
    }
    assert events == {("push", "released"), ("push", "failed")}
