"""The checkout reports each file's git mode, so the release commit keeps it (a version file
committed executable stays executable): the port writes the mode each change carries
(``test_github_git``), the service passes the base branch's (``tests/unit/services``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.contract


def test_modes_are_read_for_the_paths_named_only(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start", files={"a*.sh": "x\n", "ab.sh": "y\n", "d/v e.txt": "z\n"})
    git(repo.path, "update-index", "--chmod=+x", "ab.sh")
    git(repo.path, "commit", "--quiet", "-m", "chore: executable")
    history = GitHistory(repo.path)
    wanted = ["a*.sh", "ab.sh", "d/v e.txt", "d", "missing.txt"]
    assert history.file_modes_at("HEAD", wanted) == {
        "a*.sh": "100644",
        "ab.sh": "100755",
        "d/v e.txt": "100644",
    }
    assert history.file_modes_at("HEAD", ["a*.sh"]) == {"a*.sh": "100644"}
