"""The release pull request through the adapter, against the simulator."""

from __future__ import annotations

import pytest

from regent.adapters.github import GitHubAdapter
from regent.core.github_port import Outcome, PullState
from tests.contract.conftest import REPO, World

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"


def open_pull(github: GitHubAdapter, **options: object):
    settings = {"head_branch": BRANCH, "base_branch": "main", "title": "chore(release): v1.1.0"}
    settings |= {"body": "notes\n<!-- release-regent {} -->"} | options
    return github.open_release_pull(REPO, **settings)  # type: ignore[arg-type]


def test_opening_the_release_pull_request(github: GitHubAdapter, world: World) -> None:
    head = world.push_branch(BRANCH)
    opened = open_pull(github)
    pull = opened.value
    assert opened.outcome is Outcome.CREATED
    assert (pull.title, pull.body) == (
        "chore(release): v1.1.0",
        "notes\n<!-- release-regent {} -->",
    )
    assert (pull.head_branch, pull.head_sha, pull.base_branch) == (BRANCH, head, "main")
    assert (pull.state, pull.merged, pull.merge_commit_sha, pull.draft) == (
        PullState.OPEN,
        False,
        None,
        False,
    )
    assert pull.labels == ()
    assert pull.html_url.endswith(f"/acme/widget/pull/{pull.number}")
    assert world.calls() == ["POST pulls/create"]


def test_opening_it_again_returns_the_open_one(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    first = open_pull(github)
    again = open_pull(github, title="another title")
    assert again.outcome is Outcome.EXISTED
    assert again.value == first.value
    assert len(world.state()["pulls"]) == 1
    assert world.calls() == ["POST pulls/create", "POST pulls/create", "GET pulls/list"]


def test_a_draft_release_pull_request(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    assert open_pull(github, draft=True).value.draft is True


def test_finding_the_open_release_pull_request(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    world.push_branch("feature/other")
    github.open_release_pull(
        REPO, head_branch="feature/other", base_branch="main", title="feat: other", body=""
    )
    assert github.find_release_pull(REPO, head_branch=BRANCH, base_branch="main") is None
    opened = open_pull(github).value
    world.forget()
    assert github.find_release_pull(REPO, head_branch=BRANCH, base_branch="main") == opened
    assert github.find_release_pull(REPO, head_branch=BRANCH, base_branch="develop") is None
    assert world.calls() == ["GET pulls/list"] * 2
    assert github.call_counts()["find_release_pull"] == 3


def test_updating_title_and_body(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.forget()
    updated = github.update_release_pull(REPO, number, title="chore(release): v2.0.0", body="new")
    assert (updated.title, updated.body, updated.number) == (
        "chore(release): v2.0.0",
        "new",
        number,
    )
    only_body = github.update_release_pull(REPO, number, body="newer")
    assert (only_body.title, only_body.body) == ("chore(release): v2.0.0", "newer")
    assert world.calls() == ["PATCH pulls/update"] * 2


def test_closing_it(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    closed = github.close_release_pull(REPO, number)
    again = github.close_release_pull(REPO, number)
    assert closed.state is again.state is PullState.CLOSED
    assert not closed.merged
    assert github.find_release_pull(REPO, head_branch=BRANCH, base_branch="main") is None


def test_finding_it_past_the_first_page(connect, world: World) -> None:  # type: ignore[no-untyped-def]
    github = connect(per_page=2)
    for number in range(5):
        world.push_branch(f"feature/{number}")
        github.open_release_pull(
            REPO,
            head_branch=f"feature/{number}",
            base_branch="main",
            title=f"feat: {number}",
            body="",
        )
    world.forget()
    found = github.pending_release_pulls(REPO, base_branch="main", label="none-has-it")
    assert found == ()
