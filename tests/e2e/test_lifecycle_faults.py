"""With a fifth of API calls failing transiently, the scripted history still ends right.

Every request of a reconcile fails with probability 0.2 (seeded): a 500, 502 or 503, a dropped
connection, or a secondary rate limit (403 or 429 with a small ``Retry-After``, slept through
a fake clock). A run that still fails after its retries is redelivered, as GitHub's redelivery
or the next event would; after each merge the repository must match the table's row.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from regent.adapters.github.meter import CallMeter
from regent.adapters.github.retry import RetryHooks
from regent.core.errors import RegentError
from tests.e2e.lifecycle_expected import problems
from tests.e2e.lifecycle_faults import transient_faults
from tests.e2e.lifecycle_harness import Lifecycle, running_lifecycle
from tests.e2e.lifecycle_runner import in_order
from tests.e2e.lifecycle_script import source_repository

pytestmark = pytest.mark.e2e

SEED = 4
FAILURE_RATE = 0.2
REQUESTS_PER_RUN = 60
"""Faults scripted per run: more requests than any reconcile makes, retries included."""
RUNS_PER_EVENT = 6


@dataclass
class FlakyDelivery:
    """Delivers events to runs facing transient faults, redelivering until one succeeds."""

    lifecycle: Lifecycle
    rng: random.Random
    failed_runs: list[str] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    """Every pause the adapters asked for, in seconds (recorded instead of slept)."""

    def __call__(self, event: Mapping[str, Any]) -> None:
        for _ in range(RUNS_PER_EVENT):
            faults = list(transient_faults(self.rng, requests=REQUESTS_PER_RUN, rate=FAILURE_RATE))
            self.lifecycle.hooks = RetryHooks(CallMeter(), sleep=self.waits.append)
            try:
                with self.lifecycle.faults(faults):
                    self.lifecycle.deliver(event)
            except RegentError as error:
                self.failed_runs.append(str(error))
            else:
                return
        pytest.fail(f"{RUNS_PER_EVENT} runs in a row failed: {self.failed_runs[-3:]}")


def test_the_history_survives_transient_failures(tmp_path: Path) -> None:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path, source) as lifecycle:
        deliver = FlakyDelivery(lifecycle, random.Random(SEED))
        for progress in in_order(lifecycle, deliver):
            found = problems(lifecycle.snapshot(), progress)
            assert not found, f"after step {progress.rows[-1].step}:\n" + "\n".join(found)
        statuses = {entry["status"] for entry in lifecycle.requests()}
    assert {None, 403, 429, 500, 502, 503} <= statuses, "a kind of failure never happened"
    assert 1.0 in deliver.waits, "no run waited out a secondary limit's Retry-After"
