"""The entrypoint's ``command: release-pr`` and ``command: release``: each does its half only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload

pytestmark = pytest.mark.e2e

PENDING = "release-regent: pending"


@pytest.fixture
def merged_release(tmp_path: Path) -> Iterator[Runner]:
    """``acme/widget`` with release PR v1.1.0 merged (not yet released) and a fix after it."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        runner = Runner(life, tmp_path / "runs")
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        assert runner.run("push", push_payload(life)).code == 0
        life.merge_release_pull(method="squash")
        life.land("fix: gears turn", [Commit("fix: gears turn")], method="squash")
        refresh(life.checkout)
        yield runner


def test_release_pr_updates_the_release_pr_and_holds_the_release(merged_release: Runner) -> None:
    life = merged_release.lifecycle
    run = merged_release.run("push", push_payload(life), inputs={"COMMAND": "release-pr"})
    assert run.code == 0, run.stdout + run.stderr
    state = life.snapshot()
    assert state.tags.keys() == {"v1.0.0"}
    assert state.releases == ()
    (merged,) = [pull for pull in state.release_pulls if pull.merged]
    assert PENDING in merged.labels
    assert state.open_release is not None
    assert state.open_release.version == "1.1.1"
    assert (run.outputs["release_created"], run.outputs["prs_created"]) == ("false", "true")
    assert "hold v1.1.0" in run.summary

    released = merged_release.run("push", push_payload(life), inputs={"COMMAND": "release"})
    assert released.code == 0, released.stdout + released.stderr
    assert (released.outputs["release_created"], released.outputs["tag_name"]) == (
        "true",
        "v1.1.0",
    )
    after = life.snapshot()
    assert [release.tag for release in after.releases] == ["v1.1.0"]
    assert after.open_release == state.open_release
    assert "leave the release PR" in released.summary


def test_release_publishes_and_leaves_the_next_release_pr_unopened(
    merged_release: Runner,
) -> None:
    life = merged_release.lifecycle
    run = merged_release.run("push", push_payload(life), inputs={"COMMAND": "release"})
    assert run.code == 0, run.stdout + run.stderr
    state = life.snapshot()
    assert [release.tag for release in state.releases] == ["v1.1.0"]
    assert state.open_release is None
    assert (run.outputs["release_created"], run.outputs["prs_created"]) == ("true", "false")
    assert "a full run would open release PR" in run.summary

    opened = merged_release.run("push", push_payload(life))
    assert opened.code == 0, opened.stdout + opened.stderr
    pull = life.snapshot().open_release
    assert pull is not None
    assert pull.version == "1.1.1"
