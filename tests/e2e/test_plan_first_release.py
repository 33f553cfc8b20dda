"""`regent plan` on real repositories: scoped bump rules, `since`, shallow clones, ignored tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json

pytestmark = pytest.mark.e2e


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial import")
    repo.tag("v1.0.0")
    return repo


def test_a_scoped_bump_rule_releases_dependency_updates(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", 'bump:\n  types:\n    "chore(deps)": patch\n')
    repo.commit("chore: tidy the build")
    deps = repo.commit("chore(deps): bump requests to 2.32.3 (#40)")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.0.1"
    assert deps[:7] in plan["reason"]
    rows = {row["sha"]: row for row in plan["commits"]}
    assert rows[deps]["bump"] == "patch"
