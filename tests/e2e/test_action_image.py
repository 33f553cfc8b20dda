"""The image's install steps reproduced without Docker: the files the Dockerfile copies, a fresh
virtual environment, ``pip install --no-cache-dir .``, then the entrypoint on an ignored event
and the imports of the routed path. Needs the package index, as the image build does."""

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
COPY = re.compile(r"^COPY (.+) \S+$", re.MULTILINE)


def copied_files(dockerfile: Path) -> list[str]:
    """The sources of the Dockerfile's ``COPY`` lines."""
    return [name for line in COPY.findall(dockerfile.read_text()) for name in line.split()]


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


def test_the_image_install_runs_the_entrypoint(tmp_path: Path) -> None:
    source = tmp_path / "opt"
    source.mkdir()
    for name in copied_files(ROOT / "Dockerfile"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-cache-dir", ".", cwd=source)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "published"}), encoding="utf-8")
    environ = {
        "GITHUB_EVENT_NAME": "release",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "acme/widget",
        "INPUT_TOKEN": "token",
    }
    shutil.rmtree(source / "regent")  # the installed package, not the copied sources
    out = run(python, source / "entrypoint.py", cwd=tmp_path, env=environ)
    assert out.splitlines()[-1].startswith("::notice::release ignored")
    run(python, "-c", "import regent.runtimes.action.run", cwd=tmp_path)
