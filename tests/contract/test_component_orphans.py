"""A release branch of the other mode left behind with no release PR, through the simulator, whose
refs keep git's namespace rule as GitHub does (``release-regent/main`` and
``release-regent/main/api`` cannot both exist): one Release Regent wrote is deleted and the new
release branches are written; anyone else's is named with what to do (docs/monorepo.md)."""

from __future__ import annotations

from typing import cast

import pytest

from regent.core.release_pr.title import ReleasePrError
from tests.contract.test_component_release_service import CONFIG, configured, monorepo
from tests.contract.test_component_separate_prs import API, CLI, SEPARATE, by_branch
from tests.release_world import BRANCH, ReleaseWorld

__all__ = ["monorepo"]  # the fixture

pytestmark = pytest.mark.contract

OPEN_ONE = [
    "POST git/create-tree",
    "POST git/create-commit",
    "POST git/create-ref",
    "POST pulls/create",
    "PUT issues/set-labels",
]


def test_the_one_release_branch_left_behind_is_deleted_for_the_components_own(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (together,) = monorepo.open_pulls()
    monorepo.remote.close_pull(cast(int, together["number"]))  # closed by hand, branch kept
    assert BRANCH in monorepo.state()["branches"]
    configured(monorepo, SEPARATE)
    monorepo.remote.forget()
    outcome = monorepo.reconcile()
    assert outcome.events == ("release_pr_opened", "release_pr_opened")
    assert monorepo.remote.calls() == [
        "GET pulls/list",
        "GET repos/compare-commits",  # the contributors of both components, one listing
        "GET git/get-ref",
        "POST git/create-tree",
        "POST git/create-commit",
        "POST git/create-ref",  # refused: release-regent/main is in the way
        "GET git/get-ref",
        "GET git/get-commit",
        "DELETE git/delete-ref",
        *OPEN_ONE,
        *OPEN_ONE,
    ], "the refusal costs the branch's commit read and its deletion, then the write again"
    branches = monorepo.state()["branches"]
    assert BRANCH not in branches
    assert {API, CLI} <= set(branches)
    assert set(by_branch(monorepo)) == {API, CLI}


def test_the_components_branches_left_behind_are_deleted_for_the_one_release_branch(
    monorepo: ReleaseWorld,
) -> None:
    configured(monorepo, SEPARATE)
    monorepo.reconcile()
    for pull in monorepo.open_pulls():
        monorepo.remote.close_pull(cast(int, pull["number"]))
    configured(monorepo, CONFIG)
    outcome = monorepo.reconcile()
    assert outcome.events == ("release_pr_opened",)
    branches = monorepo.state()["branches"]
    assert {API, CLI}.isdisjoint(branches)
    (together,) = monorepo.open_pulls()
    assert together["head"] == BRANCH
    assert together["title"] == "chore(release): api 1.1.0, cli 0.3.1"


def test_a_branch_in_the_way_that_is_not_a_release_branch_is_named_and_kept(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.push(
        BRANCH, start="origin/main", message="wip: my own work", files={"notes.txt": "mine\n"}
    )
    configured(monorepo, SEPARATE)
    with pytest.raises(ReleasePrError) as refused:
        monorepo.reconcile()
    message = refused.value.message
    assert f"the branch {BRANCH} keeps the release branch {API} from being created" in message
    assert "its head commit is not a release commit ('wip: my own work')" in message
    assert f"`git push origin :{BRANCH}`" in message
    assert BRANCH in monorepo.state()["branches"], "someone else's branch is never deleted"
    assert monorepo.open_pulls() == []
