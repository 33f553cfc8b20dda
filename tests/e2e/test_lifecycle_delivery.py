"""Duplicated and reordered webhook deliveries converge to what in-order delivery gives.

The scripted history again, with each merge's event delivered twice, and with events held back
and delivered in a shuffled order within windows of 3 merges. Whenever every event so far has
been delivered, the repository must match the table's row for that step (which in-order
delivery meets, see test_lifecycle_history.py), with no duplicate release PR, tag, release or
comment; and a run with no merge since the previous run must not write at all.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_expected import problems
from tests.e2e.lifecycle_faults import writes_of
from tests.e2e.lifecycle_harness import Lifecycle, running_lifecycle
from tests.e2e.lifecycle_runner import in_order, in_windows
from tests.e2e.lifecycle_script import STEPS, source_repository
from tests.e2e.lifecycle_state import Snapshot

pytestmark = pytest.mark.e2e

SEED = 20260314


@dataclass
class CheckedDelivery:
    """Delivers events; a run with no merge since the previous run must write nothing."""

    lifecycle: Lifecycle
    last_base: str | None = None

    def __call__(self, event: Mapping[str, Any]) -> None:
        base = self.lifecycle.base_head()
        self.lifecycle.forget_requests()
        outcome = self.lifecycle.deliver(event)
        if base == self.last_base:
            writes = [str(write) for write in writes_of(self.lifecycle.requests())]
            assert not writes, f"a repeated run ({outcome.events}) wrote: {writes}"
        self.last_base = base


def no_duplicates(snapshot: Snapshot) -> list[str]:
    """Release PRs, tags and releases that exist more than once."""
    versions = [str(pull.version) for pull in snapshot.release_pulls if pull.merged]
    repeated: dict[str, list[str]] = {
        "merged release PR versions": versions,
        "release tags": [release.tag for release in snapshot.releases],
    }
    return [
        f"repeated {name}: {values}"
        for name, values in repeated.items()
        if len(values) != len(set(values))
    ]


def test_every_event_delivered_twice(tmp_path: Path) -> None:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path, source) as lifecycle:
        for progress in in_order(lifecycle, CheckedDelivery(lifecycle), copies=2):
            snapshot = lifecycle.snapshot()
            found = problems(snapshot, progress) + no_duplicates(snapshot)
            assert not found, f"after step {progress.rows[-1].step}:\n" + "\n".join(found)


def test_events_shuffled_within_windows_of_three(tmp_path: Path) -> None:
    source = source_repository(tmp_path / "source")
    rng = random.Random(SEED)
    with running_lifecycle(tmp_path, source) as lifecycle:
        checked = []
        for progress in in_windows(lifecycle, CheckedDelivery(lifecycle), window=3, rng=rng):
            snapshot = lifecycle.snapshot()
            found = problems(snapshot, progress) + no_duplicates(snapshot)
            assert not found, f"after step {progress.rows[-1].step}:\n" + "\n".join(found)
            checked.append(progress.rows[-1].step)
        assert checked[-1] == STEPS[-1].name
