"""``regent init --from TOOL`` in a real git repository holding that tool's configuration and
tags, then ``regent plan`` on the file it wrote, as a user moving over runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent
from tests.migration_check import COMPONENTS_LANDED

CONFIG = ".release-regent.yml"


def released(tmp_path: Path, files: dict[str, str], tags: list[str]) -> GitRepo:
    """A repository with ``files`` committed and tagged ``tags``, then one fix after them."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: first release", files=files)
    for tag in tags:
        repo.tag(tag)
    repo.commit("fix: a bug after the release")
    return repo


def init_from(repo: GitRepo, tool: str, *options: str) -> str:
    result = run_regent("init", str(repo.path), "--from", tool, *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_commitizen_tags_without_v_keep_counting(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "demo"\nversion = "1.2.0"\n\n'
        '[tool.commitizen]\nversion_provider = "pep621"\ntag_format = "$version"\n'
        'version = "1.2.0"\nbump_message = "bump: $new_version"\n'
    )
    repo = released(tmp_path, {"pyproject.toml": pyproject}, ["1.2.0"])
    output = init_from(repo, "commitizen")
    assert "not mapped: bump_message" in output
    assert "tags {version}: 1 existing tags keep counting (e.g. 1.2.0)" in output
    written = (repo.path / CONFIG).read_text()
    assert "#   - bump_message: the release commit is GitHub's merge" in written
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"], plan["next_tag"]) == (
        "1.2.0",
        "1.2.1",
        "1.2.1",
    )


def test_release_please_single_package_plans_from_its_tags(tmp_path: Path) -> None:
    config = {
        "include-component-in-tag": False,
        "bump-minor-pre-major": True,
        "packages": {".": {"release-type": "node", "release-as": "2.0.0"}},
    }
    files = {
        "release-please-config.json": json.dumps(config),
        ".release-please-manifest.json": json.dumps({".": "0.4.0"}),
        "package.json": json.dumps({"name": "widget", "version": "0.4.0"}),
    }
    repo = released(tmp_path, files, ["v0.4.0"])
    output = init_from(repo, "release-please")
    assert 'packages["."].release-as (2.0.0) is not mapped' in output
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"]) == ("v0.4.0", "0.4.1")


def test_release_please_manifest_ahead_of_the_tags_is_reported(tmp_path: Path) -> None:
    files = {
        "release-please-config.json": json.dumps({"packages": {".": {"component": "app"}}}),
        ".release-please-manifest.json": json.dumps({".": "1.3.0"}),
    }
    repo = released(tmp_path, files, ["app-v1.2.0"])
    output = init_from(repo, "release-please")
    assert "has . at 1.3.0 but there is no tag app-v1.3.0" in output
    assert plan_json(repo.path)["current_tag"] == "app-v1.2.0"


@pytest.mark.skipif(not COMPONENTS_LANDED, reason="components: are not in the configuration yet")
def test_release_please_components_keep_their_component_tags(tmp_path: Path) -> None:
    config = {
        "release-type": "node",
        "packages": {"packages/api": {"component": "api"}, "packages/cli": {"component": "cli"}},
    }
    files = {
        "release-please-config.json": json.dumps(config),
        ".release-please-manifest.json": json.dumps(
            {"packages/api": "1.2.3", "packages/cli": "0.3.0"}
        ),
        "packages/api/package.json": json.dumps({"name": "api", "version": "1.2.3"}),
        "packages/cli/package.json": json.dumps({"name": "cli", "version": "0.3.0"}),
    }
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: first releases", files=files)
    repo.tag("api-v1.2.3")
    repo.tag("cli-v0.3.0")
    repo.commit("fix(api): a bug", files={"packages/api/index.js": "fixed\n"})
    init_from(repo, "release-please")
    plan = plan_json(repo.path)
    by_name = {component["name"]: component for component in plan["components"]}
    assert by_name["api"]["current_tag"] == "api-v1.2.3"
    assert by_name["api"]["next_tag"] == "api-v1.2.4"
    assert (by_name["cli"]["current_tag"], by_name["cli"]["next_version"]) == ("cli-v0.3.0", None)


def test_semantic_release_branches_and_tag_format(tmp_path: Path) -> None:
    releaserc = (
        "branches:\n  - main\n  - name: beta\n    prerelease: true\n"
        "tagFormat: ${version}\n"
        "plugins:\n  - '@semantic-release/commit-analyzer'\n  - - '@semantic-release/git'\n"
        "    - assets: [dist]\n"
    )
    repo = released(tmp_path, {".releaserc.yml": releaserc}, ["1.0.0"])
    output = init_from(repo, "semantic-release")
    assert "not mapped: @semantic-release/git" in output
    written = (repo.path / CONFIG).read_text()
    assert "- name: beta\n  prerelease: beta\n" in written
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"]) == ("1.0.0", "1.0.1")


def test_python_semantic_release_version_variables(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "demo"\nversion = "0.3.0"\n\n[tool.semantic_release]\n'
        'version_variables = ["src/demo/__init__.py:__version__"]\nmajor_on_zero = false\n'
        "allow_zero_version = true\n"
    )
    files = {"pyproject.toml": pyproject, "src/demo/__init__.py": '__version__ = "0.3.0"\n'}
    repo = released(tmp_path, files, ["v0.3.0"])
    init_from(repo, "python-semantic-release")
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"]) == ("v0.3.0", "0.3.1")
    assert [(file["path"], file["new_version"]) for file in plan["files"]] == [
        ("pyproject.toml", "0.3.1"),
        ("src/demo/__init__.py", "0.3.1"),
    ]


def test_existing_files_need_force_as_with_plain_init(tmp_path: Path) -> None:
    repo = released(tmp_path, {".cz.toml": '[tool.commitizen]\ntag_format = "v$version"\n'}, [])
    init_from(repo, "commitizen")
    again = run_regent("init", str(repo.path), "--from", "commitizen")
    assert again.returncode == 2
    assert "already exist; pass --force to overwrite" in again.stderr
    init_from(repo, "commitizen", "--force")


SOURCE_ERRORS = [
    ("release-please", {}, "release-please-config.json: not found"),
    (
        "release-please",
        {"release-please-config.json": "{,}"},
        "release-please-config.json:1: is not valid JSON",
    ),
    ("semantic-release", {}, "no semantic-release configuration here"),
    (
        "python-semantic-release",
        {"pyproject.toml": "[tool.semantic_release\n"},
        "pyproject.toml: is not valid TOML",
    ),
    (
        "commitizen",
        {"pyproject.toml": '[project]\nname = "x"\n'},
        "no commitizen configuration here",
    ),
]


@pytest.mark.parametrize(("tool", "files", "message"), SOURCE_ERRORS)
def test_a_missing_or_invalid_source_configuration_names_the_file(
    tmp_path: Path, tool: str, files: dict[str, str], message: str
) -> None:
    repo = released(tmp_path, files, [])
    result = run_regent("init", str(repo.path), "--from", tool)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (repo.path / CONFIG).exists()


def test_an_unknown_tool_is_refused_by_name(tmp_path: Path) -> None:
    result = run_regent("init", str(tmp_path), "--from", "lerna")
    assert result.returncode == 2
    assert "invalid choice: 'lerna'" in result.stderr


def test_the_cli_lists_every_tool_the_migration_knows() -> None:
    from regent.cli import MIGRATION_TOOLS
    from regent.config.migration import TOOLS

    assert MIGRATION_TOOLS == TOOLS


def test_outside_a_git_repository_the_tags_are_not_checked(tmp_path: Path) -> None:
    (tmp_path / "release-please-config.json").write_text(json.dumps({"packages": {".": {}}}))
    (tmp_path / ".release-please-manifest.json").write_text(json.dumps({".": "1.0.0"}))
    result = run_regent("init", str(tmp_path), "--from", "release-please")
    assert result.returncode == 0, result.stderr
    assert (
        "note: not a git repository: .release-please-manifest.json's .: 1.0.0 not checked"
        in result.stdout
    )
    assert "tags v{version}" not in result.stdout


def test_a_source_file_linking_outside_the_checkout_is_refused(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    outside = tmp_path / "elsewhere.json"
    outside.write_text(json.dumps({"packages": {".": {}}}))
    (repo.path / "release-please-config.json").symlink_to(outside)
    result = run_regent("init", str(repo.path), "--from", "release-please")
    assert result.returncode == 2
    assert "release-please-config.json" in result.stderr
    assert not (repo.path / CONFIG).exists()
