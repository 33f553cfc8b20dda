"""The import-linter contracts catch what DESIGN.md forbids: one planted import per rule, run on a
copy of the package, breaks exactly the contract that names the rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

PLANTED = [
    pytest.param(
        "services/deliveries.py",
        "import regent.adapters.git.history",
        "regent.services is not allowed to import regent.adapters",
        id="a service imports an adapter",
    ),
    pytest.param(
        "config/loader.py",
        "import regent.adapters.jinja_renderer",
        "regent.config is not allowed to import regent.adapters",
        id="config imports an adapter",
    ),
    pytest.param(
        "runtimes/action/report.py",
        "import regent.runtimes.webhook.queue",
        "the doors are independent of each other BROKEN",
        id="one door imports another",
    ),
    pytest.param(
        "core/plan.py",
        "import yaml",
        "regent.core is pure: standard library only BROKEN",
        id="the core imports a library",
    ),
    pytest.param(
        "services/planning.py",
        "import regent.runtimes.wiring",
        "regent.services is not allowed to import regent.runtimes.wiring",
        id="a service imports the composition root",
    ),
    pytest.param(
        "webhook/event.py",
        "import starlette",
        "regent.webhook is sans-I/O webhook transport",
        id="the transport imports a web framework",
    ),
]


def lint_copy(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "regent", tmp_path / "regent", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_as_it_is_keeps_every_contract(package_copy: Path) -> None:
    run = lint_copy(package_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(("module", "planted", "broken"), PLANTED)
def test_a_forbidden_import_breaks_its_contract(
    package_copy: Path, module: str, planted: str, broken: str
) -> None:
    target = package_copy / "regent" / module
    target.write_text(target.read_text() + f"\n{planted}  # planted by the test\n")
    run = lint_copy(package_copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert broken in run.stdout
    assert "0 broken" not in run.stdout
