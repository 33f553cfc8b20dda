"""``regent plan`` of a monorepo on a clone of a repository on the GitHub simulator: a merged
pull request's BEGIN_COMMIT_OVERRIDE block and bump floor label apply to the components its
commits belong to (a squash commit's files, a merge commit's branch commits), read with one
listing of the merged pull requests; without a token each component says they were not read."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from regent.core.pull_steering import PULLS_NOT_READ
from tests.github_sim.client import DEFAULT_TOKEN, SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git, run_regent
from tests.remote import REPO, seed

__all__ = ["sim"]

pytestmark = pytest.mark.e2e

API = f"/repos/{REPO.full_name}"
CONFIG = """\
components:
  - name: api
    path: packages/api
  - name: cli
    path: packages/cli
  - name: web
    path: packages/web
"""


def land(
    client: SimClient,
    work: GitRepo,
    git_dir: Path,
    *,
    branch: str,
    commits: list[tuple[str, str]],
    method: str,
    body: str = "",
    labels: tuple[str, ...] = (),
) -> int:
    """Push ``branch`` (one commit per message and file, off main), open its PR and merge it
    by ``method``."""
    git(work.path, "checkout", "--quiet", "-B", branch, "main")
    for message, path in commits:
        work.commit(message, files={path: message})
    git(work.path, "push", "--quiet", str(git_dir), f"+{branch}:refs/heads/{branch}")
    work.checkout("main")
    opened = client.post(
        f"{API}/pulls", {"title": commits[0][0], "head": branch, "base": "main", "body": body}
    )
    assert opened.status == 201, opened.body
    number = int(opened.body["number"])
    if labels:
        labelled = client.post(f"{API}/issues/{number}/labels", {"labels": list(labels)})
        assert labelled.status == 200, labelled.body
    merged = client.post(f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge", {"method": method})
    assert merged.status in (200, 201), merged.body
    git(work.path, "pull", "--quiet", "--ff-only", str(git_dir), "main")
    return number


@pytest.fixture
def clone(sim: SimServer, tmp_path: Path) -> Path:
    """Three components released at 1.0.0, then: #1 squash-merged into api with an override
    block, #2 merged (a merge commit) into cli with an override block and a minor floor, #3
    squash-merged into web and README.md with a major floor; cloned."""
    client = SimClient(sim.url)
    work, _, _ = seed(tmp_path / "work")
    work.commit("chore: components", files={".release-regent.yml": CONFIG})
    for name in ("api", "cli", "web"):
        work.tag(f"{name}-v1.0.0")
    git_dir = client.create_repo(REPO.full_name, work.path)
    override = "BEGIN_COMMIT_OVERRIDE\n{}\nEND_COMMIT_OVERRIDE\n"
    land(
        client,
        work,
        git_dir,
        branch="words",
        commits=[("fix: typo", "packages/api/words.txt")],
        method="squash",
        body=override.format("feat: check every word"),
    )
    land(
        client,
        work,
        git_dir,
        branch="quote",
        commits=[("wip", "packages/cli/args.py"), ("more wip", "packages/cli/quote.py")],
        method="merge",
        body=override.format("fix(cli): quote arguments"),
        labels=("release-regent: bump-minor",),
    )
    land(
        client,
        work,
        git_dir,
        branch="theme",
        commits=[("fix: dark theme", "packages/web/theme.css"), ("docs: theme", "README.md")],
        method="squash",
        labels=("release-regent: bump-major",),
    )
    client.delete("/_sim/requests")
    checkout = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(git_dir), str(checkout))
    return checkout


def plan(checkout: Path, *args: str) -> dict[str, dict[str, Any]]:
    quiet = {key: "" for key in os.environ if "TOKEN" in key}
    result = run_regent(
        "plan",
        str(checkout),
        "--format",
        "json",
        *args,
        env={**quiet, "REGENT_GITHUB_THROTTLE": "off"},
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return {entry["name"]: entry for entry in data["components"]}


def counted(entry: dict[str, Any]) -> list[tuple[str | None, str, int | None]]:
    return [
        (c["type"], c["description"], c["pr"])
        for c in reversed(entry["commits"])
        if c["effect"] == "counted"
    ]


def requests(sim: SimServer) -> list[str]:
    return [
        f"{e['method']} {e['operation_id']}" for e in SimClient(sim.url).get("/_sim/requests").body
    ]


def test_without_a_token_every_component_says_the_pull_requests_were_not_read(
    clone: Path, sim: SimServer
) -> None:
    found = plan(clone)
    assert {name: entry["next_version"] for name, entry in found.items()} == {
        "api": "1.0.1",
        "cli": None,
        "web": "1.0.1",
    }
    assert {entry["skipped"] for entry in found.values()} == {PULLS_NOT_READ}
    assert requests(sim) == []


def test_with_a_token_overrides_and_floors_steer_the_components_of_their_commits(
    clone: Path, sim: SimServer
) -> None:
    access = ("--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url)
    found = plan(clone, *access)
    api, cli, web = found["api"], found["cli"], found["web"]
    assert counted(api) == [("feat", "check every word", 1)]
    assert api["next_version"] == "1.1.0"
    assert counted(cli) == [("fix", "quote arguments", 2)]
    assert cli["next_version"] == "1.1.0"
    assert "raised to minor by #2 (release-regent: bump-minor)" in cli["reason"]
    assert web["next_version"] == "2.0.0"
    assert "raised to major by #3 (release-regent: bump-major)" in web["reason"]
    assert {entry["skipped"] for entry in found.values()} == {None}
    assert not any(o["kind"] == "bump-floor" for o in api["overrides"])


def test_with_a_token_every_component_is_planned_from_one_listing(
    clone: Path, sim: SimServer
) -> None:
    plan(clone, "--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url)
    logged = SimClient(sim.url).get("/_sim/requests").body
    assert [(entry["method"], entry["operation_id"]) for entry in logged] == [
        ("GET", "pulls/list"),
        ("GET", "repos/compare-commits"),  # every component's contributors: one listing
    ]
    assert dict(parse_qsl(logged[0]["query"])) == {
        "state": "closed",
        "base": "main",
        "sort": "updated",
        "direction": "desc",
        "per_page": "100",
    }
