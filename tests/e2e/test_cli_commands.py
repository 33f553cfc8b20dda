"""`regent validate`, `schema`, `init` and `--version`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.gitrepo import GitRepo, plan_json, run_regent
from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

# The version a release PR writes to pyproject.toml and regent/__init__.py alike
# (.release-regent.yml), so these hold on the release branch too.
VERSION = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]


def test_version_flag_and_module_entry_point() -> None:
    result = run_regent("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"regent {VERSION}")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("regent")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == f"regent {VERSION}"


def test_no_command_is_a_usage_error() -> None:
    result = run_regent()
    assert result.returncode == 2
    assert "COMMAND" in result.stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_regent("plan", str(tmp_path), "--format", "yaml")
    assert result.returncode == 2
    assert "invalid choice: 'yaml'" in result.stderr


def test_plan_does_not_import_pygithub(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a")
    probe = (
        "import runpy, sys; sys.argv = ['regent', 'plan', sys.argv[1], '--format', 'json'];"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: runpy.run_module('regent', run_name='__main__')\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m == 'github' or m.startswith('github.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(repo.path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_validate_accepts_a_good_file(tmp_path: Path) -> None:
    config = tmp_path / "release.yml"
    config.write_text("version_scheme: pep440\nprerelease: rc\n")
    result = run_regent("validate", str(config))
    assert (result.returncode, result.stdout.strip()) == (0, f"{config}: valid")


def test_validate_reports_every_problem_with_lines(tmp_path: Path) -> None:
    config = tmp_path / "release.yml"
    config.write_text("version_scheme: semvr\nbump:\n  breaking_before_10: major\n")
    result = run_regent("validate", str(config))
    assert result.returncode == 2
    assert f"{config}:1: version_scheme" in result.stderr
    assert "did you mean 'semver'?" in result.stderr
    assert (
        ":3: bump.breaking_before_10: unknown key; did you mean 'breaking_before_1_0'?"
        in result.stderr
    )


def test_validate_finds_the_file_in_the_current_checkout(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "release-regent.yml").write_text("tag_template: '{version}'\n")
    result = run_regent("validate", cwd=tmp_path)
    assert result.returncode == 0
    assert "release-regent.yml: valid" in result.stdout


def test_validate_without_a_file_says_what_to_do(tmp_path: Path) -> None:
    result = run_regent("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "regent init" in result.stderr


def test_schema_is_json_schema_of_the_config() -> None:
    result = run_regent("schema")
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"version_scheme", "tag_template", "bump", "changelog"} <= set(schema["properties"])


def test_init_writes_a_starter_config_and_workflow_that_work(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    result = run_regent("init", str(repo.path))
    assert result.returncode == 0, result.stderr
    workflow = yaml.safe_load((repo.path / ".github/workflows/release-regent.yml").read_text())
    assert workflow["permissions"] == {}
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert run_regent("validate", str(repo.path / ".release-regent.yml")).returncode == 0
    repo.commit("feat: first")
    assert plan_json(repo.path)["next_version"] == "0.1.0"


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / ".release-regent.yml").write_text("# mine\n")
    result = run_regent("init", str(tmp_path))
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert (tmp_path / ".release-regent.yml").read_text() == "# mine\n"
    assert run_regent("init", str(tmp_path), "--force").returncode == 0
    assert (tmp_path / ".release-regent.yml").read_text() != "# mine\n"


WORKFLOW = ".github/workflows/release-regent.yml"


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("force", [False, True], ids=["", "force"])
@pytest.mark.parametrize(
    ("link", "target", "existing"),
    [
        pytest.param(".release-regent.yml", "planted.yml", False, id="dangling-config"),
        pytest.param(".release-regent.yml", "victim.yml", True, id="config-to-a-file"),
        pytest.param(".github", "folder", False, id="dangling-folder"),
        pytest.param(".github", "folder", True, id="folder-outside"),
        pytest.param(WORKFLOW, "victim.yml", True, id="workflow-to-a-file"),
    ],
)
def test_init_never_writes_through_a_symbolic_link(
    tmp_path: Path, link: str, target: str, existing: bool, force: bool
) -> None:
    """`regent init` in a clone holding a link (dangling or not, to a file or a folder outside
    the repository) refuses, naming the link, and writes nothing anywhere."""
    repo = GitRepo.create(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    aim = outside / target
    if existing and not aim.exists():
        aim.mkdir() if target == "folder" else aim.write_text("# theirs\n")
    (repo.path / link).parent.mkdir(parents=True, exist_ok=True)
    (repo.path / link).symlink_to(aim)
    before = {path: path.read_bytes() for path in outside.rglob("*") if path.is_file()}
    committed = files_under(repo.path)

    result = run_regent("init", str(repo.path), *(["--force"] if force else []))

    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == (
        f"regent: error: {repo.path / link} is a symbolic link; regent writes only inside "
        "the repository and never through a link: remove the link, or write "
        f"{link if link != '.github' else WORKFLOW} yourself"
    )
    assert {path: path.read_bytes() for path in outside.rglob("*") if path.is_file()} == before
    assert files_under(repo.path) == committed
    assert result.stdout == ""


def test_init_replaces_a_file_with_force_but_not_its_hard_link_target(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    victim = tmp_path / "victim.yml"
    victim.write_text("# theirs\n")
    (repo.path / ".release-regent.yml").hardlink_to(victim)
    assert run_regent("init", str(repo.path), "--force").returncode == 0
    assert victim.read_text() == "# theirs\n"
    assert "version_scheme" in (repo.path / ".release-regent.yml").read_text()


def test_serve_without_the_server_extra_says_how_to_install_it() -> None:
    """Run from this source tree, the hint installs the tree with the extra (an installed wheel's
    hint: tests/e2e/test_packaging.py)."""
    hide_starlette = (
        "import sys; sys.modules['starlette'] = None; "
        "from regent.cli import main; sys.exit(main(['serve']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide_starlette], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "regent: error: regent serve needs the server extra (starlette is not installed): "
        f"pip install -e '{PROJECT_ROOT}[server]'"
    )
