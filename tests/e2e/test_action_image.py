"""The Action image's layout reproduced without Docker (there is no engine here).

As the Dockerfile does: the build stage's files make a wheel, the wheel goes into a fresh virtual
environment, and the ``ENTRYPOINT`` runs from the runner's workspace, a folder that holds no
Release Regent sources (here it even holds a decoy ``regent/`` package, as a repository being
released might). Needs the package index for the dependencies, as the image build does.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COPY = re.compile(r"^COPY (?!--from)(.+) \S+$", re.MULTILINE)
ENTRYPOINT = re.compile(r"^ENTRYPOINT (\[.*\])$", re.MULTILINE)
DECOY = "raise SystemExit('the workspace shadowed the installed package')\n"


def build_files(dockerfile: Path) -> list[str]:
    """The sources of the build stage's ``COPY`` lines (not ``COPY --from``)."""
    return [name for line in COPY.findall(dockerfile.read_text()) for name in line.split()]


def entrypoint(dockerfile: Path) -> list[str]:
    """The image's ``ENTRYPOINT`` (exec form)."""
    [command] = ENTRYPOINT.findall(dockerfile.read_text())
    words: list[str] = json.loads(command)
    return words


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
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
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the wheel installed, as the image's site-packages."""
    work = tmp_path_factory.mktemp("image")
    source = work / "src"
    source.mkdir()
    for name in build_files(DOCKERFILE):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    wheels = work / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, ".", cwd=source)
    shutil.rmtree(source)  # the final stage copies the wheel only
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    [wheel] = wheels.glob("*.whl")
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-cache-dir", wheel, cwd=work)
    return venv


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The runner's checkout, the image's working directory, with a decoy ``regent`` package."""
    (tmp_path / "regent" / "runtimes" / "action").mkdir(parents=True)
    for folder in ("regent", "regent/runtimes", "regent/runtimes/action"):
        (tmp_path / folder / "__init__.py").write_text(DECOY, encoding="utf-8")
    return tmp_path


def test_the_entrypoint_runs_the_installed_package_from_the_workspace(
    venv: Path, workspace: Path
) -> None:
    program, *args = entrypoint(DOCKERFILE)
    event = workspace.parent / "event.json"
    event.write_text(json.dumps({"action": "published"}), encoding="utf-8")
    environ = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "GITHUB_EVENT_NAME": "release",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "acme/widget",
        "GITHUB_WORKSPACE": str(workspace),
        "INPUT_TOKEN": "token",
    }
    out = run(
        shutil.which(program, path=environ["PATH"]) or program, *args, cwd=workspace, env=environ
    )
    last = out.splitlines()[-1]
    assert last.startswith("::notice::release"), out


def test_the_image_holds_the_package_and_its_templates_not_a_source_tree(venv: Path) -> None:
    python = venv / "bin" / "python"
    where = run(
        python,
        "-P",  # no working directory on sys.path, as a console script
        "-c",
        "import regent, regent.runtimes.action.run; print(regent.__file__)",
        cwd=venv,
    ).strip()
    package = Path(where).parent
    assert package.parent.name == "site-packages", where
    assert (package / "templates" / "release_notes.md.j2").is_file()
