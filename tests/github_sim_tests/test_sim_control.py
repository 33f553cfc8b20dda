"""The control API: repositories, their state, the request log, events and violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim.records import CommentRecord, PullRecord, ReleaseRecord
from tests.github_sim.server import SimServer
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.contract


def test_repository_is_a_bare_clone_with_branches_and_tags(
    client: SimClient, seeded: Seeded
) -> None:
    assert git(seeded.git_dir, "rev-parse", "--is-bare-repository") == "true"
    assert git(seeded.git_dir, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert client.get("/_sim/repos/acme/widget/state").body["branches"] == {
        "main": seeded.third,
        "feature/slashed": seeded.second,
    }


def test_state_lists_tags_pulls_releases_and_comments(
    sim: SimServer, client: SimClient, seeded: Seeded
) -> None:
    repo = sim.state.repo("acme", "widget")
    repo.pulls[1] = PullRecord(
        number=1,
        id=11,
        title="chore: release 1.1.0",
        body="notes",
        head="release/main",
        base="main",
        head_sha=seeded.third,
        base_sha=seeded.second,
        user="bot",
        labels=["autorelease: pending"],
    )
    repo.releases[5] = ReleaseRecord(
        id=5, tag_name="v1.0.0", target_commitish="main", name="v1.0.0", body="b", author="bot"
    )
    repo.comments[7] = CommentRecord(
        id=7,
        issue_number=1,
        body="!release minor",
        user="mona",
        reactions=[
            {"id": 8, "login": "bot", "content": "+1", "created_at": "2024-01-31T12:00:00Z"}
        ],
    )

    state = client.get("/_sim/repos/acme/widget/state").body

    assert state["tags"] == {"v1.0.0": seeded.first}
    assert state["pulls"] == [
        {
            "number": 1,
            "title": "chore: release 1.1.0",
            "body": "notes",
            "state": "open",
            "merged": False,
            "head": "release/main",
            "base": "main",
            "labels": ["autorelease: pending"],
        }
    ]
    assert state["releases"] == [
        {
            "tag_name": "v1.0.0",
            "name": "v1.0.0",
            "body": "b",
            "draft": False,
            "prerelease": False,
            "target_commitish": "main",
        }
    ]
    assert state["comments"] == [
        {
            "id": 7,
            "issue": 1,
            "user": "mona",
            "body": "!release minor",
            "reactions": [{"user": "bot", "content": "+1"}],
        }
    ]


def test_pushing_to_git_dir_is_seen_by_the_api(client: SimClient, seeded: Seeded) -> None:
    head = seeded.work.commit("feat: pushed")
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "main")

    assert client.get(f"{API}/branches/main").body["commit"]["sha"] == head


def test_empty_repository_with_another_default_branch(client: SimClient) -> None:
    git_dir = client.create_repo("acme/empty", default_branch="trunk")

    assert git(git_dir, "symbolic-ref", "HEAD") == "refs/heads/trunk"
    assert client.get("/repos/acme/empty").body["default_branch"] == "trunk"
    assert client.get("/_sim/repos/acme/empty/state").body["branches"] == {}


def test_registering_again_replaces_the_repository(client: SimClient, tmp_path: Path) -> None:
    first = GitRepo.create(tmp_path / "one")
    first.commit("one")
    second = GitRepo.create(tmp_path / "two")
    head = second.commit("two")

    client.create_repo("acme/widget", first.path)
    client.create_repo("acme/widget", second.path)

    assert client.get(f"{API}/commits/main").body["sha"] == head


@pytest.mark.parametrize(
    "body",
    [
        {"full_name": "no-slash"},
        {"full_name": "a/b/c"},
        {},
        {"full_name": "a/b", "source": "/nope"},
    ],
)
def test_invalid_repository_registrations(client: SimClient, body: dict[str, str]) -> None:
    assert client.post("/_sim/repos", body).status == 422


def test_state_of_unknown_repository_and_unknown_control_path(client: SimClient) -> None:
    assert client.get("/_sim/repos/acme/none/state").status == 404
    assert client.get("/_sim/nothing").status == 404


def test_request_log_records_api_calls_and_clears(client: SimClient, seeded: Seeded) -> None:
    client.get(f"{API}/commits?per_page=1")
    client.get(f"{API}/git/ref/heads/nope")

    log = client.get("/_sim/requests").body

    assert log == [
        {
            "method": "GET",
            "path": f"{API}/commits",
            "query": "per_page=1",
            "status": 200,
            "operation_id": "repos/list-commits",
        },
        {
            "method": "GET",
            "path": f"{API}/git/ref/heads/nope",
            "query": "",
            "status": 404,
            "operation_id": "git/get-ref",
        },
    ]
    assert client.delete("/_sim/requests").status == 204
    assert client.get("/_sim/requests").body == []


def test_events_are_listed_and_cleared_and_invalid_payloads_are_violations(
    sim: SimServer, client: SimClient
) -> None:
    sim.state.emit("push", {"ref": 1}, {"X-GitHub-Event": "push"})

    events = client.get("/_sim/events").body
    violations = client.get("/_sim/violations").body

    assert [(event["name"], event["headers"]) for event in events] == [
        ("push", {"X-GitHub-Event": "push"})
    ]
    assert len(violations) == 1
    assert violations[0].startswith("webhook push$event")
    assert client.delete("/_sim/events").status == 204
    assert client.delete("/_sim/violations").status == 204
    assert client.get("/_sim/events").body == []


def test_control_api_rejects_non_json(client: SimClient) -> None:
    reply = client.request("POST", "/_sim/faults", headers={"Content-Type": "application/json"})

    assert reply.status == 422
