"""Two reconciles of one repository racing each other leave one consistent release PR.

Each run has its own checkout and its own adapter, as two runners or two webhook workers would.
A delay on the first pull-request lookup makes both runs read the state before either writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.lifecycle_expected import Expected, Progress, notes, problems
from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository

pytestmark = pytest.mark.e2e

LOOKUP_DELAY_S = 0.3
SEARCH = "add widget search"
STORAGE = "new storage format"


def race(lifecycle: Lifecycle, checkouts: Sequence[Path]) -> None:
    """Run one reconcile per checkout at the same moment; both must succeed."""
    lifecycle.add_faults(
        [{"method": "GET", "path": "/pulls$", "delay_s": LOOKUP_DELAY_S, "times": len(checkouts)}]
    )
    start = threading.Barrier(len(checkouts))

    def run(checkout: Path) -> None:
        start.wait()
        lifecycle.reconcile(checkout=checkout, fetch=False)

    with ThreadPoolExecutor(len(checkouts)) as pool:
        for future in [pool.submit(run, checkout) for checkout in checkouts]:
            future.result()
    lifecycle.clear_faults()


def assert_one_release_pull(lifecycle: Lifecycle, expected: Expected) -> None:
    """One open release PR showing ``expected``, and a further run leaves it as it is."""
    found = problems(lifecycle.snapshot(), Progress((expected,), {}))
    assert not found, "\n".join(found)
    before = lifecycle.snapshot()
    lifecycle.reconcile()
    assert lifecycle.snapshot() == before


def land(lifecycle: Lifecycle, message: str) -> None:
    lifecycle.land(message, [Commit(message)], method="squash")


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as started:
        yield started


def fresh_checkouts(lifecycle: Lifecycle, *names: str) -> list[Path]:
    checkouts = [lifecycle.extra_checkout(name) for name in names]
    for checkout in checkouts:
        refresh(checkout)
    return checkouts


def test_two_first_runs_open_one_release_pull(lifecycle: Lifecycle) -> None:
    land(lifecycle, "feat: add widget search")
    race(lifecycle, fresh_checkouts(lifecycle, "runner-a", "runner-b"))
    assert_one_release_pull(lifecycle, Expected("race", "1.1.0", notes(features=[SEARCH])))


def test_a_stale_run_racing_a_fresh_one_leaves_the_newest_plan(lifecycle: Lifecycle) -> None:
    land(lifecycle, "feat: add widget search")
    lifecycle.reconcile()
    [stale] = fresh_checkouts(lifecycle, "runner-stale")
    land(lifecycle, "feat!: new storage format")
    [fresh] = fresh_checkouts(lifecycle, "runner-fresh")
    race(lifecycle, [stale, fresh])
    newest = notes(breaking=[STORAGE], features=[SEARCH, STORAGE])
    assert_one_release_pull(lifecycle, Expected("race", "2.0.0", newest))


def test_a_stale_run_after_a_fresh_one_leaves_the_newest_plan(lifecycle: Lifecycle) -> None:
    land(lifecycle, "feat: add widget search")
    lifecycle.reconcile()
    [stale] = fresh_checkouts(lifecycle, "runner-stale")
    land(lifecycle, "feat!: new storage format")
    lifecycle.reconcile()
    lifecycle.reconcile(checkout=stale, fetch=False)
    newest = notes(breaking=[STORAGE], features=[SEARCH, STORAGE])
    assert_one_release_pull(lifecycle, Expected("race", "2.0.0", newest))
