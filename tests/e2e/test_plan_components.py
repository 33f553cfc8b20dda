"""``regent plan`` on a real monorepo: each component's next release, linked groups, and the
commits outside every component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, git, plan_json, run_regent

pytestmark = pytest.mark.e2e

CONFIG = """\
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
    """Two packages released as api-v1.0.0 and cli-v0.3.0."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit(
        "chore: import the packages",
        files={
            ".release-regent.yml": CONFIG,
            "packages/api/package.json": package("api", "1.0.0"),
            "packages/cli/package.json": package("cli", "0.3.0"),
        },
    )
    repo.tag("api-v1.0.0")
    repo.tag("cli-v0.3.0")
    return repo


def components(plan: dict[str, object]) -> dict[str, dict[str, object]]:
    found = plan["components"]
    assert isinstance(found, list)
    return {entry["name"]: entry for entry in found}


def shas(entry: dict[str, object]) -> list[str]:
    commits = entry["commits"]
    assert isinstance(commits, list)
    return [row["sha"] for row in commits]


def test_each_component_is_planned_from_its_own_tag_and_commits(repo: GitRepo) -> None:
    feat = repo.commit("feat: stream responses", files={"packages/api/stream.js": "1\n"})
    fix = repo.commit("fix: quote arguments", files={"packages/cli/args.py": "1\n"})
    docs = repo.commit("docs: explain the layout", files={"README.md": "layout\n"})
    both = repo.commit(
        "fix: share the retry helper",
        files={"packages/api/retry.js": "2\n", "packages/cli/retry.py": "2\n"},
    )
    plan = plan_json(repo.path)
    api, cli = components(plan)["api"], components(plan)["cli"]
    assert (api["current_version"], api["current_tag"]) == ("1.0.0", "api-v1.0.0")
    assert (api["next_version"], api["next_tag"], api["bump"]) == ("1.1.0", "api-v1.1.0", "minor")
    assert (cli["current_tag"], cli["next_version"], cli["bump"]) == (
        "cli-v0.3.0",
        "0.3.1",
        "patch",
    )
    assert shas(api) == [both, feat]
    assert shas(cli) == [both, fix]
    assert [row["sha"] for row in plan["outside"]] == [docs]
    assert api["path"] == "packages/api"
    assert api["files"] == [
        {"path": "packages/api/package.json", "old_version": "1.0.0", "new_version": "1.1.0"}
    ]
    assert "stream responses" in api["release_notes"]
    assert "quote arguments" not in api["release_notes"]


def test_every_component_has_the_single_plans_keys(repo: GitRepo) -> None:
    repo.commit("feat: a", files={"packages/api/a.js": "1\n"})
    single = GitRepo.create(repo.path.parent / "single")
    single.commit("feat: one package")
    one = plan_json(single.path)
    for entry in components(plan_json(repo.path)).values():
        assert set(entry) == {"name", "path", *one}


def test_a_component_with_nothing_new_has_no_next_version(repo: GitRepo) -> None:
    repo.commit("feat: a", files={"packages/api/a.js": "1\n"})
    cli = components(plan_json(repo.path))["cli"]
    assert (cli["next_version"], cli["next_tag"], cli["commits"]) == (None, None, [])
    assert cli["release_notes"] == ""
    assert cli["files"] == []


def test_a_range_starts_at_the_components_own_tag(repo: GitRepo) -> None:
    early = repo.commit("fix: early", files={"packages/api/x.js": "1\n", "packages/cli/x.py": "1"})
    repo.tag("cli-v0.3.1")
    late = repo.commit("feat: late", files={"packages/cli/y.py": "2\n"})
    plan = components(plan_json(repo.path))
    assert shas(plan["api"]) == [early]
    assert shas(plan["cli"]) == [late]
    assert (plan["cli"]["current_tag"], plan["cli"]["next_version"]) == ("cli-v0.3.1", "0.4.0")


def test_a_component_without_tags_starts_at_its_initial_version(repo: GitRepo) -> None:
    config = CONFIG + "  - name: web\n    path: packages/web\n    initial_version: 2.0.0\n"
    repo.commit(
        "feat: add the web app",
        files={".release-regent.yml": config, "packages/web/index.html": "<p>\n"},
    )
    web = components(plan_json(repo.path))["web"]
    assert (web["current_version"], web["next_version"], web["next_tag"]) == (
        None,
        "2.0.0",
        "web-v2.0.0",
    )


def test_a_scope_counts_for_its_component_when_asked(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", CONFIG + "scope_as_component: true\n")
    scoped = repo.commit("feat(cli): document the flags", files={"docs/cli.md": "flags\n"})
    plan = plan_json(repo.path)
    assert shas(components(plan)["cli"]) == [scoped]
    assert plan["outside"] == []


def test_a_linked_pair_shares_one_version(repo: GitRepo) -> None:
    repo.write(".release-regent.yml", CONFIG + "linked: [[api, cli]]\n")
    repo.commit("chore: link the packages")
    fix = repo.commit("fix: retry once", files={"packages/api/retry.js": "1\n"})
    plan = components(plan_json(repo.path))
    assert plan["api"]["next_version"] == plan["cli"]["next_version"] == "1.0.1"
    assert (plan["api"]["next_tag"], plan["cli"]["next_tag"]) == ("api-v1.0.1", "cli-v1.0.1")
    assert shas(plan["cli"]) == []
    assert "linked group [api, cli]" in plan["cli"]["reason"]
    assert shas(plan["api"]) == [fix]
    assert plan["cli"]["files"] == [
        {"path": "packages/cli/package.json", "old_version": "0.3.0", "new_version": "1.0.1"}
    ]


def test_text_and_markdown_show_one_block_per_component(repo: GitRepo) -> None:
    repo.commit("feat: stream", files={"packages/api/s.js": "1\n"})
    repo.commit("docs: readme", files={"README.md": "x\n"})
    text = run_regent("plan", str(repo.path))
    assert text.returncode == 0, text.stderr
    assert "== api (packages/api) ==\nCurrent version: 1.0.0 (api-v1.0.0)\n" in text.stdout
    assert "Next version:    1.1.0 (api-v1.1.0), minor bump" in text.stdout
    assert "== cli (packages/cli) ==" in text.stdout
    assert "== Outside every component (1 commit, bumping nothing) ==" in text.stdout
    markdown = run_regent("plan", str(repo.path), "--format", "markdown")
    assert markdown.stdout.startswith("## api 1.1.0\n\n### Features\n\n* stream")
    assert "## cli\n\nNothing to release.\n" in markdown.stdout


def test_release_as_is_refused_with_components(repo: GitRepo) -> None:
    done = run_regent("plan", str(repo.path), "--release-as", "2.0.0")
    assert done.returncode == 2
    assert "with components it is not built yet" in done.stderr


def test_one_git_log_reads_every_components_range(repo: GitRepo, tmp_path: Path) -> None:
    config = CONFIG + "".join(
        f"  - name: pkg{number}\n    path: packages/pkg{number}\n" for number in range(18)
    )
    repo.commit("chore: more packages", files={".release-regent.yml": config})
    repo.tag("pkg3-v1.0.0")
    for number in range(18):
        repo.commit(f"fix: pkg{number}", files={f"packages/pkg{number}/f": f"{number}\n"})
    trace = tmp_path / "git-trace"
    done = run_regent("plan", str(repo.path), "--format", "json", env={"GIT_TRACE": str(trace)})
    assert done.returncode == 0, done.stderr
    logs = [line for line in trace.read_text().splitlines() if "built-in: git log" in line]
    walks = [line for line in logs if "--name-only" in line]
    assert len(walks) == 1, logs
    earlier = [line for line in logs if "--format=%aE" in line]
    assert len(earlier) == 1, "first-time contributors: pkg3's history before its release"
    assert len(logs) == len(walks) + len(earlier), logs
    plan = components(json.loads(done.stdout))
    assert plan["pkg3"]["next_version"] == "1.0.1"
    assert plan["pkg4"]["next_version"] == "0.1.0"


def test_a_component_may_release_on_its_own_prerelease_channel(repo: GitRepo) -> None:
    config = CONFIG.replace("path: packages/cli\n", "path: packages/cli\n    prerelease: beta\n")
    repo.commit(
        "feat: both",
        files={".release-regent.yml": config, "packages/api/a": "1\n", "packages/cli/c": "1\n"},
    )
    plan = components(plan_json(repo.path))
    assert (plan["api"]["next_version"], plan["cli"]["next_version"]) == ("1.1.0", "0.4.0-beta.1")
    everything = components(plan_json(repo.path, "--prerelease", "rc"))
    assert everything["api"]["next_version"] == "1.1.0-rc.1"
    stable = components(plan_json(repo.path, "--prerelease", "none"))
    assert stable["cli"]["next_version"] == "0.4.0"


def test_a_repository_without_commits_has_nothing_to_release(tmp_path: Path) -> None:
    empty = GitRepo.create(tmp_path / "empty")
    empty.write(".release-regent.yml", CONFIG)
    plan = plan_json(empty.path)
    assert [entry["next_version"] for entry in plan["components"]] == [None, None]
    assert plan["outside"] == []


def test_components_with_their_own_bump_rules_read_the_same_walk(repo: GitRepo) -> None:
    config = CONFIG.replace(
        "path: packages/cli\n", "path: packages/cli\n    bump: {types: {docs: patch}}\n"
    )
    repo.commit("chore: cli releases docs", files={".release-regent.yml": config})
    api_docs = repo.commit("docs: api guide", files={"packages/api/GUIDE.md": "1\n"})
    cli_docs = repo.commit("docs: cli guide", files={"packages/cli/GUIDE.md": "1\n"})
    plan = plan_json(repo.path)
    api, cli = components(plan)["api"], components(plan)["cli"]
    assert (api["next_version"], shas(api)) == (None, [api_docs])
    assert (cli["next_version"], shas(cli)) == ("0.3.1", [cli_docs])
    assert len(plan["outside"]) == 1  # the configuration change


def test_a_shallow_clone_is_planned_as_it_is_and_says_so(repo: GitRepo, tmp_path: Path) -> None:
    for number in range(4):
        repo.commit(f"fix: api {number}", files={f"packages/api/{number}": "1\n"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "2", f"file://{repo.path}", str(clone))
    api = components(plan_json(clone))["api"]
    assert len(api["commits"]) == 2
    assert api["range"]["shallow_at"] == [shas(api)[-1]]
