"""`regent plan` on a repository whose configuration holds values no parser should crash on.

A path with a NUL or another control character (which the operating system refuses as a file
name), a date YAML cannot build (``2001-13-45``) or an integer of thousands of digits: each is
a configuration error (exit 2) on one line naming the file, its line or key, never an
``unexpected error``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, run_regent

pytestmark = pytest.mark.e2e


def _plan(tmp_path: Path, config: str) -> tuple[int, str]:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial", files={".release-regent.yml": config})
    repo.tag("v1.0.0")
    repo.commit("feat: add gears", files={"gears.txt": "gears\n"})
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(
            'templates: {release_notes: "a\\0b"}\n',
            ".release-regent.yml:1: templates.release_notes: 'a\\x00b' holds the control "
            "character U+0000",
            id="nul-in-template",
        ),
        pytest.param(
            'version_files:\n  - path: "src/v\\0.py"\n    kind: python\n',
            ".release-regent.yml:2: version_files[0].path: 'src/v\\x00.py' holds the control "
            "character U+0000",
            id="nul-in-version-file",
        ),
        pytest.param(
            'changelog: {path: "CHANGE\\eLOG.md"}\n',
            ".release-regent.yml:1: changelog.path: 'CHANGE\\x1bLOG.md' holds the control "
            "character U+001B",
            id="escape-in-changelog",
        ),
        pytest.param(
            "initial_version: 2001-13-45\n",
            ".release-regent.yml:1: this value looks like a date but cannot be read as one",
            id="impossible-date",
        ),
        pytest.param(
            "\ninitial_version: " + "9" * 5000 + "\n",
            ".release-regent.yml:2: this value looks like an integer but cannot be read as one",
            id="5000-digit-integer",
        ),
    ],
)
def test_a_value_no_parser_takes_is_a_config_error(
    tmp_path: Path, config: str, expected: str
) -> None:
    code, stderr = _plan(tmp_path, config)
    assert code == 2, stderr
    assert stderr.startswith(f"regent: error: {expected}"), stderr
    assert "unexpected error" not in stderr
    assert len(stderr.strip().splitlines()) == 1
