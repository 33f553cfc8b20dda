"""Text a contributor or a maintainer writes reaches no door raw (issue 11, the reviewer's gaps).

Through the Action's entrypoint on the simulator and ``regent plan`` on a real repository: an
edited release PR body, a lone surrogate in a marker or a manifest, ANSI escapes in the config,
character references that GitHub would decode into a mention or a bidi override, and a version
string holding a line break that would forge a workflow command in the step log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from regent.core.release_pr.marker import MARKER_PREFIX, parse_marker
from tests.e2e.lifecycle_harness import (
    RELEASE_BRANCH,
    REPO,
    Commit,
    Lifecycle,
    refresh,
    running_lifecycle,
)
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.github_sim.state import DEFAULT_LOGIN
from tests.gitrepo import GitRepo, git, run_regent
from tests.markdown_attacks import stray_mentions

pytestmark = pytest.mark.e2e

HOSTILE_BODY = "</details><img src=x onerror=alert(1)> @acme/everyone \x1b[2J"
FORGED = "::error title=Owned::forged"
OSC_LINK_KEY = '"\\e]8;;http://evil\\e\\\\x\\e]8;;\\e\\\\": 1\n'
"""A config key that is a terminal hyperlink (OSC 8) in YAML's escapes: an unknown key."""


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[Runner]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield Runner(life, tmp_path / "runs")


def land(life: Lifecycle, message: str, files: dict[str, str] | None = None) -> None:
    life.land(message.splitlines()[0], [Commit(message, files or {})], method="squash")
    refresh(life.checkout)


def on_push(runner: Runner, **inputs: str) -> Run:
    run = runner.run("push", push_payload(runner.lifecycle), inputs=inputs)
    assert run.code == 0, run.stdout + run.stderr
    return run


def edit_release_body(life: Lifecycle, body: str) -> None:
    pull = life.snapshot().open_release
    assert pull is not None, "no release PR is open"
    edited = life.client.patch(f"/repos/{REPO.full_name}/pulls/{pull.number}", {"body": body})
    assert edited.status == 200, edited.body


def marker_line(life: Lifecycle) -> str:
    pull = life.snapshot().open_release
    assert pull is not None
    return pull.body.rstrip().splitlines()[-1]


def test_an_edited_release_pr_body_never_reaches_the_job_summary(runner: Runner) -> None:
    life = runner.lifecycle
    land(life, "feat: add gears")
    on_push(runner)
    edit_release_body(life, f"{HOSTILE_BODY}\n\n{marker_line(life)}")
    for run in (on_push(runner, **{"dry-run": "true"}), on_push(runner, command="release")):
        assert "<img" not in run.summary
        assert "@acme/everyone" not in run.summary
        assert "\x1b" not in run.summary
    shown = on_push(runner, **{"dry-run": "true"}).summary.partition("Release notes")[2]
    assert "add gears" in shown


def test_a_lone_surrogate_in_the_marker_is_ignored_and_the_pr_rewritten(runner: Runner) -> None:
    life = runner.lifecycle
    land(life, "feat: add gears")
    on_push(runner)
    forged = (
        f'{MARKER_PREFIX}{{"version": "\\ud800", "tag": "v1", "base_sha": "x", '
        '"content": "y", "date": "z"} -->'
    )
    edit_release_body(life, f"notes\n\n{forged}\n")
    run = on_push(runner)
    assert run.outputs["version"] == "1.1.0"
    assert "Release Regent" in run.summary
    pull = life.snapshot().open_release
    assert pull is not None
    marker = parse_marker(pull.body)
    assert marker is not None
    assert marker.version == "1.1.0"


def test_ansi_escapes_in_the_config_reach_no_log_line(runner: Runner) -> None:
    life = runner.lifecycle
    land(life, "feat: add gears", {".release-regent.yml": OSC_LINK_KEY})
    run = runner.run("push", push_payload(life))
    assert run.code == 2, run.stdout + run.stderr
    assert "::.release-regent.yml:1: \ufffd]8;;http://evil\ufffd" in run.last_line
    assert "\x1b" not in run.stdout + run.stderr


def test_regent_plan_prints_no_escape_from_the_config(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.write(".release-regent.yml", '"\\e[31mRED\\e[0m": 1\n')
    repo.commit("chore: start")
    plan = run_regent("plan", str(repo.path))
    assert plan.returncode == 2, plan.stdout + plan.stderr
    assert "\x1b" not in plan.stderr
    assert plan.stderr.startswith("regent: error: .release-regent.yml:1: \ufffd[31mRED")


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_regent_plan_refuses_a_manifest_version_holding_a_lone_surrogate(
    tmp_path: Path, output_format: str
) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.write(".release-regent.yml", "version_files:\n  - package.json\n")
    repo.write("package.json", '{"name": "widget", "version": "\\ud800"}\n')
    repo.commit("chore: start")
    repo.tag("v1.0.0")
    repo.commit("feat: gears")
    plan = run_regent("plan", str(repo.path), "--format", output_format)
    assert plan.returncode == 1, plan.stdout + plan.stderr
    assert plan.stdout == ""
    (line,) = plan.stderr.splitlines()
    assert line.startswith("regent: error: package.json: has a version holding a lone surrogate")


def test_character_references_cannot_mention_or_reverse_text(runner: Runner) -> None:
    life = runner.lifecycle
    land(life, "feat: gears &#64;octocat &#x40;acme/team &commat;x &#x202E;gnp.exe")
    run = on_push(runner)
    pull = life.snapshot().open_release
    assert pull is not None
    branch = life.snapshot().branch
    assert branch is not None
    renderer = MarkdownIt("commonmark")
    for markdown in (pull.body, branch.changelog, run.summary):
        html = renderer.render(markdown)
        assert stray_mentions(html, credited=(DEFAULT_LOGIN,)) == [], html
        assert "\u202e" not in html
        assert "#64;octocat" in html


def test_a_version_with_a_line_break_cannot_forge_a_workflow_command(runner: Runner) -> None:
    """A hand edit on the release branch: its version is quoted into the refusal's log lines."""
    life = runner.lifecycle
    manifest = {".release-regent.yml": "version_files:\n  - package.json\n"}
    land(life, "feat: add gears", manifest | {"package.json": '{"version": "1.0.0"}\n'})
    on_push(runner)
    maintainer = life.maintainer
    git(maintainer, "fetch", "--quiet", "origin")
    git(maintainer, "checkout", "--quiet", "-B", "edit", f"origin/{RELEASE_BRANCH}")
    hostile = json.dumps({"version": f"1.0.0\n{FORGED}"})
    (maintainer / "package.json").write_text(hostile + "\n", encoding="utf-8")
    git(maintainer, "commit", "--quiet", "-am", "chore: hand edit")
    git(maintainer, "push", "--quiet", "origin", f"edit:refs/heads/{RELEASE_BRANCH}")
    merged = life.merge_release_pull(method="merge")
    refresh(life.checkout)
    run = runner.run("pull_request", merged.pull_request_event()["payload"])
    assert run.code == 1, run.stdout + run.stderr
    assert "package.json says 1.0.0\\n::error title=Owned::forged" in run.stdout
    assert [line for line in run.stdout.splitlines() if line.startswith(FORGED)] == []
    assert sorted(life.snapshot().tags) == ["v1.0.0"]


def test_a_legacy_workflow_command_in_commit_text_stays_text(runner: Runner) -> None:
    """The runner reads ``##[error]`` anywhere in a line; a footer is quoted in a reason."""
    life = runner.lifecycle
    land(life, "fix: gears\n\nRelease-As: ##[error title=Owned]forged")
    run = on_push(runner)
    assert "ignored" in run.stdout
    assert "##[" not in run.stdout
    assert "##\u2060[error title=Owned]forged" in run.stdout
