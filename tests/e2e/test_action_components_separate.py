"""A monorepo with a release PR per component (``separate_pull_requests: true``) through the
Action's entrypoint, run as a process against the simulator: two release PRs, a merge of one
tagging and releasing that component only while the other's PR stays and follows the base, and
switching to one release PR for all components (docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_harness import Landed, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_components import CONFIG, PACKAGES, head, land
from tests.e2e.test_action_entrypoint import Runner, push_payload

pytestmark = pytest.mark.e2e

SEPARATE = CONFIG + "separate_pull_requests: true\n"


def open_release_pulls(life: Lifecycle) -> dict[str, dict[str, Any]]:
    """The open release PRs by head branch."""
    listed = life.client.get("/repos/acme/widget/pulls?state=open&per_page=100").body
    return {
        pull["head"]["ref"]: pull
        for pull in listed
        if pull["head"]["ref"].startswith("release-regent/")
    }


def merge(life: Lifecycle, number: int) -> Landed:
    reply = life.client.post(f"/_sim/repos/acme/widget/pulls/{number}/merge", {"method": "squash"})
    assert reply.status == 200, reply.body
    return Landed(number, reply.body["sha"], reply.body["sha"], tuple(reply.body["events"]))


def test_two_release_prs_then_one_merged_releases_its_component_only(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        land(life, "chore: packages", {**PACKAGES, ".release-regent.yml": SEPARATE})
        for tag in ("api-v1.0.0", "cli-v0.3.0"):
            life.client.post(
                "/repos/acme/widget/git/refs", {"ref": f"refs/tags/{tag}", "sha": head(life)}
            )
        land(life, "feat(api): routes", {"packages/api/routes.txt": "r\n"})
        land(life, "fix(cli): flags", {"packages/cli/flags.txt": "f\n"})
        runner = Runner(life, tmp_path / "runs")

        opened = runner.run("push", push_payload(life))
        assert opened.code == 0, opened.stdout + opened.stderr
        pulls = open_release_pulls(life)
        assert {ref: pull["title"] for ref, pull in pulls.items()} == {
            "release-regent/main/api": "chore(release): api 1.1.0",
            "release-regent/main/cli": "chore(release): cli 0.3.1",
        }
        assert opened.outputs["prs_created"] == "true"
        opening = [line for line in opened.summary.splitlines() if "- open release PR" in line]
        assert len(opening) == 2, opened.summary
        assert "api 1.1.0" in opening[0]
        assert "cli 0.3.1" in opening[1]

        merged = merge(life, pulls["release-regent/main/api"]["number"])
        land(life, "fix(cli): more", {"packages/cli/more.txt": "m\n"})
        released = runner.run("pull_request", merged.pull_request_event()["payload"])
        assert released.code == 0, released.stdout + released.stderr
        state = life.snapshot()
        assert "api-v1.1.0" in state.tags
        assert not any(tag.startswith("cli-v0.3.1") for tag in state.tags)
        assert [release.tag for release in state.releases] == ["api-v1.1.0"]
        assert released.outputs["packages/api--tag_name"] == "api-v1.1.0"
        assert released.outputs["packages/cli--release_created"] == "false"
        left = open_release_pulls(life)
        assert list(left) == ["release-regent/main/cli"]
        assert (
            left["release-regent/main/cli"]["number"] == pulls["release-regent/main/cli"]["number"]
        )
        assert "more" in left["release-regent/main/cli"]["body"], "it follows the base"

        land(life, "chore: one release PR", {".release-regent.yml": CONFIG})
        switched = runner.run("push", push_payload(life))
        assert switched.code == 0, switched.stdout + switched.stderr
        now = open_release_pulls(life)
        assert list(now) == ["release-regent/main"]
        assert now["release-regent/main"]["title"] == "chore(release): cli 0.3.1"
