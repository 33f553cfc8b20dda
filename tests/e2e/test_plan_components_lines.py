"""``regent plan`` of a monorepo on a maintenance branch and a prerelease branch: every
component plans on the branch's line (range, channel), and a version its own tag template
already tagged anywhere in the repository is never proposed (docs/monorepo.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e

CONFIG = """\
base_branches: [main, "release/*", {name: next, prerelease: rc}]
components:
  - name: api
    path: packages/api
  - name: cli
    path: packages/cli
"""


def package(name: str, version: str) -> str:
    return json.dumps({"name": name, "version": version}, indent=2) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """api-v1.0.0 and cli-v1.3.0 on main, release/1.x branched there; main then releases
    api-v1.1.0."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit(
        "chore: import the packages",
        files={
            ".release-regent.yml": CONFIG,
            "packages/api/package.json": package("api", "1.0.0"),
            "packages/cli/package.json": package("cli", "1.3.0"),
        },
    )
    repo.tag("api-v1.0.0")
    repo.tag("cli-v1.3.0")
    repo.branch("release/1.x")
    repo.checkout("main")
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    repo.tag("api-v1.1.0")
    repo.checkout("release/1.x")
    return repo


def planned(plan: dict[str, object]) -> dict[str, object]:
    found = plan["components"]
    assert isinstance(found, list)
    return {entry["name"]: entry["next_version"] for entry in found}


def refused(repo: GitRepo) -> str:
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    return result.stderr


def test_fixes_on_the_maintenance_line_release_each_component_s_next_patch(repo: GitRepo) -> None:
    repo.commit("fix: a backport", files={"packages/api/retry.js": "1\n"})
    repo.commit("feat: a knob", files={"packages/cli/knob.py": "1\n"})
    assert planned(plan_json(repo.path)) == {"api": "1.0.1", "cli": "1.4.0"}


def test_a_component_s_version_tagged_on_main_is_not_proposed(repo: GitRepo) -> None:
    repo.commit("feat: a backported knob", files={"packages/api/knob.js": "1\n"})
    assert refused(repo) == (
        "regent: error: component 'api': 1.1.0 cannot be released from release/1.x: the tag "
        "api-v1.1.0 already exists in the repository (on a commit outside release/1.x's "
        "history); release 1.0.1 instead, the next free patch (a Release-As footer, `regent "
        "plan --release-as`, or `!set-version` on the release PR)\n"
    )


def test_another_component_s_tag_does_not_block_a_version(repo: GitRepo) -> None:
    repo.commit("feat: a knob", files={"packages/cli/knob.py": "1\n"})
    repo.tag("api-v1.4.0")  # api's tag of cli's next version blocks nothing for cli
    assert planned(plan_json(repo.path))["cli"] == "1.4.0"


def test_a_breaking_change_leaves_the_line_s_range(repo: GitRepo) -> None:
    repo.commit("feat!: a new protocol", files={"packages/cli/main.py": "2\n"})
    error = refused(repo)
    assert error.startswith(
        "regent: error: component 'cli': 2.0.0 is outside release/1.x's range 1.x: the line "
        "releases only 1.x versions"
    )
    assert "release 1.3.1 instead" in error


def test_a_prerelease_branch_plans_every_component_on_its_channel(repo: GitRepo) -> None:
    repo.checkout("main")
    repo.branch("next")
    repo.commit("feat: a preview", files={"packages/api/preview.js": "1\n"})
    repo.commit("fix: a preview fix", files={"packages/cli/fix.py": "1\n"})
    assert planned(plan_json(repo.path)) == {"api": "1.2.0-rc.1", "cli": "1.3.1-rc.1"}
    repo.checkout("main")
    repo.commit("feat: on main", files={"packages/api/main.js": "1\n"})
    assert planned(plan_json(repo.path)) == {"api": "1.2.0", "cli": None}
