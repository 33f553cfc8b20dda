"""The worked example plugin package installed for real (pip builds and installs it, entry
points and all) and used by ``regent plan``; CalVer through the same interface."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, run_regent
from tests.plugin_install import EXAMPLE

CONFIG = """\
version_scheme: serial
templates:
  release_notes: notes.j2
  filters: [shout]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder pip installed the example package into (offline, no build isolation)."""
    root = tmp_path_factory.mktemp("plugin")
    shutil.copytree(EXAMPLE, root / "src")  # the build leaves its files beside the sources
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps"),
            *("--no-build-isolation", "--target", str(root / "site"), str(root / "src")),
        ],
        check=True,
        capture_output=True,
    )
    return root / "site"


def _with(site: Path) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}


def test_regent_plan_uses_the_installed_scheme_and_filter(site: Path, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start", files={".release-regent.yml": CONFIG})
    repo.commit("feat: first", files={"a.txt": "a\n"})
    repo.tag("v7")
    repo.commit(
        "feat: add export",
        files={"notes.j2": "Release {{ notes.version | shout }}: {{ 'ready' | shout }}\n"},
    )
    result = run_regent("plan", str(repo.path), "--format", "json", env=_with(site))
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert (plan["current_version"], plan["next_version"], plan["next_tag"]) == ("7", "8", "v8")
    assert plan["release_notes"] == "Release 8: READY\n"


def test_without_the_package_the_config_names_the_missing_plugin(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: start", files={".release-regent.yml": CONFIG})
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "regent: error: .release-regent.yml:1: version_scheme: 'serial' is not one of semver, "
        "pep440, calver (no version scheme plugin is installed)",
        ".release-regent.yml:4: templates.filters[0]: no plugin named 'shout' in entry point "
        "group release_regent.template_filters (none is installed); install the package "
        "providing it in the environment Release Regent runs in",
    ]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("v2026.9.0", "2026.9.1"), ("v2026.8.3", "2026.9.0"), (None, "2026.9.0")],
    ids=["same-month", "new-month", "first-release"],
)
def test_regent_plan_with_calver(tmp_path: Path, tag: str | None, expected: str) -> None:
    """run_regent pins SOURCE_DATE_EPOCH to 2026-09-21: the release date."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start", files={".release-regent.yml": "version_scheme: calver\n"})
    if tag is not None:
        repo.tag(tag)
    repo.commit("fix: mend", files={"a.txt": "a\n"})
    result = run_regent("plan", str(repo.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert (plan["next_version"], plan["next_tag"]) == (expected, f"v{expected}")
    assert plan["release_notes"].startswith("### Bug Fixes")
