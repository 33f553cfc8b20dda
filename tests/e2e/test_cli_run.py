"""``regent run --event-file`` as a maintainer runs it: a subprocess against the simulator.

The checkout is the lifecycle's service clone (its origin a ``file://`` URL of the simulator's
bare repository, so the origin check warns and lets it through); the payloads are the
simulator's own, emitted on merge, saved with their headers as a delivery log would hold them.
``REGENT_GITHUB_THROTTLE=off`` is a test knob only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from regent.core.routing import Command, Ignored, Installation, Ping, Reconcile, explain, route
from tests.e2e.lifecycle_harness import RELEASE_BRANCH, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.event_table import EventRow, hand_written_rows, shared_rows, write_event
from tests.github_sim.client import DEFAULT_TOKEN

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "webhooks"
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path / "work", source) as running:
        yield running


def regent_run(
    lifecycle: Lifecycle | None, *arguments: str, env: Mapping[str, str] | None = None
) -> Run:
    """``python -m regent run ARGUMENTS`` with a token and the simulator's API URL."""
    environ = {key: value for key, value in os.environ.items() if "TOKEN" not in key}
    environ |= {"REGENT_GITHUB_THROTTLE": "off", "GITHUB_TOKEN": DEFAULT_TOKEN}
    if lifecycle is not None:
        environ |= {"GITHUB_API_URL": lifecycle.sim.url}
    environ |= dict(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "regent", "run", *arguments],
        env={key: value for key, value in environ.items() if value},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def save_event(folder: Path, event: Mapping[str, Any], *, headers: bool = True) -> Path:
    """The event's payload as ``event.json``, its headers beside it as ``event.headers.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "event.json"
    path.write_text(json.dumps(event["payload"]), encoding="utf-8")
    if headers:
        recorded = {"headers": {name.lower(): value for name, value in event["headers"].items()}}
        (folder / "event.headers.json").write_text(json.dumps(recorded), encoding="utf-8")
    return path


def land_feature(lifecycle: Lifecycle, tmp_path: Path) -> Path:
    landed = lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    return save_event(tmp_path / "feature", landed.pull_request_event())


def test_a_merged_pull_request_opens_the_release_pr(lifecycle: Lifecycle, tmp_path: Path) -> None:
    event_file = land_feature(lifecycle, tmp_path)
    run = regent_run(
        lifecycle, "--event-file", str(event_file), "--checkout", str(lifecycle.checkout)
    )
    assert run.code == 0, run.stdout + run.stderr
    pull = lifecycle.snapshot().open_release
    assert pull is not None
    lines = run.stdout.splitlines()
    assert lines[0].startswith("reconcile acme/widget main: pull request #")
    assert "main at " in lines[1]
    assert f"release branch {RELEASE_BRANCH}" in lines[1]
    assert any(line.startswith("- open release PR") for line in lines)
    assert f"release_pr_opened: #{pull.number} " in run.stdout
    assert lines[-1].startswith("github calls: ")
    assert int(lines[-1].split(": ")[1]) > 0
    assert "origin is not a GitHub URL" in run.stderr


def test_a_dry_run_writes_nothing(lifecycle: Lifecycle, tmp_path: Path) -> None:
    event_file = land_feature(lifecycle, tmp_path)
    lifecycle.forget_requests()
    arguments = ("--event-file", str(event_file), "--checkout", str(lifecycle.checkout))
    run = regent_run(lifecycle, *arguments, "--dry-run")
    assert run.code == 0, run.stdout + run.stderr
    methods = {entry["method"] for entry in lifecycle.requests()}
    assert methods, "the dry run read nothing"
    assert not methods & WRITE_METHODS, methods
    assert lifecycle.snapshot().open_release is None
    assert "- open release PR" in run.stdout
    assert "dry run: nothing written" in run.stdout


def test_a_merged_release_pr_is_tagged_and_released(lifecycle: Lifecycle, tmp_path: Path) -> None:
    checkout = ("--checkout", str(lifecycle.checkout))
    assert (
        regent_run(
            lifecycle, "--event-file", str(land_feature(lifecycle, tmp_path)), *checkout
        ).code
        == 0
    )
    merged = lifecycle.merge_release_pull(method="merge")
    event_file = save_event(tmp_path / "release", merged.pull_request_event())
    run = regent_run(lifecycle, "--event-file", str(event_file), *checkout)
    assert run.code == 0, run.stdout + run.stderr
    assert "v1.1.0" in lifecycle.snapshot().tags
    released = [line for line in run.stdout.splitlines() if line.startswith("released: ")]
    assert len(released) == 1, run.stdout
    assert released[0].endswith("/releases/tag/v1.1.0"), run.stdout


def test_an_ignored_event_prints_why(lifecycle: Lifecycle, tmp_path: Path) -> None:
    landed = lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    payload = landed.pull_request_event()["payload"] | {"action": "opened"}
    event_file = tmp_path / "opened.json"
    event_file.write_text(json.dumps(payload), encoding="utf-8")
    lifecycle.forget_requests()
    run = regent_run(lifecycle, "--event-file", str(event_file), "--event", "pull_request")
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("pull request #")
    assert "(opened) is ignored: only a merge starts a release run" in run.stdout
    assert lifecycle.requests() == []


def test_the_origin_must_be_the_events_repository(lifecycle: Lifecycle, tmp_path: Path) -> None:
    event_file = land_feature(lifecycle, tmp_path)
    subprocess.run(
        [
            "git",
            "-C",
            str(lifecycle.checkout),
            "remote",
            "set-url",
            "origin",
            "https://x-access-token:secret@github.com/someone/else.git",
        ],
        check=True,
    )
    run = regent_run(
        lifecycle, "--event-file", str(event_file), "--checkout", str(lifecycle.checkout)
    )
    assert run.code == 2, run.stdout + run.stderr
    assert "the event is for acme/widget but" in run.stderr
    assert "github.com/someone/else" in run.stderr
    assert "secret" not in run.stderr


@pytest.mark.parametrize(
    ("setup", "env", "wanted"),
    [
        pytest.param("missing", {}, "cannot read the event file", id="missing-file"),
        pytest.param("not-json", {}, "is not JSON", id="invalid-json"),
        pytest.param("no-headers", {}, "--event is required", id="no-event-name"),
        pytest.param(
            "with-headers",
            {"GITHUB_TOKEN": "", "GH_TOKEN": ""},
            "no GitHub token: set GITHUB_TOKEN or GH_TOKEN",
            id="no-token",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    lifecycle: Lifecycle, tmp_path: Path, setup: str, env: dict[str, str], wanted: str
) -> None:
    landed = lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    event = landed.pull_request_event()
    path = tmp_path / "run" / "event.json"
    if setup in ("no-headers", "with-headers"):
        save_event(path.parent, event, headers=setup == "with-headers")
    elif setup == "not-json":
        path.parent.mkdir()
        path.write_text("{not json", encoding="utf-8")
    run = regent_run(
        lifecycle, "--event-file", str(path), "--checkout", str(lifecycle.checkout), env=env
    )
    assert run.code == 2, run.stdout + run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("regent: error: ")
    assert wanted in run.stderr
    assert lifecycle.snapshot().open_release is None


def test_a_real_push_to_a_branch_that_is_not_a_base_branch(tmp_path: Path) -> None:
    """A real payload read in place, replayed in a clone of its repository: the release service
    leaves the branch alone and says why, before any GitHub call (none could succeed here)."""
    payload = FIXTURES / "push" / "to-branch.reallyfastci.json"
    if not payload.is_file():
        pytest.skip(f"{FIXTURES} is absent (a fresh clone): real payloads are not checked")
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "--quiet", str(clone)], check=True)
    origin = "https://github.com/ailisp/gcbapp-buildconfig-example.git"
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", origin], check=True)
    env = {"GITHUB_API_URL": "http://127.0.0.1:9"}
    arguments = ("--event-file", str(payload), "--checkout", str(clone), "--dry-run")
    run = regent_run(None, *arguments, env=env)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        "reconcile ailisp/gcbapp-buildconfig-example ailisp-patch-1: a push updated ailisp-patch-1",
        "ailisp-patch-1 is not a base branch: releases are made from master, the default branch "
        "(list it in base_branches to release from it)",
    ]


@pytest.mark.parametrize("row", [*hand_written_rows(Ignored, Ping, Installation), *shared_rows()])
def test_the_event_table_through_regent_run(tmp_path: Path, row: EventRow) -> None:
    """A row that reconciles nothing: its one line, exit 0, no token, no checkout, and neither
    PyGithub nor GitPython imported."""
    routed = route(row.event, row.payload)
    if isinstance(routed, Reconcile):
        pytest.skip("reconciles a repository the simulator does not hold")
    if isinstance(routed, Command):
        pytest.skip("comment commands: tests/e2e/test_commands_action.py")
    event_file = write_event(tmp_path, row)
    env = {"GITHUB_TOKEN": "", "PYTHONPROFILEIMPORTTIME": "1"}
    run = regent_run(None, "--event-file", str(event_file), "--event", row.event, env=env)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout == f"{row.says or explain(routed)}\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert not imported & {"github", "git", "requests"}, "heavy imports on the ignored path"


@pytest.mark.parametrize("row", hand_written_rows(Reconcile))
def test_the_event_tables_reconciles_through_regent_run(
    lifecycle: Lifecycle, tmp_path: Path, row: EventRow
) -> None:
    """A row that reconciles, replayed as the Action gets it (no ``clone_url``): the branch it
    names is reconciled (a dry run), or left alone by the release service saying why."""
    event_file = write_event(tmp_path, row)
    arguments = ("--event-file", str(event_file), "--event", row.event)
    run = regent_run(lifecycle, *arguments, "--checkout", str(lifecycle.checkout), "--dry-run")
    assert run.code == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"reconcile acme/widget {row.says}: ")
    if row.says == "main":
        assert "dry run: nothing written" in lines
    else:
        assert lines[-1].startswith(f"{row.says} is not a base branch: ")


def test_commit_text_in_the_printed_decision_stays_printable(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    """The decision quotes commit text (a Release-As footer here); printed inside a workflow,
    an escape or a legacy ``##[`` command in it must stay text."""
    message = "feat: add gears\n\nRelease-As: 3.0.0 \x1b[2J ##[error]forged"
    landed = lifecycle.land("feat: add gears", [Commit(message)], method="merge")
    event_file = save_event(tmp_path / "feature", landed.pull_request_event())
    arguments = ("--event-file", str(event_file), "--checkout", str(lifecycle.checkout))
    run = regent_run(lifecycle, *arguments, "--dry-run")
    assert run.code == 0, run.stdout + run.stderr
    assert "Release-As" in run.stdout
    assert "\x1b" not in run.stdout
    assert "##[" not in run.stdout


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"X-GitHub-Event": "ping"}, id="headers-as-an-object"),
        pytest.param({"headers": {"x-github-event": "ping"}}, id="headers-as-a-delivery-log"),
    ],
)
def test_the_event_name_is_read_beside_the_payload(tmp_path: Path, headers: dict[str, Any]) -> None:
    event_file = tmp_path / "ping.json"
    event_file.write_text(json.dumps({"zen": "Keep it logically awesome.", "hook_id": 3}))
    (tmp_path / "ping.headers.json").write_text(json.dumps(headers), encoding="utf-8")
    run = regent_run(None, "--event-file", str(event_file))
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout == "ping from hook 3: the webhook answers (Keep it logically awesome.)\n"


def test_a_schedule_reads_the_runner_variables_as_the_action_does(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    """A runner's schedule payload names no repository or branch: GITHUB_REPOSITORY and
    GITHUB_REF_NAME do, for ``regent run`` as for the Action."""
    event_file = tmp_path / "schedule.json"
    event_file.write_text(json.dumps({"schedule": "17 6 * * 1"}), encoding="utf-8")
    arguments = ("--event-file", str(event_file), "--event", "schedule", "--dry-run")
    checkout = ("--checkout", str(lifecycle.checkout))
    unset = {"GITHUB_REPOSITORY": "", "GITHUB_REF_NAME": ""}  # as in CI, where they are set
    missing = regent_run(lifecycle, *arguments, *checkout, env=unset)
    assert missing.code == 2
    assert "GITHUB_REPOSITORY and GITHUB_REF_NAME are not set" in missing.stderr
    env = {"GITHUB_REPOSITORY": "acme/widget", "GITHUB_REF_NAME": "main"}
    run = regent_run(lifecycle, *arguments, *checkout, env=env)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("reconcile acme/widget main: a scheduled run on main\n")
    assert "dry run: nothing written" in run.stdout
