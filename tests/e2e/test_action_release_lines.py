"""The Action on release lines (issue 15), over the simulator: a maintenance branch proposes the
next free patch when main already released the next minor, refuses a version tagged elsewhere
or outside its range with a clear error line and leaves its release PR as it was; a prerelease
branch proposes and publishes its channel's versions, never marked the latest release."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_harness import MAINTAINER, REPO, Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

MAINTENANCE = 'base_branches: [main, "release/*"]\n'
PRERELEASE = "base_branches: [main, {name: next, prerelease: rc}]\n"


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[Runner]:
    """``acme/widget``: ``release/1.x`` (one fix on v1.0.0); main with a feature, released as
    ``v1.1.0``."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: a knob", [Commit("feat: a knob")], method="squash")
        push(
            tmp_path / "maintainer", life.git_dir, "release/1.x", "fix: a backport", start="v1.0.0"
        )
        git(tmp_path / "maintainer", "push", "--quiet", "origin", "origin/main:refs/tags/v1.1.0")
        refresh(life.checkout)
        yield Runner(life, tmp_path / "runs")


def push(clone: Path, git_dir: Path, branch: str, message: str, *, start: str) -> None:
    """Commit ``message`` on ``start`` (in a maintainer's clone) and push it as ``branch``."""
    if not clone.exists():
        git(clone.parent, "clone", "--quiet", str(git_dir), str(clone))
    git(clone, "fetch", "--quiet", "--tags", "origin")
    git(clone, "checkout", "--quiet", "-B", branch, start)
    name = "".join(char if char.isalnum() else "-" for char in f"{branch} {message}")
    (clone / f"{name}.txt").write_text(message + "\n", encoding="utf-8")
    git(clone, "add", "--all")
    git(clone, "commit", "--quiet", "-m", message)
    git(clone, "push", "--quiet", "--force", "origin", f"{branch}:refs/heads/{branch}")


def configure(runner: Runner, text: str) -> None:
    (runner.lifecycle.checkout / ".release-regent.yml").write_text(text, encoding="utf-8")


def open_pulls(runner: Runner) -> list[dict[str, Any]]:
    return list(runner.lifecycle.client.get(f"/repos/{REPO.full_name}/pulls?state=open").body)


def run_on(runner: Runner, branch: str) -> Any:
    return runner.run("push", push_payload(runner.lifecycle, ref=f"refs/heads/{branch}"))


def test_the_maintenance_line_proposes_the_next_free_patch(runner: Runner) -> None:
    configure(runner, MAINTENANCE)
    run = run_on(runner, "release/1.x")
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["version"] == "1.0.1"
    (pull,) = open_pulls(runner)
    assert (pull["base"]["ref"], pull["title"]) == ("release/1.x", "chore(release): v1.0.1")


@pytest.mark.parametrize(
    ("message", "error"),
    [
        pytest.param(
            "feat: a backported knob",
            "::error::1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists "
            "in the repository (on a commit outside release/1.x's history); release 1.0.1 "
            "instead, the next free patch (a Release-As footer, `regent plan --release-as`, or "
            "`!set-version` on the release PR)",
            id="tagged-on-main",
        ),
        pytest.param(
            "feat!: drop the knob",
            "::error::2.0.0 is outside release/1.x's range 1.x: the line releases only 1.x "
            "versions (features and fixes; a breaking change leaves it); release 1.0.1 instead, "
            "the next free patch (a Release-As footer, `regent plan --release-as`, or "
            "`!set-version` on the release PR), or move the change to a branch that releases it",
            id="out-of-range",
        ),
    ],
)
def test_a_refused_version_leaves_the_release_pr_as_it_was(
    runner: Runner, tmp_path: Path, message: str, error: str
) -> None:
    configure(runner, MAINTENANCE)
    life = runner.lifecycle
    assert run_on(runner, "release/1.x").code == 0
    (before,) = open_pulls(runner)
    branch_head = git(life.git_dir, "rev-parse", before["head"]["ref"])
    push(tmp_path / "maintainer", life.git_dir, "release/1.x", message, start="origin/release/1.x")

    life.forget_requests()
    run = run_on(runner, "release/1.x")
    assert run.code == 1, run.stdout + run.stderr
    assert error in run.stdout
    writes = [r for r in life.requests() if r["method"] not in ("GET", "HEAD")]
    assert writes == []
    (after,) = open_pulls(runner)
    assert (after["title"], after["body"]) == (before["title"], before["body"])
    assert git(life.git_dir, "rev-parse", after["head"]["ref"]) == branch_head
    assert "v2.0.0" not in git(life.git_dir, "tag")


def test_a_prerelease_branch_publishes_a_prerelease_that_is_never_latest(
    runner: Runner, tmp_path: Path
) -> None:
    configure(runner, PRERELEASE)
    life = runner.lifecycle
    push(tmp_path / "maintainer", life.git_dir, "next", "feat: a preview", start="origin/main")
    run = run_on(runner, "next")
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["version"] == "1.2.0-rc.1"
    (pull,) = open_pulls(runner)
    assert (pull["base"]["ref"], pull["title"]) == ("next", "chore(release): v1.2.0-rc.1")

    run = runner.run("pull_request", merge_open_pull(runner))
    assert run.code == 0, run.stdout + run.stderr
    assert (run.outputs["tag_name"], run.outputs["is_prerelease"]) == ("v1.2.0-rc.1", "true")
    (release,) = life.client.get(f"/repos/{REPO.full_name}/releases").body
    assert (release["tag_name"], release["prerelease"]) == ("v1.2.0-rc.1", True)
    latest = life.client.get(f"/repos/{REPO.full_name}/releases/latest")
    assert latest.status == 404, json.dumps(latest.body)


def merge_open_pull(runner: Runner) -> dict[str, Any]:
    """Merge the one open pull request (a release PR); its ``pull_request`` event's payload."""
    (pull,) = open_pulls(runner)
    path = f"/_sim/repos/{REPO.full_name}/pulls/{pull['number']}/merge"
    merged = runner.lifecycle.client.post(path, {"method": "merge", "login": MAINTAINER})
    assert merged.status == 200, merged.body
    event = next(e for e in merged.body["events"] if e["name"] == "pull_request")
    return dict(event["payload"])


def test_a_merged_release_is_published_before_the_next_version_is_refused(
    runner: Runner, tmp_path: Path
) -> None:
    configure(runner, MAINTENANCE)
    life = runner.lifecycle
    made = life.client.post(f"/repos/{REPO.full_name}/releases", {"tag_name": "v1.1.0"})
    assert made.status == 201, made.body
    assert run_on(runner, "release/1.x").code == 0
    payload = merge_open_pull(runner)
    message = "feat: landed before the run"
    push(tmp_path / "maintainer", life.git_dir, "release/1.x", message, start="origin/release/1.x")

    run = runner.run("pull_request", payload)
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["tag_name"] == "v1.0.1"
    assert "1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists" in run.stdout
    assert open_pulls(runner) == []
    latest = life.client.get(f"/repos/{REPO.full_name}/releases/latest")
    assert latest.body["tag_name"] == "v1.1.0"  # a backport never becomes the latest release

    run = run_on(runner, "release/1.x")
    assert run.code == 1, run.stdout + run.stderr
    assert "release 1.0.2 instead, the next free patch" in run.last_line
