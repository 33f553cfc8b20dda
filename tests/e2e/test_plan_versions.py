"""`regent plan --format json` on real repositories: versions, bumps, prereleases and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, plan_json, run_regent

pytestmark = pytest.mark.e2e


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.create(tmp_path / "repo")


def released(repo: GitRepo, tag: str) -> GitRepo:
    repo.commit("chore: initial import")
    repo.tag(tag)
    return repo


def test_empty_repository_has_nothing_to_release(repo: GitRepo) -> None:
    plan = plan_json(repo.path)
    assert plan["current_version"] is None
    assert plan["next_version"] is None
    assert plan["bump"] == "none"
    assert plan["commits"] == []


def test_first_release_is_the_initial_version(repo: GitRepo) -> None:
    repo.commit("feat: first feature")
    plan = plan_json(repo.path)
    assert (plan["current_version"], plan["current_tag"]) == (None, None)
    assert (plan["next_version"], plan["next_tag"]) == ("0.1.0", "v0.1.0")


def test_initial_version_comes_from_config(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "initial_version: 1.0.0\n")
    repo.commit("fix: something")
    assert plan_json(repo.path)["next_version"] == "1.0.0"


def test_no_tags_and_only_chores_releases_nothing(repo: GitRepo) -> None:
    repo.commit("chore: tidy")
    repo.commit("docs: explain")
    plan = plan_json(repo.path)
    assert plan["next_version"] is None
    assert [c["included"] for c in plan["commits"]] == [False, False]
    assert "asks for a release" in plan["reason"]


@pytest.mark.parametrize(
    ("message", "expected", "bump"),
    [
        pytest.param("fix: repair", "1.2.4", "patch", id="fix-patch"),
        pytest.param("perf: faster", "1.2.4", "patch", id="perf-patch"),
        pytest.param("feat: add", "1.3.0", "minor", id="feat-minor"),
        pytest.param("feat!: drop api", "2.0.0", "major", id="bang-major"),
        pytest.param(
            "fix: x\n\nBREAKING CHANGE: the api went away", "2.0.0", "major", id="footer-major"
        ),
        pytest.param("refactor!: rename everything", "2.0.0", "major", id="hidden-type-breaking"),
    ],
)
def test_bump_after_a_stable_release(repo: GitRepo, message: str, expected: str, bump: str) -> None:
    released(repo, "v1.2.3")
    repo.commit(message)
    plan = plan_json(repo.path)
    assert (plan["current_version"], plan["next_version"], plan["bump"]) == (
        "1.2.3",
        expected,
        bump,
    )


def test_bump_is_the_maximum_over_commits(repo: GitRepo) -> None:
    released(repo, "v1.2.3")
    repo.commit("fix: one")
    feature = repo.commit("feat: two")
    repo.commit("docs: three")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.3.0"
    assert feature[:7] in plan["reason"]


@pytest.mark.parametrize(
    ("config", "message", "expected"),
    [
        pytest.param("", "feat!: break", "0.4.0", id="breaking-bumps-minor"),
        pytest.param("", "feat: add", "0.4.0", id="feature-bumps-minor"),
        pytest.param("", "fix: repair", "0.3.1", id="fix-bumps-patch"),
        pytest.param(
            "bump:\n  breaking_before_1_0: major\n",
            "feat!: break",
            "1.0.0",
            id="breaking-major-opt-in",
        ),
        pytest.param(
            "bump:\n  feature_before_1_0: patch\n", "feat: add", "0.3.1", id="feature-patch-opt-in"
        ),
    ],
)
def test_rules_before_1_0(repo: GitRepo, config: str, message: str, expected: str) -> None:
    if config:
        repo.write(".release-regent.yml", config)
    released(repo, "v0.3.0")
    repo.commit(message)
    assert plan_json(repo.path)["next_version"] == expected


def test_custom_type_bumps(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "bump:\n  types:\n    docs: patch\n    perf: none\n")
    released(repo, "v1.0.0")
    repo.commit("perf: faster")
    assert plan_json(repo.path)["next_version"] is None
    repo.commit("docs: explain")
    assert plan_json(repo.path)["next_version"] == "1.0.1"


def test_prerelease_cycle_then_graduation(repo: GitRepo) -> None:
    released(repo, "v1.2.0")
    repo.commit("feat: shiny")
    first = plan_json(repo.path, "--prerelease", "rc")
    assert (first["next_version"], first["bump"], first["next_tag"]) == (
        "1.3.0-rc.1",
        "minor",
        "v1.3.0-rc.1",
    )
    repo.tag("v1.3.0-rc.1")
    assert plan_json(repo.path, "--prerelease", "rc")["next_version"] is None
    repo.commit("fix: polish")
    second = plan_json(repo.path, "--prerelease", "rc")
    assert (second["current_version"], second["next_version"], second["bump"]) == (
        "1.3.0-rc.1",
        "1.3.0-rc.2",
        "prerelease",
    )
    assert "polish" in second["release_notes"]
    assert "shiny" not in second["release_notes"]
    repo.tag("v1.3.0-rc.2")
    final = plan_json(repo.path)
    assert (final["current_version"], final["next_version"], final["bump"]) == (
        "1.3.0-rc.2",
        "1.3.0",
        "minor",
    )
    assert "shiny" in final["release_notes"]
    assert "polish" in final["release_notes"]


def test_breaking_change_during_prerelease_moves_to_next_major(repo: GitRepo) -> None:
    released(repo, "v1.2.0")
    repo.commit("feat: shiny")
    repo.tag("v1.3.0-rc.1")
    repo.commit("feat!: rework")
    assert plan_json(repo.path, "--prerelease", "rc")["next_version"] == "2.0.0-rc.1"


def test_prerelease_channel_from_config(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "prerelease: beta\n")
    released(repo, "v2.0.0")
    repo.commit("fix: bug")
    assert plan_json(repo.path)["next_version"] == "2.0.1-beta.1"
    assert plan_json(repo.path, "--prerelease", "none")["next_version"] == "2.0.1"


def test_release_as_footer_forces_the_version(repo: GitRepo) -> None:
    released(repo, "v1.2.3")
    sha = repo.commit("chore: prepare the big one\n\nRelease-As: 2.0.0")
    plan = plan_json(repo.path)
    assert (plan["next_version"], plan["bump"]) == ("2.0.0", "major")
    assert plan["override"] == {"version": "2.0.0", "source": f"Release-As footer of {sha[:7]}"}


def test_release_as_footer_is_one_shot(repo: GitRepo) -> None:
    released(repo, "v1.2.3")
    repo.commit("chore: prepare\n\nrelease-as: 2.0.0")
    repo.tag("v2.0.0")
    repo.commit("fix: after")
    assert plan_json(repo.path)["next_version"] == "2.0.1"


def test_release_as_footer_below_current_is_ignored_with_a_reason(repo: GitRepo) -> None:
    released(repo, "v1.2.3")
    repo.commit("fix: x\n\nRelease-As: 1.0.0")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.2.4"
    assert "ignored" in plan["reason"]


def test_release_as_option_overrides_everything(repo: GitRepo) -> None:
    released(repo, "v1.2.3")
    repo.commit("fix: x\n\nRelease-As: 3.0.0")
    plan = plan_json(repo.path, "--release-as", "5.0.0")
    assert plan["next_version"] == "5.0.0"
    assert plan["override"]["source"] == "--release-as option"


@pytest.mark.parametrize(
    ("version", "needle"),
    [
        pytest.param("1.0.0", "not above", id="below-current"),
        pytest.param("banana", "banana", id="not-semver"),
    ],
)
def test_bad_release_as_option_is_a_usage_error(repo: GitRepo, version: str, needle: str) -> None:
    released(repo, "v1.2.3")
    repo.commit("fix: x")
    result = run_regent("plan", str(repo.path), "--release-as", version)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_highest_ancestor_tag_wins_and_unparsable_tags_are_ignored(repo: GitRepo) -> None:
    repo.commit("feat: a")
    repo.tag("v1.0.0")
    repo.commit("feat: b")
    repo.tag("v1.10.0", annotated=True)
    repo.tag("v1.9.0")
    repo.tag("v2-beta")
    repo.tag("latest")
    repo.branch("side")
    repo.commit("feat: on a side branch")
    repo.tag("v9.0.0")
    repo.checkout("main")
    repo.commit("fix: c")
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"]) == ("v1.10.0", "1.10.1")


def test_custom_tag_template(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "tag_template: 'release-{version}'\n")
    repo.commit("feat: a")
    repo.tag("v5.0.0")
    repo.tag("release-1.1.0")
    repo.commit("fix: b")
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_tag"]) == ("release-1.1.0", "release-1.1.1")


def test_detached_head(repo: GitRepo) -> None:
    released(repo, "v1.0.0")
    repo.commit("feat: a")
    repo.checkout(repo.head())
    assert plan_json(repo.path)["next_version"] == "1.1.0"


def test_pep440_scheme(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", "version_scheme: pep440\n")
    released(repo, "v1.2.0")
    repo.commit("feat: a")
    assert plan_json(repo.path, "--prerelease", "rc")["next_version"] == "1.3.0rc1"
    repo.tag("v1.3.0rc1")
    repo.commit("fix: b")
    assert plan_json(repo.path, "--prerelease", "rc")["next_version"] == "1.3.0rc2"
    assert plan_json(repo.path)["next_version"] == "1.3.0"


def test_prerelease_tag_on_another_branch_is_not_current(repo: GitRepo) -> None:
    released(repo, "v1.0.0")
    repo.branch("next")
    repo.commit("feat!: experiment")
    repo.tag("v2.0.0-rc.1")
    repo.checkout("main")
    repo.commit("fix: bug")
    plan = plan_json(repo.path, "--prerelease", "rc")
    assert (plan["current_tag"], plan["next_version"]) == ("v1.0.0", "1.0.1-rc.1")


def test_stable_tag_on_another_branch_falls_back_to_the_ancestors(repo: GitRepo) -> None:
    released(repo, "v1.0.0")
    repo.branch("maintenance")
    repo.checkout("main")
    repo.commit("feat!: v2 work")
    repo.tag("v2.0.0")
    repo.checkout("maintenance")
    repo.commit("fix: backport")
    plan = plan_json(repo.path)
    assert (plan["current_tag"], plan["next_version"]) == ("v1.0.0", "1.0.1")
    assert [c["description"] for c in plan["commits"]] == ["backport"]
