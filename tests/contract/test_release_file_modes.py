"""The release commit keeps each file's mode as it is on the base branch.

The Git Data API takes a mode for every tree entry: a version file committed executable
(``100755 bump.sh``) stays executable in the release commit, and so on main once merged.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory
from regent.adapters.github.adapter import GitHubAdapter
from regent.core.model import EXECUTABLE_FILE_MODE, FileChange
from regent.core.policy import VersionFileSpec
from tests.contract.conftest import World
from tests.contract.test_release_service_world import BRANCH, ReleaseWorld, make_release_world
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.contract

SCRIPT = "#!/bin/sh\nVERSION=0.0.0  # x-release-regent-version\necho $VERSION\n"


def modes(world: World, ref: str) -> dict[str, str]:
    """Path -> mode of every file in ``ref``'s tree."""
    listed = git(world.git_dir, "ls-tree", "-r", "--full-tree", ref)
    return {line.split("\t")[1]: line.split()[0] for line in listed.splitlines()}


def test_the_adapter_writes_the_mode_each_change_carries(
    github: GitHubAdapter, world: World
) -> None:
    sha = github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=(
            FileChange("bin/bump.sh", "#!/bin/sh\n", mode=EXECUTABLE_FILE_MODE),
            FileChange("VERSION", "1.1.0\n"),
        ),
        message="chore(release): v1.1.0",
        branch_exists=False,
    )
    found = modes(world, sha)
    assert (found["bin/bump.sh"], found["VERSION"]) == ("100755", "100644")


def _merge_executable(release: ReleaseWorld, path: str, text: str) -> None:
    """Merge a pull request adding ``path`` as an executable file (mode 100755)."""
    dev = release.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "script", "origin/main")
    target = dev / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    os.chmod(target, 0o755)
    git(dev, "add", path)
    git(dev, "commit", "--quiet", "-m", "feat: a bump script")
    git(dev, "push", "--quiet", "origin", "script")
    opened = release.world.client.post(
        f"{release.world.api}/pulls",
        {"title": "feat: a bump script", "head": "script", "base": "main"},
    )
    assert opened.status == 201, opened.body
    release.merge(opened.body["number"])


def test_an_executable_version_file_stays_executable_in_the_release(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release = make_release_world(world, github, tmp_path)
    _merge_executable(release, "scripts/bump.sh", SCRIPT)
    git(release.checkout, "pull", "--quiet", "origin", "main")
    files = (VersionFileSpec("scripts/bump.sh", "generic"),)
    opened = release.reconcile(version_files=files)
    assert opened.pull_request is not None
    assert "VERSION=0.1.0" in release.file_at(BRANCH, "scripts/bump.sh")
    found = modes(world, BRANCH)
    assert found["scripts/bump.sh"] == "100755"
    assert found["CHANGELOG.md"] == "100644"
    merged = release.merge(opened.pull_request.number)
    assert modes(world, merged)["scripts/bump.sh"] == "100755"


def test_modes_are_read_for_the_paths_named_only(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start", files={"a*.sh": "x\n", "ab.sh": "y\n", "d/v e.txt": "z\n"})
    git(repo.path, "update-index", "--chmod=+x", "ab.sh")
    git(repo.path, "commit", "--quiet", "-m", "chore: executable")
    history = GitHistory(repo.path)
    wanted = ["a*.sh", "ab.sh", "d/v e.txt", "d", "missing.txt"]
    assert history.file_modes_at("HEAD", wanted) == {
        "a*.sh": "100644",
        "ab.sh": "100755",
        "d/v e.txt": "100644",
    }
    assert history.file_modes_at("HEAD", ["a*.sh"]) == {"a*.sh": "100644"}
