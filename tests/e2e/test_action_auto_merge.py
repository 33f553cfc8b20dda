"""Auto-merge and verified commits through the Action's entrypoint, on the simulator.

The workflow's token acts as ``github-actions[bot]`` (an App installation). With
``release_pr.auto_merge: squash`` the run that opens the release PR turns auto-merge on (one
GraphQL call); the required check passing merges it (the simulator's pull_request and push
events), and the run on that event publishes the release. The release commit the Action wrote
through the Git Data API is verified. A repository that does not allow auto-merge gets one line
in the job summary and a successful run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_harness import (
    REPO,
    Commit,
    Lifecycle,
    build_source,
    refresh,
    running_lifecycle,
)
from tests.e2e.lifecycle_script import INITIAL, INITIAL_TAG
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.github_sim.client import DEFAULT_TOKEN

pytestmark = pytest.mark.e2e

CONFIG = "release_pr:\n  auto_merge: squash\n"
CONTROL = f"/_sim/repos/{REPO.full_name}"
NOT_ALLOWED = "Pull request Auto merge is not allowed for this repository"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    initial = (*INITIAL, Commit("chore: auto-merge", {".release-regent.yml": CONFIG}))
    source = build_source(tmp_path / "source", initial, tag=INITIAL_TAG)
    with running_lifecycle(tmp_path / "work", source) as running:
        reply = running.client.post(
            "/_sim/tokens", {"token": DEFAULT_TOKEN, "login": "github-actions[bot]"}
        )
        assert reply.status == 201, reply.body
        checks = {"contexts": ["ci"]}
        required = running.client.request("PUT", f"{CONTROL}/branches/main/required_checks", checks)
        assert required.status == 200, required.body
        yield running


def _allow_auto_merge(lifecycle: Lifecycle, *, allowed: bool) -> None:
    reply = lifecycle.client.patch(f"{CONTROL}/settings", {"allow_auto_merge": allowed})
    assert reply.status == 200, reply.body


def _open_release_pr(lifecycle: Lifecycle, runner: Runner) -> tuple[Run, dict[str, Any]]:
    lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    refresh(lifecycle.checkout)
    lifecycle.forget_requests()
    run = runner.run("push", push_payload(lifecycle))
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["prs_created"] == "true", run.stdout
    pull = lifecycle.client.get(f"/repos/{REPO.full_name}/pulls/{run.outputs['pr_number']}").body
    return run, dict(pull)


def test_the_release_pr_merges_itself_once_the_check_passes_then_is_released(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    _allow_auto_merge(lifecycle, allowed=True)
    runner = Runner(lifecycle, tmp_path / "runs")
    opened, pull = _open_release_pr(lifecycle, runner)
    assert f"Auto-merge (squash) enabled on #{pull['number']}" in opened.summary
    assert "Warning" not in opened.summary
    assert pull["auto_merge"]["merge_method"] == "squash"
    assert pull["auto_merge"]["enabled_by"]["login"] == "github-actions[bot]"
    graphql = [entry for entry in lifecycle.requests() if entry["path"] == "/graphql"]
    assert len(graphql) == 1

    head = pull["head"]["sha"]
    verification = lifecycle.client.get(f"/repos/{REPO.full_name}/git/commits/{head}").body
    assert (verification["verification"]["verified"], verification["verification"]["reason"]) == (
        True,
        "valid",
    )

    again = runner.run("push", push_payload(lifecycle))  # a re-run asks for nothing more
    assert again.code == 0, again.stdout + again.stderr
    assert len([e for e in lifecycle.requests() if e["path"] == "/graphql"]) == 1

    pending = lifecycle.client.post(
        f"{CONTROL}/statuses/{head}", {"context": "ci", "state": "pending"}
    )
    assert pending.body["events"] == []
    passed = lifecycle.client.post(
        f"{CONTROL}/statuses/{head}", {"context": "ci", "state": "success"}
    )
    closed = [event for event in passed.body["events"] if event["name"] == "pull_request"]
    assert [event["payload"]["action"] for event in closed] == ["closed"]
    assert closed[0]["payload"]["pull_request"]["merged"] is True

    refresh(lifecycle.checkout)
    released = runner.run("pull_request", closed[0]["payload"])
    assert released.code == 0, released.stdout + released.stderr
    assert released.outputs["release_created"] == "true", released.stdout
    snapshot = lifecycle.snapshot()
    assert "v1.1.0" in snapshot.tags
    assert [release.tag for release in snapshot.releases] == ["v1.1.0"]
    assert snapshot.open_release is None


def test_a_repository_without_auto_merge_says_so_once_and_the_run_succeeds(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    _allow_auto_merge(lifecycle, allowed=False)
    runner = Runner(lifecycle, tmp_path / "runs")
    opened, pull = _open_release_pr(lifecycle, runner)
    warnings = [line for line in opened.summary.splitlines() if "auto-merge is not enabled" in line]
    assert len(warnings) == 1
    assert NOT_ALLOWED in warnings[0]
    assert f"#{pull['number']}" in warnings[0]
    assert pull["auto_merge"] is None
    assert pull["state"] == "open"
