"""`regent plan` on a repository whose configuration or files point out of the checkout.

A contributor controls the repository's content: symbolic links, ``..`` and absolute paths in
it must never make Release Regent read (and then print or publish) a file outside the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e

SECRET = "ghs_fake0token0never0printed"
NOTES = "docs/notes.md.j2"


def repo_with_link(tmp_path: Path, link: str, target: str, *, config: str) -> GitRepo:
    """A repository with one release-worthy commit and the symbolic link ``link -> target``."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial", files={".release-regent.yml": config})
    repo.tag("v1.0.0")
    (repo.path / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, repo.path / link)
    repo.commit("feat: add gears")
    return repo


def outside_file(tmp_path: Path, text: str) -> Path:
    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(text, encoding="utf-8")
    return outside


def assert_refused(result_code: int, output: str, *, path: str) -> None:
    assert result_code == 2, output
    assert path in output
    assert SECRET not in output


TEMPLATE_CONFIG = f"templates:\n  release_notes: {NOTES}\n"


def test_a_template_linked_to_the_process_environment_is_refused(tmp_path: Path) -> None:
    repo = repo_with_link(tmp_path, NOTES, "/proc/self/environ", config=TEMPLATE_CONFIG)
    result = run_regent("plan", str(repo.path), "--format", "markdown", env={"TOKEN": SECRET})
    assert_refused(result.returncode, result.stdout + result.stderr, path=NOTES)
    assert "leads outside the repository" in result.stderr


def test_a_template_linked_to_a_file_outside_the_checkout_is_refused(tmp_path: Path) -> None:
    outside = outside_file(tmp_path, f"{SECRET}\n")
    repo = repo_with_link(tmp_path, NOTES, str(outside), config=TEMPLATE_CONFIG)
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert_refused(result.returncode, result.stdout + result.stderr, path=NOTES)


def test_a_relative_link_climbing_out_of_the_checkout_is_refused(tmp_path: Path) -> None:
    outside_file(tmp_path, f"{SECRET}\n")
    repo = repo_with_link(tmp_path, NOTES, "../../elsewhere/secret.txt", config=TEMPLATE_CONFIG)
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert_refused(result.returncode, result.stdout + result.stderr, path=NOTES)


def test_a_folder_linked_out_of_the_checkout_is_refused(tmp_path: Path) -> None:
    outside = outside_file(tmp_path, f"{SECRET}\n")
    config = "templates:\n  release_notes: docs/secret.txt\n"
    repo = repo_with_link(tmp_path, "docs", str(outside.parent), config=config)
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert_refused(result.returncode, result.stdout + result.stderr, path="docs/secret.txt")


def test_a_dangling_template_link_is_refused(tmp_path: Path) -> None:
    repo = repo_with_link(tmp_path, NOTES, "missing.md.j2", config=TEMPLATE_CONFIG)
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert_refused(result.returncode, result.stderr, path=NOTES)
    assert "does not exist" in result.stderr


def test_a_template_linked_inside_the_checkout_is_followed(tmp_path: Path) -> None:
    repo = repo_with_link(tmp_path, NOTES, "shared/notes.md.j2", config=TEMPLATE_CONFIG)
    repo.commit(
        "fix: shared notes", files={"docs/shared/notes.md.j2": "Notes of {{ notes.version }}\n"}
    )
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Notes of 1.1.0\n\n<!-- CHANGELOG.md -->\n## 1.1.0 (")


def test_a_configuration_file_linked_out_of_the_checkout_is_refused(tmp_path: Path) -> None:
    outside = outside_file(tmp_path, f"tag_template: '{SECRET}-{{version}}'\n")
    repo = GitRepo.create(tmp_path / "repo")
    os.symlink(outside, repo.path / ".release-regent.yml")
    repo.commit("feat: a")
    result = run_regent("plan", str(repo.path))
    assert_refused(result.returncode, result.stdout + result.stderr, path=".release-regent.yml")


def test_a_configuration_file_named_outside_the_checkout_is_refused(tmp_path: Path) -> None:
    outside = outside_file(tmp_path, "initial_version: 9.9.9\n")
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a")
    result = run_regent("plan", str(repo.path), "--config", str(outside))
    assert_refused(result.returncode, result.stderr, path=str(outside))
    assert "outside the checkout" in result.stderr


@pytest.mark.parametrize(
    ("path", "config"),
    [
        pytest.param(
            "src/widget/__init__.py", "version_files: [src/widget/__init__.py]\n", id="configured"
        ),
        pytest.param("package.json", "{}\n", id="detected-manifest"),
    ],
)
def test_a_version_file_linked_out_of_the_checkout_is_refused(
    tmp_path: Path, path: str, config: str
) -> None:
    outside = outside_file(tmp_path, f'__version__ = "1.0.0"  # {SECRET}\n')
    repo = repo_with_link(tmp_path, path, str(outside), config=config)
    result = run_regent("plan", str(repo.path), "--format", "json")
    assert_refused(result.returncode, result.stdout + result.stderr, path=path)
    assert "symbolic link" in result.stderr


def test_a_version_file_linked_inside_the_checkout_is_refused_too(tmp_path: Path) -> None:
    """Bumping it would replace the link with a copy of its target on the release branch."""
    repo = repo_with_link(tmp_path, "package.json", "app/package.json", config="{}\n")
    repo.commit("fix: app", files={"app/package.json": '{"version": "1.0.0"}\n'})
    result = run_regent("plan", str(repo.path), "--format", "json")
    assert result.returncode == 2, result.stdout
    assert "package.json: goes through the symbolic link package.json -> " in result.stderr


def test_an_oversized_template_is_refused_before_it_is_read(tmp_path: Path) -> None:
    config = "templates:\n  release_notes: notes.md.j2\n"
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a", files={".release-regent.yml": config, "notes.md.j2": "x" * (1 << 21)})
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert result.returncode == 2
    assert "notes.md.j2: is larger than 1 MiB" in result.stderr


def test_regular_files_still_plan(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial", files={"package.json": '{"version": "1.0.0"}\n'})
    repo.tag("v1.0.0")
    repo.commit("feat: a")
    assert plan_json(repo.path)["files"][0]["new_version"] == "1.1.0"


def test_validate_in_a_checkout_does_not_follow_its_file_out_of_it(tmp_path: Path) -> None:
    """`regent validate` run in CI on a contributor's pull request: no content echoed."""
    outside = outside_file(tmp_path, f"{SECRET}\n")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    os.symlink(outside, checkout / ".release-regent.yml")
    result = run_regent("validate", cwd=checkout)
    assert_refused(result.returncode, result.stdout + result.stderr, path=".release-regent.yml")
