"""A run that dies right after any of its writes is finished by the next run, with no duplicates.

For each scenario a clean run is recorded first: its mutating API requests (1..K) and the state
it leaves. Then, for each k, the scenario is rebuilt, a run is crashed right after write k
(write k takes effect, its answer is lost, every later write fails), and a clean run follows:
the state must be the clean run's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from regent.core.errors import RegentError
from tests.e2e.lifecycle_faults import Write, crash_after, writes_of
from tests.e2e.lifecycle_harness import Commit, Lifecycle, running_simulator
from tests.e2e.lifecycle_script import source_repository
from tests.github_sim.server import SimServer

pytestmark = pytest.mark.e2e

Setup = Callable[[Lifecycle], None]


def release_waiting(lifecycle: Lifecycle) -> None:
    """A merged release PR not yet released, and a fix already waiting for the next one."""
    lifecycle.land("feat: widget search", [Commit("feat: widget search")], method="squash")
    lifecycle.reconcile()
    lifecycle.merge_release_pull(method="squash")
    lifecycle.land("fix: search ignores case", [Commit("fix: search ignores case")], method="merge")


def update_waiting(lifecycle: Lifecycle) -> None:
    """An open release PR for 1.1.0, and a breaking change merged since (2.0.0)."""
    lifecycle.land("feat: widget search", [Commit("feat: widget search")], method="squash")
    lifecycle.reconcile()
    lifecycle.land("feat!: new storage", [Commit("feat!: new storage")], method="rebase")


@dataclass(frozen=True)
class CleanRun:
    """A scenario's run without faults: its writes and the state it leaves."""

    writes: tuple[Write, ...]
    state: dict[str, object]


@dataclass(frozen=True)
class Scenario:
    """A fresh ``acme/widget`` from ``source`` on ``sim``, brought to a state by ``setup``."""

    sim: SimServer
    source: Path
    setup: Setup

    def prepare(self, work: Path) -> Lifecycle:
        lifecycle = Lifecycle(self.sim, work, self.source)
        self.setup(lifecycle)
        lifecycle.forget_requests()
        return lifecycle


def clean_run(scenario: Scenario, work: Path) -> CleanRun:
    lifecycle = scenario.prepare(work)
    lifecycle.reconcile()
    writes = writes_of(lifecycle.requests())
    return CleanRun(writes, lifecycle.snapshot().normal_form())


def crash_then_recover(scenario: Scenario, work: Path, clean: CleanRun, k: int) -> None:
    lifecycle = scenario.prepare(work)
    with lifecycle.faults(crash_after(clean.writes, k)), pytest.raises(RegentError):
        lifecycle.reconcile()
    done = writes_of(lifecycle.requests())
    assert done[:k] == clean.writes[:k], f"the crashed run did not reach write {k}"
    lifecycle.reconcile()
    state = lifecycle.snapshot().normal_form()
    assert state == clean.state, f"after a crash right after write {k} ({clean.writes[k - 1]})"


@pytest.mark.parametrize("setup", [release_waiting, update_waiting], ids=["release", "update"])
def test_a_run_crashed_after_any_write_is_finished_by_the_next(
    setup: Setup, tmp_path: Path
) -> None:
    source = source_repository(tmp_path / "source")
    with running_simulator(tmp_path) as sim:
        scenario = Scenario(sim, source, setup)
        clean = clean_run(scenario, tmp_path / "clean")
        assert clean.writes, "the scenario writes nothing"
        for k in range(1, len(clean.writes) + 1):
            crash_then_recover(scenario, tmp_path / f"crash-{k}", clean, k)
