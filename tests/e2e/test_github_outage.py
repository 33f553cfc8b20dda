"""A run facing a GitHub outage (every API request answered 502, for good) sends a bounded
number of requests, as the simulator's request log shows, and exits 1 with one clear line naming
the circuit breaker: the Action's entrypoint and ``regent run``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.e2e.test_cli_run import land_feature, regent_run

pytestmark = pytest.mark.e2e

FAILURES = 3
OUTAGE = {"path": ".*", "status": 502, "times": 100_000}
BREAKER_ENV = {"REGENT_BREAKER_FAILURES": str(FAILURES), "REGENT_BREAKER_COOLDOWN_SECONDS": "600"}
OPENED = f"the circuit breaker for the token opened after {FAILURES} consecutive failed requests"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield life


def outage_requests(lifecycle: Lifecycle) -> list[int | None]:
    """The statuses of the API requests the simulator answered during the outage."""
    return [entry["status"] for entry in lifecycle.requests()]


def test_the_action_stops_after_the_breaker_opens(lifecycle: Lifecycle, tmp_path: Path) -> None:
    lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    refresh(lifecycle.checkout)
    runner = Runner(lifecycle, tmp_path / "runs")
    lifecycle.forget_requests()
    with lifecycle.faults([OUTAGE]):
        run = runner.run("push", push_payload(lifecycle), env=BREAKER_ENV)
        statuses = outage_requests(lifecycle)
    assert run.code == 1, run.stdout + run.stderr
    assert OPENED in run.last_line, run.stdout
    assert run.last_line.startswith("::error"), run.last_line
    assert statuses == [502] * FAILURES  # the bound: REGENT_BREAKER_FAILURES requests
    assert run.outputs == {}


def test_regent_run_stops_after_the_breaker_opens(lifecycle: Lifecycle, tmp_path: Path) -> None:
    event_file = land_feature(lifecycle, tmp_path)
    lifecycle.forget_requests()
    arguments = ("--event-file", str(event_file), "--checkout", str(lifecycle.checkout))
    with lifecycle.faults([OUTAGE]):
        run = regent_run(lifecycle, *arguments, env=BREAKER_ENV)
        statuses = outage_requests(lifecycle)
    assert run.code == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if OPENED in line]
    assert len(errors) == 1, run.stderr
    assert statuses == [502] * FAILURES


def test_by_default_the_outage_costs_five_requests(lifecycle: Lifecycle, tmp_path: Path) -> None:
    """The default breaker (5) opens on the last of the first request's 5 attempts: the run
    ends with that request's failure, and nothing more is sent."""
    event_file = land_feature(lifecycle, tmp_path)
    lifecycle.forget_requests()
    arguments = ("--event-file", str(event_file), "--checkout", str(lifecycle.checkout))
    with lifecycle.faults([OUTAGE]):
        run = regent_run(lifecycle, *arguments)
        statuses = outage_requests(lifecycle)
    assert run.code == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("regent: error:")]
    assert len(errors) == 1, run.stderr
    assert "GitHub kept failing" in errors[0]
    assert "(502: Bad Gateway), even after retrying" in errors[0]
    assert statuses == [502] * 5
