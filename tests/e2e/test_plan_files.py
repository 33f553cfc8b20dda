"""`regent plan` finds version files of every supported kind and reports their bump."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e

MANIFESTS = {
    "pyproject.toml": '[project]\nname = "widget"\nversion = "1.4.2"\n',
    "package.json": '{\n  "name": "widget",\n  "version": "1.4.2"\n}\n',
    "package-lock.json": (
        '{\n  "name": "widget",\n  "version": "1.4.2",\n  "lockfileVersion": 3,\n'
        '  "packages": {\n    "": {\n      "name": "widget",\n'
        '      "version": "1.4.2"\n    }\n  }\n}\n'
    ),
    "Cargo.toml": '[package]\nname = "widget"\nversion = "1.4.2"\n',
    "setup.cfg": "[metadata]\nname = widget\nversion = 1.4.2\n",
    "src/widget/__init__.py": '__version__ = "1.4.2"\n',
    "chart/Chart.yaml": "name: widget\nversion: 1.4.2 # x-release-regent-version\n",
}
CONFIG = "version_files:\n  - src/widget/__init__.py\n  - {path: chart/Chart.yaml, kind: generic}\n"


def test_every_supported_version_file_is_reported(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial", files={**MANIFESTS, ".release-regent.yml": CONFIG})
    repo.tag("v1.4.2")
    repo.commit("feat: more")
    plan = plan_json(repo.path)
    assert plan["files"] == [
        {"path": path, "old_version": "1.4.2", "new_version": "1.5.0"}
        for path in [
            "pyproject.toml",
            "package.json",
            "package-lock.json",
            "Cargo.toml",
            "setup.cfg",
            "src/widget/__init__.py",
            "chart/Chart.yaml",
        ]
    ]


def test_manifests_without_a_static_version_are_skipped(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    dynamic = '[project]\nname = "widget"\ndynamic = ["version"]\n'
    repo.commit("chore: initial", files={"pyproject.toml": dynamic})
    repo.commit("feat: more")
    assert plan_json(repo.path)["files"] == []


def test_missing_configured_version_file_is_a_config_error(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a", files={".release-regent.yml": "version_files: [src/nowhere.py]\n"})
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert "src/nowhere.py" in result.stderr


@pytest.mark.parametrize(
    ("path", "text", "cause"),
    [
        pytest.param(
            "package.json",
            "[" * 100_000 + "]" * 100_000,
            "package.json: nests arrays or objects too deeply to be a manifest",
            id="package-json-100000-deep",
        ),
        pytest.param(
            "pyproject.toml",
            "a" + ".a" * 50_000 + ' = 1\n[project]\nversion = "1.0.0"\n',
            "pyproject.toml: line 1 has a dotted key or table name of more than 32 parts",
            id="pyproject-100kb-dotted-key",
        ),
    ],
)
def test_a_hostile_manifest_is_refused_with_its_name(
    tmp_path: Path, path: str, text: str, cause: str
) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a", files={path: text})
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"regent: error: {cause}")
    assert result.stderr.count("\n") == 1
