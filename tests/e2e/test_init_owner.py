"""``regent init`` writes the workflow's ``uses:`` owner from the repository's remote (github.com
or GitHub Enterprise Server, https or ssh), and otherwise keeps ``OWNER`` and says, in one
line, what to replace."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.gitrepo import GitRepo, run_regent

pytestmark = pytest.mark.e2e

WORKFLOW = ".github/workflows/release-regent.yml"
PLACEHOLDER_LINE = (
    f"replace OWNER in {WORKFLOW} with the account whose copy of Release Regent you use: "
    "until it is published, your fork, with a v1 tag (docs/action.md)"
)


def action_of(repo: Path) -> str:
    workflow = yaml.safe_load((repo / WORKFLOW).read_text(encoding="utf-8"))
    [uses] = [
        step["uses"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "release-regent" in step.get("uses", "")
    ]
    text: str = uses
    return text


@pytest.mark.parametrize(
    ("remote", "owner"),
    [
        pytest.param("https://github.com/acme/widget.git", "acme", id="https"),
        pytest.param("https://github.com/Acme-Labs/widget", "Acme-Labs", id="https-no-suffix"),
        pytest.param("git@github.com:acme/widget.git", "acme", id="scp-ssh"),
        pytest.param("ssh://git@github.com/acme/widget.git", "acme", id="ssh-url"),
        pytest.param("https://ghe.example.com/platform/widget.git", "platform", id="ghes-https"),
        pytest.param("git@ghe.example.com:platform/widget.git", "platform", id="ghes-ssh"),
    ],
)
def test_init_writes_the_owner_of_the_remote(tmp_path: Path, remote: str, owner: str) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    subprocess.run(["git", "remote", "add", "origin", remote], cwd=repo.path, check=True)

    result = run_regent("init", str(repo.path))

    assert result.returncode == 0, result.stderr
    assert action_of(repo.path) == f"{owner}/release-regent@v1"
    assert "OWNER" not in (repo.path / WORKFLOW).read_text(encoding="utf-8")
    assert result.stdout.splitlines()[-1] == (
        f"{WORKFLOW} uses {owner}/release-regent@v1 ({owner} owns origin): until Release "
        f"Regent is published, fork it to {owner} and create a v1 tag there"
    )


@pytest.mark.parametrize(
    "remote",
    [
        pytest.param(None, id="no-remote"),
        pytest.param("/srv/git/widget.git", id="a-path"),
        pytest.param("file:///srv/git/widget.git", id="a-file-url"),
    ],
)
def test_init_without_a_github_remote_keeps_the_placeholder_and_says_so(
    tmp_path: Path, remote: str | None
) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    if remote is not None:
        subprocess.run(["git", "remote", "add", "origin", remote], cwd=repo.path, check=True)

    result = run_regent("init", str(repo.path))

    assert result.returncode == 0, result.stderr
    assert action_of(repo.path) == "OWNER/release-regent@v1"
    assert result.stdout.splitlines()[-1] == PLACEHOLDER_LINE


def test_init_outside_a_git_repository_keeps_the_placeholder(tmp_path: Path) -> None:
    result = run_regent("init", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert action_of(tmp_path / "new") == "OWNER/release-regent@v1"
    assert result.stdout.splitlines()[-1] == PLACEHOLDER_LINE


def test_init_from_another_tool_fills_the_owner_too(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: first", files={".cz.toml": '[tool.commitizen]\nversion = "1.0.0"\n'})
    subprocess.run(
        ["git", "remote", "add", "origin", "git@github.com:acme/widget.git"],
        cwd=repo.path,
        check=True,
    )

    result = run_regent("init", str(repo.path), "--from", "commitizen")

    assert result.returncode == 0, result.stderr
    assert action_of(repo.path) == "acme/release-regent@v1"
    assert "acme/release-regent@v1 (acme owns origin)" in result.stdout


def test_the_filled_workflow_passes_zizmor(tmp_path: Path) -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    found = str(zizmor) if zizmor.exists() else shutil.which("zizmor")
    if found is None:
        pytest.skip("zizmor is not installed: pip install -e '.[test]'")
    repo = GitRepo.create(tmp_path / "repo")
    subprocess.run(
        ["git", "remote", "add", "origin", "https://github.com/acme/widget"],
        cwd=repo.path,
        check=True,
    )
    assert run_regent("init", str(repo.path)).returncode == 0
    run = subprocess.run(
        [found, "--offline", "--quiet", str(repo.path / WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
