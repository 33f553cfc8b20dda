"""``regent plan`` on real workspaces (npm, Cargo, uv): a release rewrites the requirements on
its package and releases the dependents with a patch (docs/monorepo.md "Workspaces and
dependents")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regent.runtimes.wiring.planning import checkout_planning
from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e


def released(tmp_path: Path, config: str, files: dict[str, str], tags: list[str]) -> GitRepo:
    """A repository with ``files``, each tag of ``tags`` on its first commit."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: import the workspace", files={".release-regent.yml": config, **files})
    for tag in tags:
        repo.tag(tag)
    return repo


def by_name(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in plan["components"]}


NPM_CONFIG = """\
components:
  - name: api
    path: packages/api
  - name: cli
    path: packages/cli
"""


def npm_files(cli_requirement: str) -> dict[str, str]:
    cli = {
        "name": "@acme/cli",
        "version": "0.3.0",
        "dependencies": {"@acme/api": cli_requirement, "left-pad": "^1.2.0"},
        "devDependencies": {"@acme/api": "workspace:*"},
    }
    return {
        "package.json": json.dumps({"private": True, "workspaces": ["packages/*"]}) + "\n",
        "packages/api/package.json": '{"name": "@acme/api", "version": "1.2.0"}\n',
        "packages/cli/package.json": json.dumps(cli, indent=2) + "\n",
    }


def test_npm_a_feature_of_api_releases_cli_with_its_range_rewritten(tmp_path: Path) -> None:
    repo = released(
        tmp_path, NPM_CONFIG, npm_files("workspace:^1.2.0"), ["api-v1.2.0", "cli-v0.3.0"]
    )
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    plan = by_name(plan_json(repo.path))
    api, cli = plan["api"], plan["cli"]
    assert (api["next_version"], cli["next_version"], cli["bump"]) == ("1.3.0", "0.3.1", "patch")
    assert cli["reason"].startswith("dependencies: @acme/api 1.3.0")
    assert cli["commits"] == []
    assert "### Dependencies" in cli["release_notes"]
    assert "api bumped to 1.3.0" in cli["release_notes"]
    assert cli["files"] == [
        {
            "path": "packages/cli/package.json",
            "old_version": "0.3.0",
            "new_version": "0.3.1",
            "dependencies": [
                {
                    "package": "@acme/api",
                    "version": "1.3.0",
                    "old": "workspace:^1.2.0",
                    "new": "workspace:^1.3.0",
                }
            ],
        }
    ]
    assert "Dependencies" not in api["release_notes"]


@pytest.mark.parametrize("requirement", ["workspace:*", "workspace:^", "*"])
def test_npm_a_range_following_the_workspace_releases_nothing_more(
    tmp_path: Path, requirement: str
) -> None:
    repo = released(tmp_path, NPM_CONFIG, npm_files(requirement), ["api-v1.2.0", "cli-v0.3.0"])
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    plan = by_name(plan_json(repo.path))
    assert plan["cli"]["next_version"] is None


def test_npm_dependents_none_leaves_the_dependent_alone(tmp_path: Path) -> None:
    config = NPM_CONFIG.replace(
        "    path: packages/cli\n", "    path: packages/cli\n    dependents: none\n"
    )
    repo = released(tmp_path, config, npm_files("^1.2.0"), ["api-v1.2.0", "cli-v0.3.0"])
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    assert by_name(plan_json(repo.path))["cli"]["next_version"] is None
    top = f"dependents: none\n{NPM_CONFIG}"
    repo.commit("chore: no dependents", files={".release-regent.yml": top})
    assert by_name(plan_json(repo.path))["cli"]["next_version"] is None


def test_a_bad_dependents_value_is_a_clear_error(tmp_path: Path) -> None:
    repo = released(tmp_path, f"dependents: minor\n{NPM_CONFIG}", npm_files("^1.2.0"), [])
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert "dependents" in result.stderr
    assert "dependents: 'minor' is not one of patch, none" in result.stderr


CARGO_CONFIG = """\
components:
  - name: api
    path: crates/api
  - name: cli
    path: crates/cli
  - name: web
    path: crates/web
"""
CARGO_FILES = {
    "Cargo.toml": (
        '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\n'
        'api = { path = "crates/api", version = "1.2.0" }  # shared\n'
    ),
    "crates/api/Cargo.toml": '[package]\nname = "api"\nversion = "1.2.0"\n',
    "crates/cli/Cargo.toml": (
        '[package]\nname = "cli"\nversion = "0.3.0"\n\n[dependencies]\n'
        'api = { path = "../api", version = "^1.2" }  # pinned\n'
    ),
    "crates/web/Cargo.toml": (
        '[package]\nname = "web"\nversion = "2.0.0"\n\n[dependencies]\napi.workspace = true\n'
    ),
}


def test_cargo_path_and_workspace_dependencies(tmp_path: Path) -> None:
    tags = ["api-v1.2.0", "cli-v0.3.0", "web-v2.0.0"]
    repo = released(tmp_path, CARGO_CONFIG, CARGO_FILES, tags)
    repo.commit("fix: handle empty bodies", files={"crates/api/src/lib.rs": "1\n"})
    plan = by_name(plan_json(repo.path))
    # cli's "^1.2" is written to the minor: 1.2.1 keeps it, so cli does not release
    assert [plan[n]["next_version"] for n in ("api", "cli", "web")] == ["1.2.1", None, "2.0.1"]
    assert plan["web"]["reason"].startswith("dependencies: api 1.2.1")
    root = [f for f in plan["api"]["files"] if f["path"] == "Cargo.toml"]
    assert root == [
        {
            "path": "Cargo.toml",
            "old_version": None,
            "new_version": "",
            "dependencies": [
                {"package": "api", "version": "1.2.1", "old": "1.2.0", "new": "1.2.1"}
            ],
        }
    ]
    repo.commit("feat: add streaming", files={"crates/api/src/stream.rs": "1\n"})
    plan = by_name(plan_json(repo.path))
    assert [plan[n]["next_version"] for n in ("api", "cli", "web")] == ["1.3.0", "0.3.1", "2.0.1"]
    assert plan["cli"]["files"][0]["dependencies"] == [
        {"package": "api", "version": "1.3.0", "old": "^1.2", "new": "^1.3"}
    ]


UV_CONFIG = """\
components:
  - name: core
    path: libs/core
  - name: app
    path: apps/app
"""
UV_FILES = {
    "pyproject.toml": '[tool.uv.workspace]\nmembers = ["libs/*", "apps/*"]\n',
    "libs/core/pyproject.toml": '[project]\nname = "Acme_Core"\nversion = "1.2.0"\n',
    "apps/app/pyproject.toml": (
        '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n'
        '    "acme-core>=1.2.0",  # the core\n    "requests>=2",\n]\n\n'
        "[tool.uv.sources]\nacme-core = { workspace = true }\n"
    ),
}


def test_uv_workspace_requirement_rewritten(tmp_path: Path) -> None:
    repo = released(tmp_path, UV_CONFIG, UV_FILES, ["core-v1.2.0", "app-v0.1.0"])
    repo.commit("feat: add a cache", files={"libs/core/cache.py": "1\n"})
    plan = by_name(plan_json(repo.path))
    assert (plan["core"]["next_version"], plan["app"]["next_version"]) == ("1.3.0", "0.1.1")
    assert plan["app"]["files"][0]["dependencies"] == [
        {
            "package": "acme-core",
            "version": "1.3.0",
            "old": "acme-core>=1.2.0",
            "new": "acme-core>=1.3.0",
        }
    ]
    text = run_regent("plan", str(repo.path)).stdout
    assert "acme-core: acme-core>=1.2.0 -> acme-core>=1.3.0" in text
    assert "Why: dependencies: acme-core 1.3.0" in text


def test_a_dependent_in_a_linked_group_moves_its_group(tmp_path: Path) -> None:
    config = NPM_CONFIG + "  - name: web\n    path: packages/web\nlinked:\n  - [cli, web]\n"
    files = {
        **npm_files("^1.2.0"),
        "packages/web/package.json": '{"name": "@acme/web", "version": "0.3.0"}\n',
    }
    repo = released(tmp_path, config, files, ["api-v1.2.0", "cli-v0.3.0", "web-v0.3.0"])
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    plan = by_name(plan_json(repo.path))
    assert (plan["cli"]["next_version"], plan["web"]["next_version"]) == ("0.3.1", "0.3.1")
    assert plan["cli"]["reason"].startswith("dependencies: @acme/api 1.3.0")
    assert plan["web"]["reason"].startswith("dependencies of the linked group [cli, web]")


def test_a_dependency_cycle_releases_each_member_once(tmp_path: Path) -> None:
    files = {
        "packages/api/package.json": json.dumps(
            {"name": "@acme/api", "version": "1.2.0", "devDependencies": {"@acme/cli": "^0.3.0"}}
        ),
        "packages/cli/package.json": json.dumps(
            {"name": "@acme/cli", "version": "0.3.0", "dependencies": {"@acme/api": "^1.2.0"}}
        ),
    }
    repo = released(tmp_path, NPM_CONFIG, files, ["api-v1.2.0", "cli-v0.3.0"])
    repo.commit("fix: retry", files={"packages/api/retry.js": "1\n"})
    plan = by_name(plan_json(repo.path))
    assert (plan["api"]["next_version"], plan["cli"]["next_version"]) == ("1.2.1", "0.3.1")
    assert plan["api"]["files"][0]["dependencies"] == [
        {"package": "@acme/cli", "version": "0.3.1", "old": "^0.3.0", "new": "^0.3.1"}
    ]
    assert plan["cli"]["files"][0]["dependencies"] == [
        {"package": "@acme/api", "version": "1.2.1", "old": "^1.2.0", "new": "^1.2.1"}
    ]


CLI_MANIFEST = """\
{
    "name": "@acme/cli",
    "version": "0.3.0",
    "dependencies": {
        "@acme/api":   "workspace:~1.2.0",
        "left-pad": "^1.2.0"
    }
}
"""


def test_the_written_manifest_keeps_every_other_byte(tmp_path: Path) -> None:
    """The release writes the dependent's manifest with its version and requirement changed
    and its own spacing kept (the text the release PR commits)."""
    files = {**npm_files("^1.2.0"), "packages/cli/package.json": CLI_MANIFEST}
    repo = released(tmp_path, NPM_CONFIG, files, ["api-v1.2.0", "cli-v0.3.0"])
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    planning = checkout_planning(repo.path, config=None, since=None, deepen=True)
    assert planning.components is not None
    prepared = planning.components.prepare(today="2026-12-07")
    cli = next(p.prepared for p in prepared.components if p.component.name == "cli")
    (update,) = cli.version_files
    assert update.new_text == CLI_MANIFEST.replace('"0.3.0"', '"0.3.1"').replace(
        "workspace:~1.2.0", "workspace:~1.3.0"
    )


@pytest.mark.parametrize(
    ("hotfixes", "expected"),
    [
        pytest.param(["cli-v0.3.1"], "0.3.2", id="one-tagged"),
        pytest.param(["cli-v0.3.1", "cli-v0.3.2"], "0.3.3", id="two-tagged"),
    ],
)
def test_a_dependent_patch_already_tagged_elsewhere_moves_to_the_next_free_patch(
    tmp_path: Path, hotfixes: list[str], expected: str
) -> None:
    repo = released(tmp_path, NPM_CONFIG, npm_files("^1.2.0"), ["api-v1.2.0", "cli-v0.3.0"])
    repo.branch("hotfix")
    repo.checkout("hotfix")
    for tag in hotfixes:
        repo.commit(f"fix: cli hotfix {tag}", files={"packages/cli/fix.js": tag + "\n"})
        repo.tag(tag)
    repo.checkout("main")
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    cli = by_name(plan_json(repo.path))["cli"]
    assert (cli["next_version"], cli["next_tag"]) == (expected, f"cli-v{expected}")
    tagged = ", ".join(hotfixes)
    assert cli["reason"].endswith(f"; {tagged} already tagged: the next free patch."), cli["reason"]
    assert cli["files"][0]["new_version"] == expected
