"""Issue 4's GitHub API budgets for the release service, read from the simulator's request log."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from tests.contract.conftest import World
from tests.contract.test_release_service_world import ReleaseWorld, make_release_world

pytestmark = pytest.mark.contract

GATHER = ["GET pulls/list"]
BASE_UNMOVED = ["GET git/get-ref"]
WRITE_BRANCH = ["POST git/create-tree", "POST git/create-commit"]


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return make_release_world(world, github, tmp_path)


def run(release_world: ReleaseWorld, events: tuple[str, ...]) -> list[str]:
    """Reconcile once; the requests it made, checked against the adapter's own count."""
    release_world.world.forget()
    outcome = release_world.reconcile()
    assert outcome.events == events
    calls = release_world.world.calls()
    assert len(calls) == outcome.github_calls.total
    return calls


def test_the_release_lifecycle_within_budget(release_world: ReleaseWorld) -> None:
    opened = run(release_world, ("release_pr_opened",))
    assert opened == [
        *GATHER,
        *BASE_UNMOVED,
        *WRITE_BRANCH,
        "POST git/create-ref",
        "POST pulls/create",
        "PUT issues/set-labels",
    ]
    assert len(opened) <= 7

    unchanged = run(release_world, ("release_pr_unchanged",))
    assert unchanged == GATHER
    assert len(unchanged) <= 3

    release_world.merge_change("fix: one more")
    updated = run(release_world, ("release_pr_updated",))
    edits = ["PATCH git/update-ref", "PATCH pulls/update"]
    assert updated == [*GATHER, *BASE_UNMOVED, *WRITE_BRANCH, *edits]
    assert len(updated) <= 6

    (pull,) = release_world.open_pulls()
    release_world.merge(pull["number"], method="squash")
    released = run(release_world, ("released", "nothing_to_release"))
    assert released == [
        *GATHER,
        "POST git/create-ref",
        "POST repos/create-release",
        "DELETE git/delete-ref",
        "POST issues/create-comment",
        "PUT issues/set-labels",
    ]
    assert len(released) <= 7

    quiet = run(release_world, ("nothing_to_release",))
    assert quiet == GATHER
