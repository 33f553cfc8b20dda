"""``regent plan`` of a monorepo walks the range once while ``git tag --merged`` runs beside it;
tags made off the branch that move where the walk starts have it read again from there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, run_regent

pytestmark = pytest.mark.e2e

CONFIG = """\
components:
  - name: api
    path: packages/api
  - name: cli
    path: packages/cli
"""


def package(name: str, version: str) -> str:
    return json.dumps({"name": name, "version": version}, indent=2) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """api-v1.0.0 and cli-v1.0.0 on the first commit, a fix to each on main."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit(
        "chore: import the packages",
        files={
            ".release-regent.yml": CONFIG,
            "packages/api/package.json": package("api", "1.0.0"),
            "packages/cli/package.json": package("cli", "1.0.0"),
        },
    )
    repo.tag("api-v1.0.0")
    repo.tag("cli-v1.0.0")
    repo.commit("fix(api): retry", files={"packages/api/retry.js": "1\n"})
    repo.commit("fix(cli): flags", files={"packages/cli/flags.js": "1\n"})
    return repo


def planned_with_git_trace(repo: GitRepo, trace: Path) -> tuple[dict[str, object], list[str]]:
    """The plan's versions, and the git commands it ran (``GIT_TRACE``)."""
    result = run_regent("plan", str(repo.path), "--format", "json", env={"GIT_TRACE": str(trace)})
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    commands = [
        line.partition("trace: built-in: ")[2]
        for line in trace.read_text().splitlines()
        if "trace: built-in: " in line
    ]
    return {c["name"]: c["next_version"] for c in plan["components"]}, commands


def walks(commands: list[str]) -> list[str]:
    return [
        command
        for command in commands
        if command.startswith("git log") and "--name-only" in command
    ]


def test_every_tag_an_ancestor_one_walk_beside_the_tag_listing(
    repo: GitRepo, tmp_path: Path
) -> None:
    versions, commands = planned_with_git_trace(repo, tmp_path / "trace")
    assert versions == {"api": "1.0.1", "cli": "1.0.1"}
    assert len(walks(commands)) == 1
    assert sum(command.startswith("git tag --list --merged") for command in commands) == 1


@pytest.mark.parametrize(
    ("off_the_branch", "walked"),
    [
        pytest.param(["api-v1.1.0"], 1, id="the-walk-still-starts-at-cli-v1.0.0"),
        pytest.param(["api-v1.1.0", "cli-v1.1.0"], 2, id="the-walk-would-start-on-the-side"),
    ],
)
def test_tags_off_the_branch_have_the_walk_read_again_only_when_they_move_its_start(
    repo: GitRepo, tmp_path: Path, off_the_branch: list[str], walked: int
) -> None:
    repo.branch("side")
    repo.commit("feat: on the side", files={"packages/api/side.js": "1\n", "packages/cli/s": "1\n"})
    for tag in off_the_branch:  # the highest tags, but not ancestors of main
        repo.tag(tag)
    repo.checkout("main")
    versions, commands = planned_with_git_trace(repo, tmp_path / "trace")
    assert versions == {"api": "1.0.1", "cli": "1.0.1"}
    assert len(walks(commands)) == walked
