"""The built wheel carries the default templates and runs `regent plan` on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.gitrepo import GIT_ENV, GitRepo
from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(out),
            str(PROJECT_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("release_regent-*.whl")
    return built


def test_wheel_ships_the_default_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "regent/templates/release_notes.md.j2" in names
    assert "regent/templates/changelog_entry.md.j2" in names
    assert "regent/py.typed" in names


def test_installed_wheel_plans_a_release(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: packaged")
    result = subprocess.run(
        [sys.executable, "-m", "regent", "plan", str(repo.path), "--format", "markdown"],
        cwd=tmp_path,
        env={**os.environ, **GIT_ENV, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("### Features\n\n* packaged")
