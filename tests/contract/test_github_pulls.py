"""The release pull request through the adapter, against the simulator."""

from __future__ import annotations

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.model import Ensured, Outcome, PullRequest, PullState, ReleasePulls
from tests.contract.conftest import REPO, Connect, World

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"


def open_pull(github: GitHubAdapter, *, draft: bool = False) -> Ensured[PullRequest]:
    return github.open_release_pull(
        head_branch=BRANCH,
        base_branch="main",
        title="chore(release): v1.1.0",
        body="notes\n<!-- release-regent {} -->",
        draft=draft,
    )


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
    again = open_pull(github)
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
        head_branch="feature/other", base_branch="main", title="feat: other", body=""
    )
    assert release_pulls(github).open is None
    opened = open_pull(github).value
    world.forget()
    assert release_pulls(github) == ReleasePulls(opened, ())
    assert release_pulls(github, base="develop").open is None
    assert world.calls() == ["GET pulls/list"] * 2
    assert github.call_counts()["release_pulls"] == 3


def test_updating_title_and_body(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.forget()
    updated = github.update_release_pull(number, title="chore(release): v2.0.0", body="new")
    assert (updated.title, updated.body, updated.number) == (
        "chore(release): v2.0.0",
        "new",
        number,
    )
    only_body = github.update_release_pull(number, body="newer")
    assert (only_body.title, only_body.body) == ("chore(release): v2.0.0", "newer")
    assert world.calls() == ["PATCH pulls/update"] * 2


def test_closing_it(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    closed = github.close_release_pull(number)
    again = github.close_release_pull(number)
    assert closed.state is again.state is PullState.CLOSED
    assert not closed.merged
    assert release_pulls(github).open is None


PENDING = "release-regent: pending"
RELEASED = "release-regent: released"


def merged_release_pull(
    github: GitHubAdapter, world: World, *, branch: str, labels: list[str]
) -> int:
    world.push_branch(branch)
    number = github.open_release_pull(
        head_branch=branch, base_branch="main", title=f"chore(release): {branch}", body=""
    ).value.number
    github.set_labels(number, labels)
    reply = world.client.post(
        f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge", {"method": "squash"}
    )
    assert reply.status == 200, reply.body
    return number


def test_setting_labels_creates_them_and_replaces_the_set(
    github: GitHubAdapter, world: World
) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.forget()
    assert github.set_labels(number, [PENDING, "autorelease"]) == (PENDING, "autorelease")
    assert github.set_labels(number, ["autorelease", RELEASED]) == ("autorelease", RELEASED)
    assert world.state()["pulls"][0]["labels"] == ["autorelease", RELEASED]
    assert world.calls() == ["PUT issues/set-labels"] * 2
    found = release_pulls(github).open
    assert found is not None
    assert found.labels == ("autorelease", RELEASED)


def test_labels_github_refuses_are_created_first(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    github.set_labels(number, ["autorelease"])
    world.fault("PUT", "/labels$", status=422, message="Validation Failed")
    world.forget()
    assert github.set_labels(number, [PENDING, "autorelease"]) == (PENDING, "autorelease")
    assert world.calls() == [
        "PUT issues/set-labels",
        "POST issues/create-label",
        "POST issues/create-label",
        "PUT issues/set-labels",
    ]


def release_pulls(github: GitHubAdapter, *, base: str = "main") -> ReleasePulls:
    return github.release_pulls(head_branch=BRANCH, base_branch=base, label=PENDING)


def test_one_listing_finds_the_open_and_the_pending_release_pulls(
    github: GitHubAdapter, world: World
) -> None:
    merged_release_pull(github, world, branch="release-regent/other", labels=[PENDING])
    merged_release_pull(github, world, branch=BRANCH, labels=[RELEASED])
    first = merged_release_pull(github, world, branch=BRANCH, labels=[PENDING])
    second = merged_release_pull(github, world, branch=BRANCH, labels=["autorelease", PENDING])
    world.push_branch(BRANCH)
    still_open = open_pull(github).value.number
    github.set_labels(still_open, [PENDING])
    world.forget()
    found = release_pulls(github)
    assert found.open is not None
    assert found.open.number == still_open
    assert [pull.number for pull in found.pending] == [second, first]
    assert found.pending[0].merged
    assert found.pending[0].merge_commit_sha == world.state()["branches"]["main"]
    assert world.calls() == ["GET pulls/list"]
    assert release_pulls(github, base="develop") == ReleasePulls(None, ())


def test_the_pending_label_is_matched_as_github_does_whatever_its_case(
    github: GitHubAdapter, world: World
) -> None:
    merged_release_pull(github, world, branch=BRANCH, labels=[RELEASED])
    spelt = merged_release_pull(github, world, branch=BRANCH, labels=["Release-Regent: Pending"])
    world.forget()
    assert [pull.number for pull in release_pulls(github).pending] == [spelt]
    assert world.state()["pulls"][-1]["labels"] == ["Release-Regent: Pending"]


def test_closed_unmerged_release_pulls_are_neither_open_nor_pending(
    github: GitHubAdapter, world: World
) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    github.set_labels(number, [PENDING])
    github.close_release_pull(number)
    assert release_pulls(github) == ReleasePulls(None, ())


def test_paging_goes_on_while_merged_pulls_are_pending(connect: Connect, world: World) -> None:
    github = connect(per_page=2)
    numbers = [
        merged_release_pull(github, world, branch=BRANCH, labels=[PENDING]) for _ in range(5)
    ]
    world.forget()
    found = release_pulls(github)
    assert [pull.number for pull in found.pending] == numbers[::-1]
    assert world.calls() == ["GET pulls/list"] * 3


def test_paging_stops_at_the_first_finished_release(connect: Connect, world: World) -> None:
    github = connect(per_page=2)
    for _ in range(4):
        merged_release_pull(github, world, branch=BRANCH, labels=[RELEASED])
    newest = merged_release_pull(github, world, branch=BRANCH, labels=[PENDING])
    world.forget()
    assert [pull.number for pull in release_pulls(github).pending] == [newest]
    assert world.calls() == ["GET pulls/list"]


def test_commenting(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.forget()
    first = github.comment(number, "Released v1.1.0")
    second = github.comment(number, "Released v1.1.0")
    assert first.outcome is second.outcome is Outcome.CREATED
    assert first.value.id != second.value.id
    assert first.value.body == "Released v1.1.0"
    assert f"/acme/widget/pull/{number}#issuecomment-" in first.value.html_url
    assert world.calls() == ["POST issues/create-comment"] * 2


@pytest.mark.parametrize(
    "fault", [{"drop": True}, {"status": 503}], ids=["dropped-connection", "unavailable"]
)
def test_a_comment_posted_before_its_answer_was_lost_is_not_repeated(
    connect: Connect, world: World, fault: dict[str, object]
) -> None:
    github = connect(per_page=2)
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    for n in range(3):
        github.comment(number, f"earlier {n}")
    world.fault("POST", "/comments$", after=True, **fault)
    world.forget()
    posted = github.comment(number, "Released v1.1.0")
    assert posted.outcome is Outcome.EXISTED
    assert posted.value.body == "Released v1.1.0"
    assert world.calls() == ["POST issues/create-comment"] + ["GET issues/list-comments"] * 2
    comments = world.client.get(f"{world.api}/issues/{number}/comments?per_page=100").body
    assert [comment["body"] for comment in comments].count("Released v1.1.0") == 1


def test_a_comment_github_did_not_take_is_sent_again(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.fault("POST", "/comments$", status=502)
    world.forget()
    assert github.comment(number, "hello").outcome is Outcome.CREATED
    assert world.calls() == [
        "POST issues/create-comment",
        "GET issues/list-comments",
        "POST issues/create-comment",
    ]
