"""Files named by a merged configuration that lead into the repository's ``.git`` folder.

actions/checkout leaves the workflow token in ``.git/config`` (``persist-credentials``, on by
default), as an ``extraheader = AUTHORIZATION: basic ...`` line: a template override, changelog
or version file naming ``.git/config`` (directly, in another case, or through a link) is
refused with exit 2 naming the path, and the token never reaches the release PR, the job
summary, the log or ``regent plan``'s output.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.github_sim.client import DEFAULT_TOKEN
from tests.gitrepo import GitRepo, git, run_regent

pytestmark = pytest.mark.e2e

CREDENTIAL = base64.b64encode(f"x-access-token:{DEFAULT_TOKEN}".encode()).decode()


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        git(life.checkout, "config", "http.https://github.com/.extraheader", _header())
        yield life


def _header() -> str:
    return f"AUTHORIZATION: basic {CREDENTIAL}"


def _land(lifecycle: Lifecycle, config: str, *, link: tuple[str, str] | None = None) -> None:
    if link is not None:
        path = lifecycle.maintainer / link[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(link[1], path)
    files = {".release-regent.yml": config}
    lifecycle.land("feat: add gears", [Commit("feat: add gears", files)], method="squash")
    refresh(lifecycle.checkout)


@pytest.mark.parametrize(
    ("config", "link", "named"),
    [
        ("templates:\n  release_notes: .git/config\n", None, ".git/config"),
        ("templates:\n  pr_body: ./.GIT/config\n", None, "./.GIT/config"),
        ("changelog:\n  path: .git/config\n", None, ".git/config"),
        ("version_files:\n  - path: .git/config\n    kind: generic\n", None, ".git/config"),
        (
            "templates:\n  release_notes: docs/notes.md.j2\n",
            ("docs/notes.md.j2", "../.git/config"),
            "docs/notes.md.j2",
        ),
        (
            "templates:\n  release_notes: meta/config\n",
            ("meta", ".git"),
            "meta/config",
        ),
    ],
    ids=["template", "template-upper-case", "changelog", "version-file", "link", "folder-link"],
)
def test_a_path_into_the_git_folder_is_refused_by_the_action(
    lifecycle: Lifecycle, tmp_path: Path, config: str, link: tuple[str, str] | None, named: str
) -> None:
    _land(lifecycle, config, link=link)
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    shown = run.stdout.replace(f"::add-mask::{DEFAULT_TOKEN}", "") + run.stderr + run.summary
    assert run.code == 2, shown
    assert run.last_line.startswith(f"::error file={named}::"), run.last_line
    assert "'.git' folder" in run.last_line
    assert CREDENTIAL not in shown
    assert DEFAULT_TOKEN not in shown
    snapshot = lifecycle.snapshot()
    assert (snapshot.release_pulls, snapshot.branch, snapshot.releases) == ((), None, ())


def _repository(tmp_path: Path, config: str) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial", files={".release-regent.yml": config})
    repo.tag("v1.0.0")
    repo.commit("feat: add gears", files={"gears.txt": "gears\n"})
    git(repo.path, "config", "http.https://github.com/.extraheader", _header())
    return repo


@pytest.mark.parametrize(
    "config",
    [
        "templates:\n  release_notes: .git/config\n",
        "templates:\n  release_notes: .Git/config\n",
    ],
    ids=["template", "template-mixed-case"],
)
def test_a_template_in_the_git_folder_is_refused_by_plan(tmp_path: Path, config: str) -> None:
    repo = _repository(tmp_path, config)
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "'.git' folder" in result.stderr
    assert CREDENTIAL not in result.stdout + result.stderr


def test_a_git_file_of_a_worktree_is_refused_by_plan(tmp_path: Path) -> None:
    repo = _repository(tmp_path, "templates:\n  release_notes: .git\n")
    worktree = tmp_path / "worktree"
    git(repo.path, "worktree", "add", "--quiet", str(worktree))
    result = run_regent("plan", str(worktree), "--format", "markdown")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "'.git' folder" in result.stderr
    assert "gitdir:" not in result.stdout + result.stderr


def test_the_action_refuses_a_config_file_input_in_the_git_folder(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    _land(lifecycle, "release_pr:\n  draft: true\n")
    runner = Runner(lifecycle, tmp_path / "runs")
    run = runner.run("push", push_payload(lifecycle), inputs={"config-file": ".git/config"})
    shown = run.stdout.replace(f"::add-mask::{DEFAULT_TOKEN}", "") + run.stderr + run.summary
    assert run.code == 2, shown
    assert run.last_line.startswith("::error file=.git/config::"), run.last_line
    assert "'.git' folder" in run.last_line
    assert CREDENTIAL not in shown


def test_plan_refuses_a_config_file_in_the_git_folder(tmp_path: Path) -> None:
    repo = _repository(tmp_path, "release_pr:\n  draft: true\n")
    result = run_regent("plan", str(repo.path), "--config", str(repo.path / ".git" / "config"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "'.git' folder" in result.stderr
    assert CREDENTIAL not in result.stdout + result.stderr
