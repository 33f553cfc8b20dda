"""Two reconciles of one repository racing each other leave one consistent release PR.

Each run has its own checkout and adapter, as two runners or two webhook workers would. A run
is held in its thread once it has decided (at its first write) while the other run, and maybe
a merge, happen; then it goes on with its earlier decision: the worst order for a race.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_expected import Expected, Progress, Published, notes, problems
from tests.e2e.lifecycle_gate import held_run
from tests.e2e.lifecycle_harness import Commit, Landed, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository

pytestmark = pytest.mark.e2e

SEARCH = "add widget search"
CASE = "search ignores case"
STORAGE = "new storage format"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as started:
        yield started


def land(lifecycle: Lifecycle, message: str) -> Landed:
    return lifecycle.land(message, [Commit(message)], method="squash")


def assert_consistent(lifecycle: Lifecycle, progress: Progress) -> None:
    """The state ``progress`` expects, and a further run leaves it as it is."""
    found = problems(lifecycle.snapshot(), progress)
    assert not found, "\n".join(found)
    before = lifecycle.snapshot()
    lifecycle.reconcile()
    assert lifecycle.snapshot() == before


def test_two_runs_that_both_found_no_release_pull_open_one(lifecycle: Lifecycle) -> None:
    land(lifecycle, "feat: add widget search")
    first, second = lifecycle.extra_checkout("runner-1"), lifecycle.extra_checkout("runner-2")
    with (
        held_run(lifecycle, first, at="write_release_branch"),
        held_run(lifecycle, second, at="write_release_branch"),
    ):
        pass
    expected = Expected("race", "1.1.0", notes(features=[SEARCH]))
    assert_consistent(lifecycle, Progress((expected,), {}))


def test_two_runs_that_both_found_a_merged_release_pull_release_it_once(
    lifecycle: Lifecycle,
) -> None:
    land(lifecycle, "feat: add widget search")
    lifecycle.reconcile()
    merged = lifecycle.merge_release_pull(method="merge")
    first, second = lifecycle.extra_checkout("runner-1"), lifecycle.extra_checkout("runner-2")
    with held_run(lifecycle, first, at="ensure_tag"), held_run(lifecycle, second, at="ensure_tag"):
        pass
    opened = Expected("race", "1.1.0", notes(features=[SEARCH]))
    released = Expected("release", None, published=Published("v1.1.0"))
    assert_consistent(lifecycle, Progress((opened, released), {"release": merged}))


def slow_run_writes_after_a_newer_one(lifecycle: Lifecycle, *, at: str) -> Progress:
    """A run decides to show 1.1.0, a breaking change lands and is reconciled, then it goes on.

    The slow run is held at its call ``at``. Returns what the newest plan shows: 2.0.0 on the
    base head.
    """
    land(lifecycle, "feat: add widget search")
    lifecycle.reconcile()
    land(lifecycle, "fix: search ignores case")
    with held_run(lifecycle, lifecycle.extra_checkout("slow"), at=at):
        land(lifecycle, "feat!: new storage format")
        lifecycle.reconcile()
    newest = notes(breaking=[STORAGE], features=[SEARCH, STORAGE], fixes=[CASE])
    return Progress((Expected("race", "2.0.0", newest),), {})


def test_a_run_that_decided_before_a_merge_decides_again(lifecycle: Lifecycle) -> None:
    """Held after deciding, before its writes: it sees the base moved and leaves the newer PR."""
    assert_consistent(lifecycle, slow_run_writes_after_a_newer_one(lifecycle, at="branch_head"))


def test_the_next_run_repairs_what_a_stale_run_wrote(lifecycle: Lifecycle) -> None:
    """Held between its check and its writes (the window no REST call can close): it writes
    the older PR, and the next run puts the newest back. The doors serialise runs per
    repository so that this does not happen in practice.
    """
    newest = slow_run_writes_after_a_newer_one(lifecycle, at="write_release_branch")
    assert problems(lifecycle.snapshot(), newest)
    lifecycle.reconcile()
    assert_consistent(lifecycle, newest)
