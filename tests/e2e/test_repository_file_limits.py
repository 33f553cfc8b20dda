"""`regent plan` on a repository whose configuration is huge or holds 100,000 problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, run_regent

pytestmark = pytest.mark.e2e


def test_a_50_mb_configuration_is_refused_by_its_size(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a", files={".release-regent.yml": "# padding\n" * 5_000_000})
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert result.stderr == (
        "regent: error: .release-regent.yml: is larger than 1 MiB, the limit for this file; "
        "Release Regent does not read it (keep it smaller, or leave it out of the "
        "configuration)\n"
    )


def test_a_configuration_with_100000_unknown_keys_gets_a_short_answer(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    keys = "".join(f"k{i}: 1\n" for i in range(100_000))
    repo.commit("feat: a", files={".release-regent.yml": keys})
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert result.stderr.startswith("regent: error: .release-regent.yml:1: k0: unknown key")
    assert result.stderr.endswith("and 99980 more problems; fix the ones above first\n")
    assert len(result.stderr) < 10_000
