"""The sdist and wheel, built as the release workflow builds them (`python -m build`: the sdist,
then the wheel from that sdist) from the files a clone holds, pass `twine check --strict`, carry
the templates and the metadata, and the wheel, installed in a fresh virtual environment, runs.

To stay fast and offline, the build uses this environment's setuptools (`--no-isolation`), and
the fresh environment gets the wheel alone (`--no-deps`), borrowing its dependencies from this
one; the isolated build and a full install from the index are what the release's `dist` job
does (and tests/e2e/test_action_image.py installs the dependencies from the index).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

import pytest

from tests.gitrepo import GIT_ENV, GitRepo
from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

PROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
SHIPPED = ("regent/templates/release_notes.md.j2", "regent/templates/changelog_entry.md.j2")


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    pytest.importorskip("build", reason="the test extra has build: pip install -e '.[test]'")
    work = tmp_path_factory.mktemp("dist")
    source = work / "source"
    listed = run(
        "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=PROJECT_ROOT
    )
    for name in filter(None, listed.split("\0")):
        if (PROJECT_ROOT / name).is_file():  # a tracked file deleted in the work tree is gone
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_ROOT / name, source / name)
    # This environment's setuptools (the test extra's), not a downloaded one: offline and quick.
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", work / "dist", source)
    return Distributions(
        sdist=work / "dist" / f"release_regent-{VERSION}.tar.gz",
        wheel=work / "dist" / f"release_regent-{VERSION}-py3-none-any.whl",
    )


def test_twine_finds_nothing_to_warn_about(dists: Distributions) -> None:
    pytest.importorskip("twine", reason="the test extra has twine: pip install -e '.[test]'")
    output = run(sys.executable, "-m", "twine", "check", "--strict", dists.sdist, dists.wheel)
    assert output.count("PASSED") == 2, output


def test_the_sdist_holds_the_sources_and_nothing_else(dists: Distributions) -> None:
    with tarfile.open(dists.sdist) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    assert {"pyproject.toml", "README.md", "LICENSE", "regent/py.typed", *SHIPPED} <= names
    tops = {name.partition("/")[0] for name in names if "/" in name}
    assert tops == {"regent", "release_regent.egg-info"}


def test_the_wheel_carries_the_templates_metadata_and_scripts(dists: Distributions) -> None:
    wheel = zipfile.ZipFile(dists.wheel)
    assert {"regent/py.typed", *SHIPPED} <= set(wheel.namelist())
    info = f"release_regent-{VERSION}.dist-info"
    metadata = HeaderParser().parsestr(wheel.read(f"{info}/METADATA").decode())
    assert (metadata["Name"], metadata["Version"]) == ("release-regent", VERSION)
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_all("Requires-Dist")[: len(PROJECT["dependencies"])] == list(
        PROJECT["dependencies"]
    )
    assert {"server", "aws", "azure", "fast"} <= set(metadata.get_all("Provides-Extra"))
    scripts = wheel.read(f"{info}/entry_points.txt").decode()
    assert "regent = regent.cli:main" in scripts
    assert "regent-action = regent.runtimes.action.main:main" in scripts


@pytest.fixture(scope="module")
def fresh(dists: Distributions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment holding the wheel, its dependencies lent by this one."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", dists.wheel)
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    # A plain path: this environment's own .pth files (its editable install of the sources
    # among them) are not read from there, so `regent` can only come from the wheel.
    Path(site, "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_installed_wheel_is_what_runs(fresh: Path, tmp_path: Path) -> None:
    where = run(
        fresh / "bin" / "python", "-c", "import regent; print(regent.__file__)", cwd=tmp_path
    )
    assert Path(where.strip()).is_relative_to(fresh)
    assert run(fresh / "bin" / "regent", "--version", cwd=tmp_path).strip() == f"regent {VERSION}"


def test_the_installed_wheel_plans_a_release(fresh: Path, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: packaged")
    env = {**os.environ, **GIT_ENV}
    plan = run(fresh / "bin" / "regent", "plan", repo.path, "--format", "markdown", env=env)
    assert plan.startswith("### Features\n\n* packaged")
    plan_json = json.loads(
        run(fresh / "bin" / "regent", "plan", repo.path, "--format", "json", env=env)
    )
    assert plan_json["next_version"] == "0.1.0"


def test_serve_without_the_server_extra_names_the_wheel_it_came_from(
    fresh: Path, dists: Distributions, tmp_path: Path
) -> None:
    """Installed from a file, `regent serve` says to install the extra from that same file,
    not from PyPI (docs/deploy.md, until it is published)."""
    hide_server = (
        "import sys; sys.modules['starlette'] = None; "
        "from regent.cli import main; sys.exit(main(['serve']))"
    )
    done = subprocess.run(
        [fresh / "bin" / "python", "-c", hide_server],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "regent: error: regent serve needs the server extra (starlette is not installed): "
        f"pip install 'release-regent[server] @ {dists.wheel.as_uri()}'"
    )
