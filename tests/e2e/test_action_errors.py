"""The Action's entrypoint on bad input: a clear cause on the last line, the exit code, and
nothing written to GitHub (but for a release branch a refused PR leaves, which the next run
adopts) or to the step's outputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload

pytestmark = pytest.mark.e2e

LIMITED_TOKEN = "limited-token"


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Runner]:
    """A runner on ``acme/widget`` with one feature merged since v1.0.0."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        yield Runner(life, tmp_path / "runs")


def assert_untouched(run: Run, lifecycle: Lifecycle) -> None:
    assert run.outputs == {}
    assert run.summary == ""
    snapshot = lifecycle.snapshot()
    assert (snapshot.release_pulls, snapshot.branch, snapshot.releases) == ((), None, ())


def test_a_missing_event_file(started: Runner) -> None:
    run = started.run("push", None)
    assert run.code == 2
    assert run.last_line.startswith("::error::cannot read the event file ")
    assert_untouched(run, started.lifecycle)


def test_an_unreadable_event_file(started: Runner, tmp_path: Path) -> None:
    unreadable = tmp_path / "event-folder"
    unreadable.mkdir()
    run = started.run("push", None, env={"GITHUB_EVENT_PATH": str(unreadable)})
    assert run.code == 2
    assert run.last_line.startswith(f"::error::cannot read the event file {unreadable}")
    assert_untouched(run, started.lifecycle)


@pytest.mark.parametrize(
    ("payload", "cause"),
    [
        pytest.param("{not json", "is not JSON", id="not-json"),
        pytest.param("[1, 2]", "does not hold a JSON object", id="not-an-object"),
        pytest.param({"after": "abc"}, "the push payload has no ref", id="no-ref"),
    ],
)
def test_a_malformed_payload(started: Runner, payload: str | dict[str, Any], cause: str) -> None:
    run = started.run("push", payload)
    assert run.code == 2
    assert cause in run.last_line
    assert run.last_line.startswith("::error::")
    assert_untouched(run, started.lifecycle)


@pytest.mark.parametrize(
    ("inputs", "cause"),
    [
        pytest.param({"COMMAND": "publish"}, "input command is 'publish'", id="command"),
        pytest.param({"DRY-RUN": "maybe"}, "input dry-run is 'maybe'", id="dry-run"),
        pytest.param({"PRERELEASE": "rc 1"}, "input prerelease is 'rc 1'", id="prerelease"),
    ],
)
def test_an_unknown_input_value(started: Runner, inputs: dict[str, str], cause: str) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs=inputs)
    assert run.code == 2
    assert cause in run.last_line
    assert_untouched(run, started.lifecycle)


def test_a_broken_config_file_is_annotated(started: Runner) -> None:
    config = started.lifecycle.checkout / ".release-regent.yml"
    config.write_text("release_pr:\n  draft: maybe\n", encoding="utf-8")
    run = started.run("push", push_payload(started.lifecycle))
    assert run.code == 2
    assert run.last_line.startswith("::error file=.release-regent.yml,line=2::")
    assert "release_pr.draft" in run.last_line
    assert_untouched(run, started.lifecycle)


def test_a_broken_config_under_dot_github_is_annotated_with_its_folder(started: Runner) -> None:
    config = started.lifecycle.checkout / ".github" / "release-regent.yml"
    config.parent.mkdir(exist_ok=True)
    config.write_text("release_pr:\n  draft: maybe\n", encoding="utf-8")
    run = started.run("push", push_payload(started.lifecycle))
    assert run.code == 2
    assert run.last_line.startswith("::error file=.github/release-regent.yml,line=2::")
    assert_untouched(run, started.lifecycle)


def test_a_token_without_pull_requests_write(started: Runner) -> None:
    client = started.lifecycle.client
    permissions = {"contents": "write", "pull_requests": "read", "metadata": "read"}
    reply = client.post("/_sim/tokens", {"token": LIMITED_TOKEN, "permissions": permissions})
    assert reply.status == 201, reply.body
    run = started.run("push", push_payload(started.lifecycle), env={"INPUT_TOKEN": LIMITED_TOKEN})
    assert run.code == 1, run.stdout
    assert "the token needs `pull-requests: write`" in run.last_line
    assert LIMITED_TOKEN not in run.stdout.replace(f"::add-mask::{LIMITED_TOKEN}", "")
    assert (run.outputs, run.summary) == ({}, "")
    snapshot = started.lifecycle.snapshot()
    assert (snapshot.release_pulls, snapshot.releases) == ((), ())
    assert snapshot.branch is None  # the release branch it wrote is removed again
    rerun = started.run("push", push_payload(started.lifecycle))
    assert (rerun.code, rerun.outputs["prs_created"]) == (0, "true")
