"""A base branch that moves while a run decides: the run decides again before writing the PR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.release_pr.title import ReleasePrError
from regent.runtimes.wiring import checkout_release_service
from regent.services.release import DECISIONS, ReconcileOutcome
from tests.contract.conftest import World
from tests.contract.test_release_service_world import (
    BRANCH,
    TODAY,
    ReleaseWorld,
    make_release_world,
)

pytestmark = pytest.mark.contract


class MergingMeanwhile:
    """The adapter, with a maintainer merging one more change just before each of the first
    ``merges`` reads of the base head: the moment between a run's decision and its writes."""

    def __init__(self, world: ReleaseWorld, *, merges: int) -> None:
        self._world = world
        self._left = merges
        self.merged: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._world.github, name)

    def branch_head(self, branch: str) -> str | None:
        if self._left:
            self._left -= 1
            self.merged.append(self._world.merge_change(f"fix: meanwhile {len(self.merged)}"))
        return self._world.github.branch_head(branch)


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return make_release_world(world, github, tmp_path)


def reconcile(release_world: ReleaseWorld, github: MergingMeanwhile) -> ReconcileOutcome:
    service = checkout_release_service(
        release_world.checkout,
        github=github,
        policy=release_world.policy,
        base_branch="main",
        today=lambda: TODAY,
    )
    return service.reconcile("main")


def test_a_merge_after_the_decision_is_in_the_release_pr(release_world: ReleaseWorld) -> None:
    meanwhile = MergingMeanwhile(release_world, merges=1)
    outcome = reconcile(release_world, meanwhile)
    assert outcome.events == ("release_pr_opened",)
    assert outcome.decision.base_sha == meanwhile.merged[0]
    (pull,) = release_world.open_pulls()
    assert "meanwhile 0" in pull["body"]
    assert release_world.parents(BRANCH) == [meanwhile.merged[0]]
    calls = outcome.github_calls
    assert (calls["release_pulls"], calls["branch_head"], calls["open_release_pull"]) == (2, 2, 1)


def test_a_base_that_keeps_moving_leaves_the_release_pr_to_a_later_run(
    release_world: ReleaseWorld,
) -> None:
    meanwhile = MergingMeanwhile(release_world, merges=DECISIONS)
    with pytest.raises(ReleasePrError, match=f"main moved {DECISIONS} times") as raised:
        reconcile(release_world, meanwhile)
    assert raised.value.retryable
    assert release_world.open_pulls() == []
    assert BRANCH not in release_world.state()["branches"]
    outcome = release_world.reconcile()
    assert outcome.events == ("release_pr_opened",)
    assert outcome.decision.base_sha == meanwhile.merged[-1]
