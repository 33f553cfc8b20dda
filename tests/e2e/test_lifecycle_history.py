"""The scripted history, reconciled after each merge, matches the maintainer's table step by step.

36 merges through simulated pull requests (see lifecycle_script.py), each followed by one
reconcile for its ``pull_request`` event. After each, the release PR, its branch, the tags and
the releases are compared with the hand-written rows of lifecycle_expected.py, and the run's
outcome events and GitHub API calls with the table below (budgets from issue 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_expected import EXPECTED, problems
from tests.e2e.lifecycle_faults import writes_of
from tests.e2e.lifecycle_harness import Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_runner import in_order
from tests.e2e.lifecycle_script import STEPS, source_repository

pytestmark = pytest.mark.e2e

OPENED = ("release_pr_opened",)
UPDATED = ("release_pr_updated",)
CLOSED = ("release_pr_closed",)
NOTHING = ("nothing_to_release",)
RELEASED = ("released", "nothing_to_release")

EVENTS: dict[str, tuple[str, ...]] = {
    "listing": OPENED,
    "empty-names": UPDATED,
    "docs-config": UPDATED,
    "legacy-flags": UPDATED,
    "cache": UPDATED,
    "export": UPDATED,
    "revert-export": UPDATED,
    "tidy": UPDATED,
    "release-2.0.0": RELEASED,
    "negative": OPENED,
    "search": UPDATED,
    "revert-cache": UPDATED,
    "docs-search": UPDATED,
    "case": UPDATED,
    "release-2.1.0": RELEASED,
    "rc-on": NOTHING,
    "storage": OPENED,
    "migrate": UPDATED,
    "release-3.0.0-rc.1": RELEASED,
    "compress": OPENED,
    "docs-storage": UPDATED,
    "release-3.0.0-rc.2": RELEASED,
    "rc-off": OPENED,
    "lock": UPDATED,
    "release-3.0.0": RELEASED,
    "webhooks": OPENED,
    "revert-webhooks": CLOSED,
    "docs-wording": NOTHING,
    "exit-code": OPENED,
    "pagination": UPDATED,
    "refactor": UPDATED,
    "ci": UPDATED,
    "release-3.1.0": RELEASED,
    "help": OPENED,
    "timeout": UPDATED,
    "docs-timeout": UPDATED,
}
"""The outcome events of the run after each step (a docs-only merge moves the base: updated)."""

BUDGETS: dict[tuple[str, ...], tuple[int, int]] = {
    OPENED: (8, 5),
    UPDATED: (7, 4),
    RELEASED: (8, 5),
    NOTHING: (3, 0),
    CLOSED: (7, 4),
}
"""API calls and writes a run may make at most, by outcome (issue 4's budgets; closing: ours);
the one listing of pull requests also gives every plan its merged pull requests (issue 14); a
run that plans a release lists its commits once more for the contributors, a request per 100
commits (issue 16)."""


@dataclass(frozen=True)
class Run:
    events: tuple[str, ...]
    calls: int
    writes: int


@dataclass
class RecordedDelivery:
    """Delivers each event to one run and records its outcome events and API calls."""

    lifecycle: Lifecycle
    runs: list[Run] = field(default_factory=list)

    def __call__(self, event: Mapping[str, Any]) -> None:
        self.lifecycle.forget_requests()
        outcome = self.lifecycle.deliver(event)
        requests = self.lifecycle.requests()
        self.runs.append(Run(outcome.events, len(requests), len(writes_of(requests))))


def run_problems(run: Run, step: str) -> list[str]:
    wanted = EVENTS[step]
    calls, writes = BUDGETS[wanted]
    found = [] if run.events == wanted else [f"outcome events {run.events}, expected {wanted}"]
    found += [f"{run.calls} API calls, budget {calls}"] if run.calls > calls else []
    found += [f"{run.writes} writes, budget {writes}"] if run.writes > writes else []
    return found


def test_the_tables_follow_the_script() -> None:
    names = [step.name for step in STEPS]
    assert [row.step for row in EXPECTED] == names
    assert list(EVENTS) == names


def test_each_step_of_the_history_matches_the_table(tmp_path: Path) -> None:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path, source) as lifecycle:
        deliver = RecordedDelivery(lifecycle)
        for progress in in_order(lifecycle, deliver):
            step = progress.rows[-1].step
            found = problems(lifecycle.snapshot(), progress) + run_problems(deliver.runs[-1], step)
            assert not found, f"after step {step} ({deliver.runs[-1]}):\n" + "\n".join(found)


def test_a_squashed_breaking_change_links_its_pull_request_once(tmp_path: Path) -> None:
    title = "feat(cli)!: drop the legacy flags"
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        landed = lifecycle.land(title, [Commit(title)], method="squash")
        lifecycle.reconcile()
        pull = lifecycle.snapshot().open_release
    assert pull is not None
    bullets = [line for line in pull.body.splitlines() if line.startswith("* ")]
    assert [bullet.count(f"(#{landed.number})") for bullet in bullets] == [1, 1]
