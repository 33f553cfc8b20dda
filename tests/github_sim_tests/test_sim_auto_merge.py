"""Auto-merge on the simulator: ``enablePullRequestAutoMerge`` over ``POST /graphql``, what GitHub
refuses, the ``auto_merge`` of the REST JSON, and the merge once the required checks pass."""

from __future__ import annotations

from typing import Any

import pytest
from github import Auth, Github

from tests.github_sim.client import SimClient
from tests.github_sim.server import SimServer
from tests.github_sim_tests.conftest import API, FULL_NAME, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract

ENABLE = (
    "mutation Mutation($input: EnablePullRequestAutoMergeInput!) { enablePullRequestAutoMerge("
    "input: $input) { %s } }"
)
SELECTED = (
    "clientMutationId pullRequest { number autoMergeRequest { mergeMethod enabledBy { login } } }"
)


def _open_pull(client: SimClient, seeded: Seeded) -> dict[str, Any]:
    git(seeded.work.path, "checkout", "--quiet", "-B", "feature/gears", seeded.third)
    seeded.work.commit("feat: gears", files={"gears.txt": "3\n"})
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "feature/gears")
    body = {"title": "feat: gears", "head": "feature/gears", "base": "main"}
    reply = client.post(f"{API}/pulls", body)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def _enable(
    client: SimClient, pull: dict[str, Any], method: str = "SQUASH", selected: str = SELECTED
) -> dict[str, Any]:
    variables = {"input": {"pullRequestId": pull["node_id"], "mergeMethod": method}}
    reply = client.post("/graphql", {"query": ENABLE % selected, "variables": variables})
    assert reply.status == 200, reply.body
    return dict(reply.body)


def _protect(client: SimClient, *, allow: bool = True) -> None:
    settings = client.request(
        "PATCH", f"/_sim/repos/{FULL_NAME}/settings", {"allow_auto_merge": allow}
    )
    assert settings.status == 200, settings.body
    checks = {"contexts": ["ci"]}
    assert (
        client.request(
            "PUT", f"/_sim/repos/{FULL_NAME}/branches/main/required_checks", checks
        ).status
        == 200
    )


def _status(client: SimClient, sha: str, state: str) -> dict[str, Any]:
    reply = client.post(
        f"/_sim/repos/{FULL_NAME}/statuses/{sha}", {"context": "ci", "state": state}
    )
    assert reply.status == 201, reply.body
    return dict(reply.body)


def _errors(answer: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(error.get("type"), error["message"]) for error in answer["errors"]]


def test_auto_merge_waits_for_the_required_check_then_merges(
    client: SimClient, seeded: Seeded
) -> None:
    _protect(client)
    pull = _open_pull(client, seeded)
    assert pull["auto_merge"] is None
    answer = _enable(client, pull)
    assert answer == {
        "data": {
            "enablePullRequestAutoMerge": {
                "clientMutationId": None,
                "pullRequest": {
                    "number": pull["number"],
                    "autoMergeRequest": {
                        "mergeMethod": "SQUASH",
                        "enabledBy": {"login": "sim-user"},
                    },
                },
            }
        }
    }
    shown = client.get(f"{API}/pulls/{pull['number']}").body["auto_merge"]
    assert (shown["merge_method"], shown["enabled_by"]["login"]) == ("squash", "sim-user")
    listed = client.get(f"{API}/pulls").body
    assert listed[0]["auto_merge"]["merge_method"] == "squash"
    head = pull["head"]["sha"]
    assert _status(client, head, "pending")["events"] == []
    assert _status(client, head, "failure")["events"] == []
    events = _status(client, head, "success")["events"]
    assert [(event["name"], event["payload"].get("action")) for event in events] == [
        ("pull_request", "closed"),
        ("push", None),
    ]
    merged = client.get(f"{API}/pulls/{pull['number']}").body
    assert (merged["merged"], merged["merged_by"]["login"], merged["auto_merge"]) == (
        True,
        "sim-user",
        None,
    )
    assert (
        client.get(f"{API}/git/ref/heads/main").body["object"]["sha"] == merged["merge_commit_sha"]
    )
    assert client.get("/_sim/violations").body == []


@pytest.mark.parametrize(
    ("allow", "required", "passed", "message"),
    [
        (False, True, False, "Pull request Auto merge is not allowed for this repository"),
        (True, False, False, "Pull request Protected branch rules not configured for this branch"),
        (True, True, True, "Pull request Pull request is in clean status"),
    ],
    ids=["not-allowed", "unprotected", "clean"],
)
def test_what_github_refuses_is_an_unprocessable_graphql_error(
    client: SimClient, seeded: Seeded, *, allow: bool, required: bool, passed: bool, message: str
) -> None:
    client.request("PATCH", f"/_sim/repos/{FULL_NAME}/settings", {"allow_auto_merge": allow})
    if required:
        client.request(
            "PUT", f"/_sim/repos/{FULL_NAME}/branches/main/required_checks", {"contexts": ["ci"]}
        )
    pull = _open_pull(client, seeded)
    if passed:
        _status(client, pull["head"]["sha"], "success")
    answer = _enable(client, pull)
    assert answer["data"] == {"enablePullRequestAutoMerge": None}
    assert _errors(answer) == [("UNPROCESSABLE", message)]
    assert client.get(f"{API}/pulls/{pull['number']}").body["auto_merge"] is None


def test_other_queries_bad_input_and_unknown_fields_are_graphql_errors(
    client: SimClient, seeded: Seeded
) -> None:
    _protect(client)
    pull = _open_pull(client, seeded)
    other = client.post("/graphql", {"query": "query { viewer { login } }", "variables": {}})
    assert other.status == 200
    assert (
        "answers only the enablePullRequestAutoMerge mutation" in other.body["errors"][0]["message"]
    )
    assert "mergeMethod" in _errors(_enable(client, pull, method="FAST"))[0][1]
    unknown = _enable(client, pull, selected="pullRequest { title }")
    assert _errors(unknown) == [(None, "Field 'title' doesn't exist on type 'PullRequest'")]
    lost = {"input": {"pullRequestId": "UHVsbFJlcXVlc3Q6OTk5OQ", "mergeMethod": "MERGE"}}
    gone = client.post("/graphql", {"query": ENABLE % "clientMutationId", "variables": lost}).body
    assert _errors(gone)[0][0] == "NOT_FOUND"
    assert client.post("/graphql", {"query": ENABLE % "clientMutationId"}, token=None).status == 401
    assert client.get("/_sim/violations").body == []


def test_pygithub_enables_auto_merge_through_its_own_method(sim: SimServer, seeded: Seeded) -> None:
    client = SimClient(sim.url)
    _protect(client)
    number = _open_pull(client, seeded)["number"]
    github = Github(auth=Auth.Token("sim-token"), base_url=sim.url)
    pull = github.get_repo(FULL_NAME).get_pull(number)
    assert pull.enable_automerge(merge_method="REBASE")["actor"]["login"] == "sim-user"
    assert github.get_repo(FULL_NAME).get_pull(number).auto_merge["merge_method"] == "rebase"
