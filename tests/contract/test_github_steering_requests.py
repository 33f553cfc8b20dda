"""The requests behind the steering operations, seen in the simulator's request log: the merged
pull requests read in one listing that stops early, replies found in as few pages as they take,
and writes whose answer was lost never repeated."""

from __future__ import annotations

import pytest

from tests.contract.conftest import Connect, World

pytestmark = pytest.mark.contract

LIST_PULLS = "GET pulls/list"
LIST_COMMENTS = "GET issues/list-comments"
POST_COMMENT = "POST issues/create-comment"
REACT = "POST reactions/create-for-issue-comment"
LOST = [{"drop": True}, {"status": 503}]
LOST_IDS = ["dropped-connection", "unavailable"]


def merged_pull(world: World, branch: str) -> int:
    world.push_branch(branch)
    opened = world.client.post(
        f"{world.api}/pulls", {"title": f"feat: {branch}", "head": branch, "base": "main"}
    )
    number = int(opened.body["number"])
    merged = world.client.post(
        f"/_sim/repos/acme/widget/pulls/{number}/merge", {"method": "squash"}
    )
    assert merged.status == 200, merged.body
    return number


def open_pull(world: World, branch: str) -> int:
    world.push_branch(branch)
    opened = world.client.post(
        f"{world.api}/pulls", {"title": f"feat: {branch}", "head": branch, "base": "main"}
    )
    return int(opened.body["number"])


def test_merged_pull_requests_are_read_page_by_page_until_since(
    connect: Connect, world: World
) -> None:
    github = connect(per_page=2)
    numbers = [merged_pull(world, f"feature/{n}") for n in range(5)]
    world.forget()
    everything = github.merged_pulls(base_branch="main", since=None)
    assert sorted(pull.number for pull in everything) == numbers
    assert world.calls() == [LIST_PULLS] * 3
    world.forget()
    assert github.merged_pulls(base_branch="main", since="2999-01-01T00:00:00Z") == ()
    assert world.calls() == [LIST_PULLS]
    assert github.call_counts()["merged_pulls"] == 4
    query = world.requests()[0]["query"]
    for part in ("state=closed", "base=main", "sort=updated", "direction=desc"):
        assert part in query


def test_a_reply_already_made_is_found_on_the_first_page(connect: Connect, world: World) -> None:
    github = connect(per_page=1)
    number = open_pull(world, "feature/a")
    github.reply(number, key="1-a", body="Accepted.")
    for n in range(3):
        github.comment(number, f"later {n}")
    world.forget()
    assert github.reply(number, key="1-a", body="Accepted.").created is False
    assert world.calls() == [LIST_COMMENTS]


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_a_reply_posted_before_its_answer_was_lost_is_not_repeated(
    connect: Connect, world: World, fault: dict[str, object]
) -> None:
    github = connect(per_page=2)
    number = open_pull(world, "feature/a")
    for n in range(3):
        github.comment(number, f"earlier {n}")
    world.fault("POST", "/comments$", after=True, **fault)
    world.forget()
    posted = github.reply(number, key="1-a", body="Accepted.")
    assert posted.created is False
    assert world.calls() == [LIST_COMMENTS] * 2 + [POST_COMMENT] + [LIST_COMMENTS] * 2
    bodies = [
        item["body"] for item in world.client.get(f"{world.api}/issues/{number}/comments").body
    ]
    assert sum(body.startswith("Accepted.") for body in bodies) == 1


@pytest.mark.parametrize("fault", LOST, ids=LOST_IDS)
def test_a_reaction_whose_answer_was_lost_is_sent_again_and_made_once(
    connect: Connect, world: World, fault: dict[str, object]
) -> None:
    github = connect()
    number = open_pull(world, "feature/a")
    comment = github.comment(number, "!release minor").value
    world.fault("POST", "/reactions$", after=True, **fault)
    world.forget()
    assert github.react(comment.id).created is False
    assert world.calls() == [REACT, REACT]
    (listed,) = world.client.get(f"{world.api}/issues/{number}/comments").body
    assert listed["reactions"]["+1"] == 1
