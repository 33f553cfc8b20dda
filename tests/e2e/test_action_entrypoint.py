"""The Action's entrypoint as the runner starts it: a subprocess, a runner-like environment.

The workspace is a real clone of a simulator repository, ``GITHUB_API_URL`` points at the
simulator, and the payloads are shaped as GitHub's (``pull_request`` ones are the simulator's
own, emitted on merge). ``REGENT_GITHUB_THROTTLE=off`` is a test knob only.
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

from tests.e2e.lifecycle_harness import (
    BASE,
    RELEASE_BRANCH,
    REPO,
    Commit,
    Lifecycle,
    refresh,
    running_lifecycle,
)
from tests.e2e.lifecycle_script import source_repository
from tests.github_sim.client import DEFAULT_TOKEN
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

ENTRYPOINT = ("-m", "regent.runtimes.action")
"""The Action door as the image's ``regent-action`` script starts it (its ``main``)."""
EPOCH = "1773446400"  # 2026-03-14
REPOSITORY = {
    "id": 1,
    "name": REPO.name,
    "full_name": REPO.full_name,
    "owner": {"login": REPO.owner},
    "default_branch": BASE,
}


@dataclass(frozen=True)
class Run:
    """One entrypoint run: exit code, log, outputs and job summary."""

    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str

    @property
    def last_line(self) -> str:
        return self.stdout.strip().splitlines()[-1]


@dataclass
class Runner:
    """Starts the entrypoint with the environment a GitHub runner gives a Docker action."""

    lifecycle: Lifecycle
    work: Path
    workspace: Path | None = None
    """The runner's checkout (default: the lifecycle's service clone)."""
    runs: int = 0

    def run(
        self,
        event: str,
        payload: Mapping[str, Any] | str | None,
        *,
        inputs: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Run:
        self.runs += 1
        folder = self.work / f"run-{self.runs}"
        folder.mkdir(parents=True)
        event_path = folder / "event.json"
        if payload is not None:
            text = payload if isinstance(payload, str) else json.dumps(payload)
            event_path.write_text(text, encoding="utf-8")
        output, summary = folder / "output", folder / "summary"
        environ = self._environ(event, event_path, output, summary, inputs or {}) | dict(env or {})
        done = subprocess.run(
            [sys.executable, *ENTRYPOINT],
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Run(
            done.returncode,
            done.stdout,
            done.stderr,
            read_outputs(output),
            summary.read_text(encoding="utf-8") if summary.exists() else "",
        )

    def _environ(
        self,
        event: str,
        event_path: Path,
        output: Path,
        summary: Path,
        inputs: Mapping[str, str],
    ) -> dict[str, str]:
        home = self.work / "home"
        home.mkdir(exist_ok=True)
        return {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": event,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": REPO.full_name,
            "GITHUB_WORKSPACE": str(self.workspace or self.lifecycle.checkout),
            "GITHUB_REF_NAME": BASE,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_API_URL": self.lifecycle.sim.url,
            "INPUT_TOKEN": DEFAULT_TOKEN,
            "INPUT_COMMAND": "auto",
            "REGENT_GITHUB_THROTTLE": "off",
            "SOURCE_DATE_EPOCH": EPOCH,
        } | {f"INPUT_{name.upper()}": value for name, value in inputs.items()}


def read_outputs(path: Path) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner parses it: ``name<<DELIMITER`` blocks."""
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").split("\n")
    outputs: dict[str, str] = {}
    index = 0
    while index < len(lines) and lines[index]:
        name, _, delimiter = lines[index].partition("<<")
        end = lines.index(delimiter, index + 1)
        outputs[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return outputs


def push_payload(lifecycle: Lifecycle, *, ref: str = f"refs/heads/{BASE}") -> dict[str, Any]:
    head = lifecycle.base_head()
    return {
        "ref": ref,
        "before": git(lifecycle.git_dir, "rev-parse", f"{head}^"),
        "after": head,
        "created": False,
        "deleted": False,
        "forced": False,
        "head_commit": {"id": head, "message": "feat: x"},
        "repository": REPOSITORY,
        "pusher": {"name": "octo"},
        "sender": {"login": "octo"},
    }


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path / "work", source) as running:
        yield running


@pytest.fixture
def runner(lifecycle: Lifecycle, tmp_path: Path) -> Runner:
    return Runner(lifecycle, tmp_path / "runs")


def land_feature(lifecycle: Lifecycle) -> None:
    lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    refresh(lifecycle.checkout)


def test_push_opens_the_release_pr(lifecycle: Lifecycle, runner: Runner) -> None:
    land_feature(lifecycle)
    run = runner.run("push", push_payload(lifecycle))
    assert run.code == 0, run.stdout + run.stderr
    assert f"::add-mask::{DEFAULT_TOKEN}" == run.stdout.splitlines()[0]
    assert "::group::Reconcile acme/widget main" in run.stdout
    pull = lifecycle.snapshot().open_release
    assert pull is not None
    assert run.outputs["prs_created"] == "true"
    assert run.outputs["release_created"] == "false"
    assert run.outputs["pr_number"] == str(pull.number)
    assert json.loads(run.outputs["pr"])["head_branch"] == RELEASE_BRANCH
    assert (run.outputs["version"], run.outputs["minor"]) == ("1.1.0", "1")
    assert f"#{pull.number}" in run.summary
    assert "open release PR" in run.summary
    assert "add gears" in run.summary.partition("<details>")[2]
    assert "<details><summary>Commits: 1 counted</summary>" in run.summary
    assert "| counted | minor | yes | feat: add gears |" in run.summary


def test_the_full_cycle_through_the_entrypoint(lifecycle: Lifecycle, runner: Runner) -> None:
    land_feature(lifecycle)
    assert runner.run("push", push_payload(lifecycle)).code == 0
    merged = lifecycle.merge_release_pull(method="merge")
    refresh(lifecycle.checkout)
    event = merged.pull_request_event()
    run = runner.run("pull_request", event["payload"])
    assert run.code == 0, run.stdout + run.stderr
    outputs = run.outputs
    assert outputs["release_created"] == "true"
    assert (outputs["tag_name"], outputs["version"]) == ("v1.1.0", "1.1.0")
    assert outputs["previous_version"] == "1.0.0"
    assert (outputs["major"], outputs["minor"], outputs["patch"]) == ("1", "1", "0")
    assert outputs["sha"] == merged.tip
    assert outputs["html_url"].endswith("/releases/tag/v1.1.0")
    assert "gears" in outputs["release_notes"]
    assert outputs["is_prerelease"] == "false"
    assert "v1.1.0" in lifecycle.snapshot().tags
    assert "publish v1.1.0" in run.summary


def test_a_dispatch_dry_run_writes_nothing(lifecycle: Lifecycle, runner: Runner) -> None:
    land_feature(lifecycle)
    payload = {
        "ref": f"refs/heads/{BASE}",
        "inputs": {"release-as": "2.0.0", "dry-run": "true"},
        "repository": REPOSITORY,
        "sender": {"login": "octo"},
    }
    run = runner.run("workflow_dispatch", payload)
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["version"] == "2.0.0"
    assert "dry run" in run.summary
    assert lifecycle.snapshot().open_release is None


def test_an_ignored_event_imports_no_github(runner: Runner) -> None:
    run = runner.run("release", {"action": "published"}, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert run.code == 0
    assert run.last_line.startswith("::notice::release events are ignored")
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert not imported & {"github", "git", "requests"}, "heavy imports on the ignored path"


@pytest.mark.parametrize(
    ("event", "payload", "wanted"),
    [
        pytest.param(
            "push",
            {"ref": "refs/heads/topic", "repository": REPOSITORY},
            "topic is not a base branch: releases are made from main, the default branch",
            id="other-branch",
        ),
        pytest.param(
            "push",
            {"ref": "refs/tags/v9.0.0", "repository": REPOSITORY},
            "the push to refs/tags/v9.0.0 is not to a branch",
            id="tag-push",
        ),
        pytest.param(
            "pull_request",
            {"action": "opened", "repository": REPOSITORY},
            "a pull request (opened) is ignored: only a merge starts a release run",
            id="pr-opened",
        ),
        pytest.param(
            "issue_comment",
            {"action": "created", "issue": {"number": 5}, "repository": REPOSITORY},
            "a comment on issue #5: only comments on pull requests are read for commands",
            id="comment",
        ),
    ],
)
def test_events_that_ask_for_nothing(
    runner: Runner, event: str, payload: dict[str, Any], wanted: str
) -> None:
    run = runner.run(event, payload)
    assert (run.code, run.outputs) == (0, {})
    assert run.last_line.startswith(f"::notice::{wanted}")
