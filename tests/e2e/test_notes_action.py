"""The maintainers' notes through the Action's entrypoint, on the events the simulator emitted:
a maintainer types notes into the release PR body in GitHub's editor, the ``pull_request``
``edited`` event puts them into the branch's CHANGELOG.md, the next push keeps them, and the
merge publishes them at the top of the GitHub Release and of the tagged CHANGELOG.md entry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from regent.core.release_pr.maintainer_notes import OPENING_LINE, read_maintainer_notes
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

NOTES = "Upgrade with care: the **gear ratio** changed.\n\n* see docs/gears.md"


@dataclass
class Opened:
    """``acme/widget`` with a release PR the Action opened, and a runner for the Action."""

    lifecycle: Lifecycle
    runner: Runner
    number: int

    def act(self, event: str, payload: dict[str, Any]) -> Run:
        refresh(self.lifecycle.checkout)
        run = self.runner.run(event, payload)
        assert run.code == 0, run.stdout + run.stderr
        return run

    def body(self) -> str:
        reply = self.lifecycle.client.get(f"/repos/{REPO.full_name}/pulls/{self.number}")
        return str(reply.body["body"])

    def type_notes(self, notes: str) -> dict[str, Any]:
        """Type ``notes`` below the opening line in GitHub's editor (CRLF line ends); the
        ``pull_request`` ``edited`` event it made."""
        typed = self.body().replace(f"{OPENING_LINE}\n", f"{OPENING_LINE}\n\n{notes}\n", 1)
        path = f"/repos/{REPO.full_name}/pulls/{self.number}"
        reply = self.lifecycle.client.patch(path, {"body": typed.replace("\n", "\r\n")})
        assert reply.status == 200, reply.body
        events = self.lifecycle.client.get("/_sim/events").body
        edited = [
            event
            for event in events
            if event["name"] == "pull_request"
            and event["payload"]["action"] == "edited"
            and event["payload"]["number"] == self.number
        ]
        assert edited, "no pull_request edited event for the release PR"
        return dict(edited[-1]["payload"])


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Opened]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        runner = Runner(life, tmp_path / "runs")
        run = runner.run("push", push_payload(life))
        assert run.outputs["prs_created"] == "true", run.stdout
        yield Opened(life, runner, int(run.outputs["pr_number"]))


def test_notes_from_the_release_pr_body_to_the_release(opened: Opened) -> None:
    life = opened.lifecycle
    edited = opened.act("pull_request", opened.type_notes(NOTES))
    assert edited.outputs["pr_number"] == str(opened.number)
    branch = life.snapshot().branch
    assert branch is not None
    heading = branch.changelog_heading
    assert f"{heading}\n\n{NOTES}\n\n### Features" in branch.changelog
    assert read_maintainer_notes(opened.body()) == NOTES
    assert "\r" not in opened.body()

    life.land("fix: tighten a bolt", [Commit("fix: tighten a bolt")], method="squash")
    opened.act("push", push_payload(life))
    assert read_maintainer_notes(opened.body()) == NOTES
    branch = life.snapshot().branch
    assert branch is not None
    assert f"{branch.changelog_heading}\n\n{NOTES}\n\n### Features" in branch.changelog
    assert "tighten a bolt" in branch.changelog

    merged = life.merge_release_pull(method="merge")
    published = opened.act("pull_request", merged.pull_request_event()["payload"])
    tag = published.outputs["tag_name"]
    (release,) = [release for release in life.snapshot().releases if release.tag == tag]
    assert release.body.startswith(f"{NOTES}\n\n### Features")
    changelog = git(life.git_dir, "show", f"{tag}:CHANGELOG.md")
    assert f"\n\n{NOTES}\n\n### Features" in changelog
