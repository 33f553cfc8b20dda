"""Auto-merge through the adapter against the simulator: one GraphQL call, the pull request JSON
the next run lists says it is on, and GitHub's refusals come back as its reason, not raised."""

from __future__ import annotations

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import GitHubUnavailableError
from regent.core.model import PullRequest
from tests.contract.conftest import REPO, World

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
NOT_ALLOWED = "Pull request Auto merge is not allowed for this repository"


def _release_pull(github: GitHubAdapter, world: World) -> PullRequest:
    world.push_branch(BRANCH, files={"VERSION": "1.1.0\n"})
    opened = github.open_release_pull(
        head_branch=BRANCH, base_branch="main", title="chore(release): v1.1.0", body="b"
    )
    return opened.value


def _allow(world: World, *, allowed: bool = True) -> None:
    path = f"/_sim/repos/{REPO.full_name}"
    assert world.client.patch(f"{path}/settings", {"allow_auto_merge": allowed}).status == 200
    checks = {"contexts": ["ci"]}
    reply = world.client.request("PUT", f"{path}/branches/main/required_checks", checks)
    assert reply.status == 200, reply.body


def test_auto_merge_is_one_graphql_call_and_the_listing_shows_it(
    github: GitHubAdapter, world: World
) -> None:
    _allow(world)
    pull = _release_pull(github, world)
    assert (pull.auto_merge, pull.node_id != "") == (None, True)
    world.forget()
    assert github.enable_auto_merge(pull, "squash") is None
    assert world.calls() == ["POST graphql"]
    assert github.call_counts()["enable_auto_merge"] == 1
    listed = github.release_pulls(head_branch=BRANCH, base_branch="main", label="x", since=None)
    assert listed.open is not None
    assert listed.open.auto_merge == "squash"
    assert github.pull(pull.number).auto_merge == "squash"


def test_a_repository_without_auto_merge_gives_githubs_reason(
    github: GitHubAdapter, world: World
) -> None:
    _allow(world, allowed=False)
    pull = _release_pull(github, world)
    assert github.enable_auto_merge(pull, "merge") == NOT_ALLOWED
    assert github.pull(pull.number).auto_merge is None


def test_a_server_error_is_retried_and_then_raised_not_taken_for_a_refusal(
    github: GitHubAdapter, world: World
) -> None:
    _allow(world)
    pull = _release_pull(github, world)
    world.fault("POST", "^/graphql$", status=502, times=1)
    assert github.enable_auto_merge(pull, "rebase") is None
    world.fault("POST", "^/graphql$", status=502, times=10)
    with pytest.raises(GitHubUnavailableError):
        github.enable_auto_merge(pull, "rebase")
