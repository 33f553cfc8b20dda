"""``regent plan`` on a monorepo whose linked member releases with no changes of its own: its
notes say in one line why it releases, in every format (docs/monorepo.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e

CONFIG = """\
components:
  - {name: api, path: packages/api}
  - {name: cli, path: packages/cli}
linked: [[api, cli]]
"""
WHY = "No changes of its own: released with the linked group [api, cli] to keep one version."


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """api and cli linked at 1.0.0, and a fix of api's only since."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit(
        "chore: import the packages",
        files={
            ".release-regent.yml": CONFIG,
            "packages/api/package.json": json.dumps({"name": "api", "version": "1.0.0"}),
            "packages/cli/package.json": json.dumps({"name": "cli", "version": "1.0.0"}),
        },
    )
    repo.tag("api-v1.0.0")
    repo.tag("cli-v1.0.0")
    repo.commit("fix: retry once", files={"packages/api/retry.js": "1\n"})
    return repo


def test_the_json_notes_of_the_member_without_changes_say_why(repo: GitRepo) -> None:
    plan = {entry["name"]: entry for entry in plan_json(repo.path)["components"]}
    assert plan["cli"]["next_version"] == "1.0.1"
    assert WHY in plan["cli"]["release_notes"]
    assert "retry once" in plan["api"]["release_notes"]
    assert "linked group" not in plan["api"]["release_notes"], "api has changes of its own"


def test_the_text_shows_why_under_release_notes(repo: GitRepo) -> None:
    text = run_regent("plan", str(repo.path)).stdout
    cli = text[text.index("== cli") :]
    notes = cli[cli.index("Release notes:") : cli.index("Files that would change:")]
    assert WHY in notes


def test_the_markdown_shows_why(repo: GitRepo) -> None:
    markdown = run_regent("plan", "--format", "markdown", str(repo.path)).stdout
    assert WHY in markdown[markdown.index("## cli") :]


def test_a_dependent_lists_its_requirements_and_its_linked_member_says_why(
    tmp_path: Path,
) -> None:
    """cli requires api (a dependent); web is linked with cli and requires nothing."""
    repo = GitRepo.create(tmp_path / "workspace")
    cli = {"name": "@acme/cli", "version": "0.3.0", "dependencies": {"@acme/api": "^1.2.0"}}
    repo.commit(
        "chore: import the workspace",
        files={
            ".release-regent.yml": (
                "components:\n"
                "  - {name: api, path: packages/api}\n"
                "  - {name: cli, path: packages/cli}\n"
                "  - {name: web, path: packages/web}\n"
                "linked: [[cli, web]]\n"
            ),
            "package.json": json.dumps({"private": True, "workspaces": ["packages/*"]}),
            "packages/api/package.json": json.dumps({"name": "@acme/api", "version": "1.2.0"}),
            "packages/cli/package.json": json.dumps(cli),
            "packages/web/package.json": json.dumps({"name": "@acme/web", "version": "0.3.0"}),
        },
    )
    for tag in ("api-v1.2.0", "cli-v0.3.0", "web-v0.3.0"):
        repo.tag(tag)
    repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    plan = {entry["name"]: entry for entry in plan_json(repo.path)["components"]}
    assert (plan["cli"]["next_version"], plan["web"]["next_version"]) == ("0.3.1", "0.3.1")
    assert "### Dependencies" in plan["cli"]["release_notes"]
    assert "linked group" not in plan["cli"]["release_notes"], "its Dependencies say why"
    assert (
        "No changes of its own: released with the linked group [cli, web] to keep one version."
        in plan["web"]["release_notes"]
    )
