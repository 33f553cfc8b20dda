"""The release commit keeps each file's mode as it is on the base branch: a version file
committed executable (``100755 bump.sh``) stays executable in the release commit, and so on
main once merged."""

from __future__ import annotations

import os

from regent.core.policy import VersionFileSpec
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld

SCRIPT = "#!/bin/sh\nVERSION=0.0.0  # x-release-regent-version\necho $VERSION\n"


def modes(release_world: ReleaseWorld, ref: str) -> dict[str, str]:
    """Path -> mode of every file in ``ref``'s tree."""
    listed = git(release_world.remote.git_dir, "ls-tree", "-r", "--full-tree", ref)
    return {line.split("\t")[1]: line.split()[0] for line in listed.splitlines()}


def merge_executable(release_world: ReleaseWorld, path: str, text: str) -> None:
    """Merge a pull request adding ``path`` as an executable file (mode 100755)."""
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "script", "origin/main")
    target = dev / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    os.chmod(target, 0o755)
    git(dev, "add", path)
    git(dev, "commit", "--quiet", "-m", "feat: a bump script")
    git(dev, "push", "--quiet", "origin", "script")
    number = release_world.remote.open_pull("script", "main", title="feat: a bump script")
    release_world.remote.merge(number)


def test_an_executable_version_file_stays_executable_in_the_release(
    release_world: ReleaseWorld,
) -> None:
    merge_executable(release_world, "scripts/bump.sh", SCRIPT)
    git(release_world.checkout, "pull", "--quiet", "origin", "main")
    files = (VersionFileSpec("scripts/bump.sh", "generic"),)
    opened = release_world.reconcile(version_files=files)
    assert opened.pull_request is not None
    assert "VERSION=0.1.0" in release_world.file_at(BRANCH, "scripts/bump.sh")
    found = modes(release_world, BRANCH)
    assert found["scripts/bump.sh"] == "100755"
    assert found["CHANGELOG.md"] == "100644"
    merged = release_world.remote.merge(opened.pull_request.number)
    assert modes(release_world, merged)["scripts/bump.sh"] == "100755"
