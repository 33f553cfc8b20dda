"""The entrypoint on the other routed events and commands: schedule, ``command: plan``,
``target-branch``; the event table (tests/event_table.py) through the Action's door; and the
image's Dockerfile under hadolint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from regent.core.routing import Command, Ignored, Installation, Ping, Reconcile, explain, route
from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import REPOSITORY, Runner, push_payload
from tests.event_table import EventRow, hand_written_rows, shared_rows
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCHEDULE = {"schedule": "17 6 * * 1"}


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Runner]:
    """A runner on ``acme/widget`` with one feature merged since v1.0.0."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        yield Runner(life, tmp_path / "runs")


def test_schedule_reconciles_and_a_second_run_changes_nothing(started: Runner) -> None:
    first = started.run("schedule", SCHEDULE)
    assert (first.code, first.outputs["prs_created"]) == (0, "true"), first.stdout
    again = started.run("schedule", SCHEDULE)
    assert (again.code, again.outputs["prs_created"]) == (0, "false"), again.stdout
    assert again.outputs["pr_number"] == first.outputs["pr_number"]
    assert "leave release PR" in again.summary


def test_command_plan_decides_without_writing(started: Runner) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs={"COMMAND": "plan"})
    assert run.code == 0, run.stdout
    assert (run.outputs["version"], run.outputs["prs_created"]) == ("1.1.0", "false")
    assert "dry run: nothing written" in run.summary
    assert started.lifecycle.snapshot().release_pulls == ()


def test_a_push_to_another_target_branch_is_ignored(started: Runner) -> None:
    payload = push_payload(started.lifecycle)
    run = started.run("push", payload, inputs={"TARGET-BRANCH": "release/1.x"})
    assert run.code == 0
    assert run.last_line == (
        "::notice::main is not the target-branch input: releases are made from release/1.x"
    )
    assert started.lifecycle.snapshot().release_pulls == ()


def test_the_dockerfile_is_hadolint_clean() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed")
    done = subprocess.run(
        [hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_shallow_checkout_is_deepened_with_a_notice(started: Runner) -> None:
    life = started.lifecycle
    shallow = life.work / "shallow"
    git(life.work, "clone", "--quiet", "--depth", "1", f"file://{life.git_dir}", str(shallow))
    shallow_runner = Runner(life, started.work / "shallow-runs", workspace=shallow)
    run = shallow_runner.run("push", push_payload(life))
    assert run.code == 0, run.stdout
    assert "::notice::the checkout is shallow" in run.stdout
    assert (run.outputs["prs_created"], run.outputs["version"]) == ("true", "1.1.0")


def test_version_parts_follow_the_configured_scheme(started: Runner) -> None:
    life = started.lifecycle
    (life.checkout / ".release-regent.yml").write_text("version_scheme: pep440\n")
    payload = {
        "ref": "refs/heads/main",
        "inputs": {"release-as": "2.1", "dry-run": "true"},
        "repository": REPOSITORY,
        "sender": {"login": "octo"},
    }
    run = started.run("workflow_dispatch", payload)
    assert run.code == 0, run.stdout
    outputs = run.outputs
    assert (outputs["version"], outputs["major"], outputs["minor"], outputs["patch"]) == (
        "2.1",
        "2",
        "1",
        "0",
    )


@pytest.fixture(scope="module")
def table_lifecycle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lifecycle]:
    """One ``acme/widget`` for the whole event table: its rows write nothing."""
    folder = tmp_path_factory.mktemp("table")
    with running_lifecycle(folder / "work", source_repository(folder / "source")) as life:
        yield life


@pytest.mark.parametrize("row", [*hand_written_rows(Ignored, Ping, Installation), *shared_rows()])
def test_the_event_table_through_the_action(
    table_lifecycle: Lifecycle, tmp_path: Path, row: EventRow
) -> None:
    """Every row the router does not reconcile gets its one line as a notice, no outputs; a
    shared payload that reconciles another repository, or holds comment commands, is left to
    the other tests."""
    routed = route(row.event, row.payload)
    if isinstance(routed, Reconcile):
        pytest.skip("reconciles a repository the simulator does not hold")
    if isinstance(routed, Command):
        pytest.skip("comment commands: tests/e2e/test_commands_action.py")
    run = Runner(table_lifecycle, tmp_path / "runs").run(row.event, dict(row.payload))
    assert (run.code, run.outputs) == (0, {}), run.stdout + run.stderr
    assert run.last_line == f"::notice::{row.says or explain(routed)}"


@pytest.mark.parametrize("row", hand_written_rows(Reconcile))
def test_the_event_tables_reconciles_through_the_action(
    table_lifecycle: Lifecycle, tmp_path: Path, row: EventRow
) -> None:
    """A row that reconciles opens the Reconcile group for its branch (a dry run); a branch the
    configuration does not release from gets the release service's notice instead."""
    runner = Runner(table_lifecycle, tmp_path / "runs")
    run = runner.run(row.event, dict(row.payload), inputs={"DRY-RUN": "true"})
    assert run.code == 0, run.stdout + run.stderr
    assert f"::group::Reconcile acme/widget {row.says}" in run.stdout
    if row.says == "main":
        assert "dry run: nothing written" in run.summary
    else:
        assert run.last_line.startswith(f"::notice::{row.says} is not a base branch: ")
        assert run.outputs == {}
