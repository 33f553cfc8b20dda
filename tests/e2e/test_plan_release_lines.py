"""`regent plan` on a maintenance branch and a prerelease branch (issue 15): a version tagged on
another branch is never proposed, a version outside the line's range is refused with the reason
and what to do, and a prerelease branch proposes its channel's versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e

LINES = 'base_branches: [main, "release/*"]\n'


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: ``v1.0.0``, then ``release/1.x`` branched; main moves on to ``v1.1.0``."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.write(".release-regent.yml", LINES)
    repo.commit("chore: initial import")
    repo.tag("v1.0.0")
    repo.branch("release/1.x")
    repo.checkout("main")
    repo.commit("feat: a knob")
    repo.tag("v1.1.0")
    repo.checkout("release/1.x")
    return repo


def refused(repo: GitRepo) -> str:
    result = run_regent("plan", str(repo.path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    return result.stderr


def test_a_fix_on_the_maintenance_line_releases_the_next_patch(repo: GitRepo) -> None:
    repo.commit("fix: a backport")
    plan = plan_json(repo.path)
    assert (plan["current_version"], plan["next_version"]) == ("1.0.0", "1.0.1")


def test_a_feature_is_not_given_the_version_main_already_released(repo: GitRepo) -> None:
    repo.commit("feat: a backported knob")
    assert refused(repo) == (
        "regent: error: 1.1.0 cannot be released from release/1.x: the tag v1.1.0 already "
        "exists in the repository (on a commit outside release/1.x's history); release 1.0.1 "
        "instead, the next free patch (a Release-As footer, `regent plan --release-as`, or "
        "`!set-version` on the release PR)\n"
    )


def test_the_same_clash_is_refused_without_a_range(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "base_branches: [main, maint]\n")
    repo.branch("maint")
    repo.commit("feat: a backported knob")
    error = refused(repo)
    assert "the tag v1.1.0 already exists" in error
    assert "release 1.2.0 instead, the next free minor" in error
    assert "or give the branch a range (1.x, 1.2.x)" in error


def test_a_pinned_free_version_is_released(repo: GitRepo) -> None:
    repo.commit("feat: a backported knob")
    plan = plan_json(repo.path, "--release-as", "1.0.1")
    assert plan["next_version"] == "1.0.1"


def test_a_breaking_change_leaves_the_range_and_is_refused(repo: GitRepo) -> None:
    repo.commit("feat!: drop the old knob")
    error = refused(repo)
    assert error.startswith(
        "regent: error: 2.0.0 is outside release/1.x's range 1.x: the line releases only 1.x "
        "versions (features and fixes; a breaking change leaves it); release 1.0.1 instead"
    )


def test_a_patch_line_refuses_a_feature(repo: GitRepo) -> None:
    repo.write(
        ".release-regent.yml",
        "base_branches: [main, {name: release/1.x, range: 1.0.x}]\n",
    )
    repo.commit("feat: not for a patch line")
    error = refused(repo)
    assert "1.1.0 is outside release/1.x's range 1.0.x: the line releases only 1.0.x " in error
    assert "(fixes; a feature or a breaking change leaves it)" in error


def test_a_prerelease_branch_proposes_its_channel(repo: GitRepo) -> None:
    repo.checkout("main")
    repo.write(
        ".release-regent.yml",
        "base_branches: [main, {name: next, prerelease: rc}]\n",
    )
    repo.branch("next")
    repo.commit("feat: a preview")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.2.0-rc.1"
    repo.checkout("main")
    repo.commit("feat: on main")
    assert plan_json(repo.path)["next_version"] == "1.2.0"


def test_a_prerelease_of_a_version_main_released_is_refused(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "base_branches: [main, {name: next, prerelease: rc}]\n")
    repo.branch("next", start="v1.0.0")
    repo.commit("feat: a preview")
    error = refused(repo)
    assert error == (
        "regent: error: 1.1.0-rc.1 cannot be released from next: v1.1.0 is already released, so "
        "a prerelease of it would sort below it; merge the branch that released v1.1.0 into "
        "next, and its next prerelease follows it\n"
    )


def test_a_line_starts_after_its_own_since(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "fresh")
    repo.commit("feat: long ago")
    start = repo.commit("chore: adopt release regent")
    repo.write(".release-regent.yml", f"base_branches: [{{name: main, since: {start}}}]\n")
    repo.commit("fix: after adopting")
    plan = plan_json(repo.path)
    assert (plan["range"]["start"], plan["range"]["commit"]) == ("since", start)
    assert [row["description"] for row in plan["commits"]] == ["after adopting"]
