"""`regent plan` on real repositories: scoped bump rules, `since`, shallow clones, ignored tags."""

from __future__ import annotations

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


def test_a_scoped_bump_rule_releases_dependency_updates(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", 'bump:\n  types:\n    "chore(deps)": patch\n')
    repo.commit("chore: tidy the build")
    deps = repo.commit("chore(deps): bump requests to 2.32.3 (#40)")
    plan = plan_json(repo.path)
    assert plan["next_version"] == "1.0.1"
    assert deps[:7] in plan["reason"]
    rows = {row["sha"]: row for row in plan["commits"]}
    assert rows[deps]["bump"] == "patch"


def shallow_clone(repo: GitRepo, tmp_path: Path, *, depth: int = 2) -> Path:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", str(depth), f"file://{repo.path}", str(clone))
    return clone


def test_plan_on_a_shallow_clone_fetches_nothing_and_says_what_it_cannot_see(
    repo: GitRepo, tmp_path: Path
) -> None:
    for number in range(5):
        repo.commit(f"fix: bug {number}")
    clone = shallow_clone(repo, tmp_path)
    boundary = (clone / ".git" / "shallow").read_text()
    repo.path.rename(tmp_path / "remote-gone")  # any fetch from origin would now fail
    text = run_regent("plan", str(clone))
    assert text.returncode == 0, text.stderr
    plan = plan_json(clone)
    assert (clone / ".git" / "shallow").read_text() == boundary
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    cut = boundary.split()[0]
    assert plan["range"]["shallow_at"] == [cut]
    assert plan["range"]["start"] == "root"
    assert len(plan["commits"]) == 2
    assert f"shallow clone: history before {cut[:7]} is not visible" in plan["notices"][0]
    assert "regent plan --deepen" in text.stdout
    assert f"history before {cut[:7]}" in text.stdout
    assert "in the visible history" in plan["reason"]


def test_plan_on_a_shallow_clone_that_holds_the_tag_says_nothing_is_missing(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("feat: before the release")
    repo.tag("v1.1.0")
    repo.commit("fix: bug")
    clone = shallow_clone(repo, tmp_path)
    assert (clone / ".git" / "shallow").exists()
    plan = plan_json(clone)
    assert plan["range"] == {
        "start": "tag",
        "commit": git(repo.path, "rev-parse", "v1.1.0"),
        "tag": "v1.1.0",
        "since": None,
        "since_source": None,
        "shallow_at": [],
    }
    assert plan["notices"] == []
    assert plan["next_version"] == "1.1.1"


@pytest.fixture
def untagged(tmp_path: Path) -> GitRepo:
    """Years of history and no release tag yet."""
    repo = GitRepo.create(tmp_path / "untagged")
    for number in range(6):
        repo.commit(f"feat: ancient feature {number}")
    return repo


def test_since_in_config_starts_the_first_release_after_that_commit(untagged: GitRepo) -> None:
    start = untagged.commit("chore: adopt release regent")
    git(untagged.path, "tag", "adopted", start)
    untagged.write(".release-regent.yml", "since: adopted\n")
    fix = untagged.commit("fix: first fix after adopting")
    plan = plan_json(untagged.path)
    assert [row["sha"] for row in plan["commits"]] == [fix]
    assert plan["range"]["start"] == "since"
    assert plan["range"]["commit"] == start
    assert plan["range"]["since"] == "adopted"
    assert plan["range"]["since_source"] == "the since setting"
    assert "ancient feature" not in plan["release_notes"]
    assert plan["next_version"] == "0.1.0"
    assert f"since {start[:7]}" in plan["reason"]
    assert f"the commits after {start[:7]} only, from the since setting (adopted)" in plan["reason"]
    text = run_regent("plan", str(untagged.path)).stdout
    assert "No release tag yet: the commits after" in text


def test_since_option_overrides_the_setting(untagged: GitRepo) -> None:
    untagged.write(".release-regent.yml", "since: HEAD~5\n")
    untagged.commit("fix: one")
    plan = plan_json(untagged.path, "--since", "HEAD~1")
    assert len(plan["commits"]) == 1
    assert plan["range"]["since_source"] == "the --since option"


def test_a_release_tag_wins_over_since_and_the_plan_says_so(untagged: GitRepo) -> None:
    untagged.tag("v1.0.0")
    fix = untagged.commit(
        "fix: after the release", files={".release-regent.yml": "since: HEAD~4\n"}
    )
    plan = plan_json(untagged.path)
    assert [row["sha"] for row in plan["commits"]] == [fix]
    assert plan["range"]["start"] == "tag"
    assert plan["notices"] == [
        "the since setting (HEAD~4) is not used: the release tag v1.0.0 starts the range "
        "(a release tag always wins)"
    ]


@pytest.mark.parametrize(
    ("config", "option", "expected"),
    [
        pytest.param("since: no-such-ref\n", (), "since: 'no-such-ref' names no commit", id="set"),
        pytest.param("", ("--since", "v9.9.9"), "--since: 'v9.9.9' names no commit", id="option"),
        pytest.param("", ("--since", "side"), "is not an ancestor of the commit", id="elsewhere"),
        pytest.param("since: --output=x\n", (), "since: '--output=x' is not a commit", id="dash"),
    ],
)
def test_a_since_that_names_no_commit_of_the_branch_is_bad_usage(
    untagged: GitRepo, config: str, option: tuple[str, ...], expected: str
) -> None:
    untagged.branch("side")
    untagged.commit("feat: elsewhere")
    untagged.checkout("main")
    untagged.write(".release-regent.yml", config)
    result = run_regent("plan", str(untagged.path), *option)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_tags_the_scheme_cannot_read_are_counted_and_named(untagged: GitRepo) -> None:
    for name in ("v0.9.0b1", "v0.9.0rc1", "v0.9.0.post1", "v0.8.0a1", "v0.7.0.dev3", "v0.6.0b2"):
        untagged.tag(name)
    untagged.commit("fix: a bug")
    plan = plan_json(untagged.path)
    assert plan["ignored_tags"] == {
        "count": 6,
        "names": ["v0.6.0b2", "v0.7.0.dev3", "v0.8.0a1", "v0.9.0.post1", "v0.9.0b1"],
        "scheme": "semver",
        "suggested_scheme": "pep440",
    }
    assert plan["notices"] == [
        "6 tags ignored: not semver (v0.6.0b2, v0.7.0.dev3, v0.8.0a1, v0.9.0.post1, v0.9.0b1 "
        "and 1 more); did you mean version_scheme: pep440?"
    ]
    text = run_regent("plan", str(untagged.path)).stdout
    assert "6 tags ignored: not semver" in text
    untagged.write(".release-regent.yml", "version_scheme: pep440\n")
    again = plan_json(untagged.path)
    assert again["ignored_tags"] is None
    assert again["current_version"] == "0.9.0.post1"


def test_a_clean_repository_has_no_ignored_tags(repo: GitRepo) -> None:
    repo.commit("fix: a bug")
    plan = plan_json(repo.path)
    assert plan["ignored_tags"] is None
    assert plan["notices"] == []


def test_a_since_a_shallow_clone_does_not_hold_says_to_deepen(
    untagged: GitRepo, tmp_path: Path
) -> None:
    start = untagged.commit("chore: adopt release regent")
    untagged.commit("fix: a bug", files={".release-regent.yml": f"since: {start}\n"})
    untagged.commit("fix: another bug")
    clone = shallow_clone(untagged, tmp_path)
    result = run_regent("plan", str(clone))
    assert result.returncode == 2
    assert f"since: '{start}' names no commit" in result.stderr
    assert "this clone is shallow" in result.stderr
    assert "regent plan --deepen" in result.stderr
    deepened = plan_json(clone, "--deepen")
    assert deepened["range"]["commit"] == start
