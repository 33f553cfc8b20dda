"""`regent plan` on real histories: merges, reverts, cherry-picks, shallow clones, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, git, plan_json, run_regent

pytestmark = pytest.mark.e2e


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial import")
    repo.tag("v1.0.0")
    return repo


def by_sha(plan: dict[str, object], sha: str) -> dict[str, object]:
    commits = plan["commits"]
    assert isinstance(commits, list)
    return next(c for c in commits if c["sha"] == sha)


def test_github_merge_commit_is_not_an_entry_but_its_commits_are(repo: GitRepo) -> None:
    repo.branch("feature/login")
    one = repo.commit("feat(auth): log in with passkeys")
    two = repo.commit("fix(auth): keep the session")
    repo.checkout("main")
    merge = repo.merge_pr("feature/login", number=12, title="feat(auth): passkeys")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.1.0"
    assert by_sha(plan, merge)["included"] is False
    assert "merge commit" in str(by_sha(plan, merge)["note"])
    assert by_sha(plan, one)["pr"] == 12
    assert by_sha(plan, two)["pr"] == 12
    notes = plan["release_notes"]
    assert notes.count("log in with passkeys") == 1
    assert "**auth:** passkeys" not in notes


def test_squash_commit_links_its_pull_request(repo: GitRepo) -> None:
    sha = repo.commit("feat(ui): dark mode (#34)\n\n* first try\n* second try")
    plan = plan_json(repo.path)
    row = by_sha(plan, sha)
    assert (row["pr"], row["description"], row["scope"]) == (34, "dark mode", "ui")
    assert "dark mode (#34)" in plan["release_notes"]


def test_revert_inside_the_range_cancels_both(repo: GitRepo) -> None:
    feature = repo.commit("feat: risky thing")
    revert = repo.revert(feature)
    plan = plan_json(repo.path)
    assert plan["next_version"] is None
    assert by_sha(plan, feature)["effect"] == "cancelled"
    assert by_sha(plan, revert)["effect"] == "cancelled"
    assert "risky thing" not in plan["release_notes"]


def test_revert_of_a_revert_restores_the_change(repo: GitRepo) -> None:
    feature = repo.commit("feat: risky thing")
    first = repo.revert(feature)
    repo.revert(first)
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.1.0"
    assert by_sha(plan, feature)["included"] is True
    assert plan["release_notes"].count("risky thing") == 1


def test_conventional_revert_type_inside_the_range(repo: GitRepo) -> None:
    repo.commit("feat(api): new endpoint (#5)")
    repo.commit('revert: "feat(api): new endpoint (#5)"\n\nIt broke clients.')
    assert plan_json(repo.path)["next_version"] is None


def test_revert_of_a_released_change_is_a_patch_in_reverts(repo: GitRepo) -> None:
    released = repo.commit("feat: risky thing")
    repo.tag("v1.1.0")
    revert = repo.revert(released)
    plan = plan_json(repo.path)
    assert (plan["next_version"], plan["bump"]) == ("1.1.1", "patch")
    assert by_sha(plan, revert)["included"] is True
    assert "### Reverts" in plan["release_notes"]
    assert "risky thing" in plan["release_notes"]


def test_cherry_pick_of_a_commit_in_range_is_counted_once(repo: GitRepo) -> None:
    repo.branch("hotfix")
    original = repo.commit("fix: the crash")
    repo.checkout("main")
    picked = repo.cherry_pick(original)
    repo.merge_pr("hotfix", number=7)
    plan = plan_json(repo.path)
    assert plan["release_notes"].count("the crash") == 1
    assert by_sha(plan, picked)["effect"] == "skipped"
    assert "cherry-pick" in str(by_sha(plan, picked)["note"])


def test_non_conventional_commits_are_skipped_with_the_reason(repo: GitRepo) -> None:
    sha = repo.commit("Update README.md")
    plan = plan_json(repo.path)
    row = by_sha(plan, sha)
    assert (row["effect"], row["included"]) == ("skipped", False)
    assert "not a Conventional Commit" in str(row["note"])


def test_strict_and_lenient_parsing(repo: GitRepo) -> None:
    sha = repo.commit("feat: squeezed\nno blank line after the header")
    assert by_sha(plan_json(repo.path), sha)["effect"] == "skipped"
    repo.write(".release-regent.yml", "commit_parsing: lenient\n")
    assert by_sha(plan_json(repo.path), sha)["effect"] == "counted"


def test_template_syntax_in_a_commit_message_is_rendered_literally(repo: GitRepo) -> None:
    repo.commit("feat: show {{ 7*7 }} and {% raw %} as typed")
    notes = run_regent("plan", str(repo.path), "--format", "markdown").stdout
    assert "show {{ 7*7 }} and" in notes
    assert "show 49" not in notes
    assert "{% raw %}" in notes


def test_markdown_format_is_the_release_notes_then_the_changelog_entry(repo: GitRepo) -> None:
    git(repo.path, "remote", "add", "origin", "https://github.com/acme/widget.git")
    sha = repo.commit("feat(api): add widgets (#3)\n\nCloses #2")
    result = run_regent("plan", str(repo.path), "--format", "markdown")
    assert result.returncode == 0
    entry = (
        "### Features\n\n"
        "* **api:** add widgets ([#3](https://github.com/acme/widget/pull/3)) "
        f"([{sha[:7]}](https://github.com/acme/widget/commit/{sha}))"
    )
    heading = "## [1.1.0](https://github.com/acme/widget/compare/v1.0.0...v1.1.0) (2026-09-21)"
    plan = plan_json(repo.path)
    assert plan["release_notes"].startswith(entry)
    assert plan["changelog"].startswith(f"{heading}\n\n{entry}")
    notes = plan["release_notes"].rstrip()
    assert result.stdout == f"{notes}\n\n<!-- CHANGELOG.md -->\n{plan['changelog']}"


def test_text_format_explains_the_decision(repo: GitRepo) -> None:
    repo.commit("feat: a")
    repo.commit("Update docs")
    repo.write("pyproject.toml", '[project]\nname = "w"\nversion = "1.0.0"\n')
    repo.commit("chore: add pyproject")
    text = run_regent("plan", str(repo.path)).stdout
    assert "Current version: 1.0.0 (v1.0.0)" in text
    assert "Next version:    1.1.0 (v1.1.0), minor bump" in text
    assert "  that bump the version (1):" in text
    assert "  and 2 commits that do not bump: chore 1, skipped 1" in text
    assert "pyproject.toml: 1.0.0 -> 1.1.0" in text
    assert "CHANGELOG.md" in text


def test_shallow_clone_is_deepened_with_deepen(repo: GitRepo, tmp_path: Path) -> None:
    for number in range(5):
        repo.commit(f"fix: bug {number}")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo.path}", str(clone))
    result = run_regent("plan", str(clone), "--format", "json", "--deepen")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["next_version"] == "1.0.1"
    assert "shallow" in result.stderr
    assert git(clone, "rev-parse", "--is-shallow-repository") == "false"


def test_shallow_clone_without_a_remote_says_how_to_fix_it(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("fix: bug")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo.path}", str(clone))
    git(clone, "remote", "remove", "origin")
    result = run_regent("plan", str(clone), "--deepen")
    assert result.returncode == 1
    assert "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_repository_is_a_clear_failure(tmp_path: Path) -> None:
    result = run_regent("plan", str(tmp_path))
    assert result.returncode == 1
    assert "not inside a git repository" in result.stderr


def test_broken_config_exits_2_naming_the_file_and_key(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "version_schme: semver\n")
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 2
    assert ".release-regent.yml:1" in result.stderr
    assert "version_scheme" in result.stderr
