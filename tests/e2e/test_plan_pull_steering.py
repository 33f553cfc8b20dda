"""``regent plan`` on a clone of a repository on the GitHub simulator: a squash merge of a branch
of several commits lists each of them, and a merged pull request's BEGIN_COMMIT_OVERRIDE block
and bump floor label change the plan when a token lets it read them (and are reported skipped
without one, with no request made)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from regent.core.pull_steering import PULLS_NOT_READ
from regent.core.release_pr.marker import ReleasePrMarker, VersionPin, format_marker
from tests.contract.test_release_service_budgets import LISTING
from tests.github_sim.client import DEFAULT_TOKEN, SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git, run_regent
from tests.remote import REPO, seed

__all__ = ["sim"]

pytestmark = pytest.mark.e2e

API = f"/repos/{REPO.full_name}"
OVERRIDE = (
    "Fixes a typo.\n\nBEGIN_COMMIT_OVERRIDE\nfeat(spelling): check every word\n"
    "fix(spelling): keep the dictionary sorted\nEND_COMMIT_OVERRIDE\n"
)


def land(
    client: SimClient,
    work: GitRepo,
    git_dir: Path,
    *,
    branch: str,
    messages: list[str],
    title: str,
    body: str = "",
    labels: tuple[str, ...] = (),
) -> int:
    """Push ``branch`` (one commit per message, off main), open its PR and squash-merge it."""
    git(work.path, "checkout", "--quiet", "-B", branch, "main")
    for message in messages:
        work.commit(message, files={f"{branch}.txt": message})
    git(work.path, "push", "--quiet", str(git_dir), f"+{branch}:refs/heads/{branch}")
    work.checkout("main")
    opened = client.post(
        f"{API}/pulls", {"title": title, "head": branch, "base": "main", "body": body}
    )
    assert opened.status == 201, opened.body
    number = int(opened.body["number"])
    if labels:
        labelled = client.post(f"{API}/issues/{number}/labels", {"labels": list(labels)})
        assert labelled.status == 200, labelled.body
    merged = client.post(f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge", {"method": "squash"})
    assert merged.status in (200, 201), merged.body
    git(work.path, "pull", "--quiet", "--ff-only", str(git_dir), "main")
    return number


@pytest.fixture
def clone(sim: SimServer, tmp_path: Path) -> Path:
    """``acme/widget`` tagged v1.0.0, then two squash-merged pull requests, cloned."""
    client = SimClient(sim.url)
    work, _, _ = seed(tmp_path / "work")
    work.tag("v1.0.0")
    git_dir = client.create_repo(REPO.full_name, work.path)
    land(
        client,
        work,
        git_dir,
        branch="login",
        title="Login page",
        messages=["feat(auth): log in with passkeys", "fix(auth): keep the session"],
    )
    land(
        client,
        work,
        git_dir,
        branch="typo",
        title="fix: typo",
        messages=["fix: typo"],
        body=OVERRIDE,
        labels=("release-regent: bump-major",),
    )
    client.delete("/_sim/requests")
    checkout = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(git_dir), str(checkout))
    return checkout


def plan(checkout: Path, *args: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    quiet = {key: "" for key in os.environ if "TOKEN" in key}
    result = run_regent(
        "plan",
        str(checkout),
        "--format",
        "json",
        *args,
        env={**quiet, "REGENT_GITHUB_THROTTLE": "off", **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def headings(data: dict[str, Any]) -> list[tuple[str | None, str, int | None, str]]:
    return [(c["type"], c["description"], c["pr"], c["effect"]) for c in reversed(data["commits"])]


def requests(sim: SimServer) -> list[str]:
    return [
        f"{e['method']} {e['operation_id']}" for e in SimClient(sim.url).get("/_sim/requests").body
    ]


PLAN_BUDGET = ["GET pulls/list", "GET repos/compare-commits"]
"""A plan with a token: the one listing of main's pull requests a reconcile makes (``LISTING``:
the release PR's pin and the merged pull requests' overrides and floors), and the range's
commits compared once (their authors' GitHub accounts, for the contributors)."""


def listings(sim: SimServer) -> list[dict[str, str]]:
    """The query of each listing of pull requests since the log was cleared."""
    logged = SimClient(sim.url).get("/_sim/requests").body
    return [
        dict(parse_qsl(entry["query"])) for entry in logged if entry["operation_id"] == "pulls/list"
    ]


@pytest.mark.parametrize(
    "extra",
    [pytest.param((), id="plan"), pytest.param(("--release-as", "4.0.0"), id="release-as")],
)
def test_with_a_token_a_plan_lists_the_pull_requests_once(
    clone: Path, sim: SimServer, extra: tuple[str, ...]
) -> None:
    access = ("--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url)
    data = plan(clone, *access, *extra)
    assert data["skipped"] is None
    assert requests(sim) == PLAN_BUDGET
    assert listings(sim) == [LISTING]


def test_without_a_token_each_squashed_commit_counts_and_overrides_are_skipped(
    clone: Path, sim: SimServer
) -> None:
    data = plan(clone)
    assert headings(data) == [
        ("feat", "log in with passkeys", 1, "counted"),
        ("fix", "keep the session", 1, "counted"),
        ("fix", "typo", 2, "counted"),
    ]
    assert (data["next_version"], data["skipped"], data["overrides"]) == (
        "1.1.0",
        PULLS_NOT_READ,
        [],
    )
    assert "log in with passkeys" in data["release_notes"]
    assert requests(sim) == []


def test_with_a_token_the_override_and_the_floor_change_the_plan(
    clone: Path, sim: SimServer
) -> None:
    data = plan(clone, "--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url)
    assert headings(data) == [
        ("feat", "log in with passkeys", 1, "counted"),
        ("fix", "keep the session", 1, "counted"),
        ("feat", "check every word", 2, "counted"),
        ("fix", "keep the dictionary sorted", 2, "counted"),
    ]
    assert data["next_version"] == "2.0.0"
    assert "raised to major by #2 (release-regent: bump-major)" in data["reason"]
    assert data["skipped"] is None
    assert data["overrides"] == [
        {"kind": "bump-floor", "value": "major", "source": "#2 (release-regent: bump-major)"},
        {
            "kind": "commit-override",
            "value": "feat: check every word; fix: keep the dictionary sorted",
            "source": "#2 BEGIN_COMMIT_OVERRIDE",
        },
    ]
    assert "typo" not in data["release_notes"]


def test_the_token_comes_from_the_environment_and_the_text_shows_the_overrides(
    clone: Path, sim: SimServer
) -> None:
    result = run_regent(
        "plan",
        str(clone),
        "--repo",
        REPO.full_name,
        env={
            "GITHUB_TOKEN": DEFAULT_TOKEN,
            "GITHUB_API_URL": sim.url,
            "REGENT_GITHUB_THROTTLE": "off",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "Override: bump-floor major (from #2 (release-regent: bump-major))" in result.stdout
    assert "Not read:" not in result.stdout


def open_pinned_release_pull(sim: SimServer, checkout: Path, *, version: str) -> None:
    """The open release PR of main, its marker pinning ``version`` (as ``!set-version`` does)."""
    client = SimClient(sim.url)
    git(checkout, "checkout", "--quiet", "-b", "release")
    git(checkout, "commit", "--quiet", "--allow-empty", "-m", "chore(release): v2.0.0")
    git(checkout, "push", "--quiet", "origin", "HEAD:refs/heads/release-regent/main")
    git(checkout, "checkout", "--quiet", "main")
    pin = VersionPin(version, "!set-version by @ann in #3")
    marker = ReleasePrMarker("2.0.0", "v2.0.0", "0" * 40, "c" * 16, "2026-01-01", pin)
    opened = client.post(
        f"{API}/pulls",
        {
            "title": "chore(release): v2.0.0",
            "head": "release-regent/main",
            "base": "main",
            "body": f"Notes\n\n{format_marker(marker)}",
        },
    )
    assert opened.status == 201, opened.body
    client.delete("/_sim/requests")


def test_with_a_token_the_release_pulls_pin_is_the_version(clone: Path, sim: SimServer) -> None:
    open_pinned_release_pull(sim, clone, version="3.0.0")
    access = ("--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url)
    data = plan(clone, *access)
    assert (requests(sim), listings(sim)) == (PLAN_BUDGET, [LISTING])  # the pin in the listing
    assert data["next_version"] == "3.0.0"
    assert data["reason"] == "3.0.0 is forced by the !set-version by @ann in #3."
    assert data["overrides"][0] == {
        "kind": "set-version",
        "value": "3.0.0",
        "source": "!set-version by @ann in #3",
    }
    forced = plan(clone, *access, "--release-as", "4.0.0")
    assert (forced["next_version"], forced["overrides"][0]["kind"]) == ("4.0.0", "release-as")
    assert plan(clone)["next_version"] == "1.1.0"


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        pytest.param(
            ("--repo", "acme/widget"),
            {},
            "regent: error: --repo needs a token: pass --token or set GITHUB_TOKEN",
            id="repo-without-token",
        ),
        pytest.param(
            ("--token", "t0ken"),
            {},
            "regent: error: --repo: the checkout's origin is not a GitHub repository;"
            " name it as owner/name",
            id="token-without-a-github-origin",
        ),
        pytest.param(
            ("--token", "t0ken", "--repo", "widget"),
            {},
            "regent: error: 'widget' is not a repository; write it as owner/name",
            id="repo-not-owner-name",
        ),
    ],
)
def test_github_access_mistakes_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], expected: str
) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a")
    quiet = {key: "" for key in os.environ if "TOKEN" in key}
    result = run_regent("plan", str(repo.path), *args, env={**quiet, **env})
    assert (result.returncode, result.stderr.strip()) == (2, expected)


def test_a_detached_head_with_a_token_is_a_usage_error(clone: Path, sim: SimServer) -> None:
    git(clone, "checkout", "--quiet", "--detach", "HEAD")
    result = run_regent(
        "plan", str(clone), "--token", DEFAULT_TOKEN, "--repo", REPO.full_name, "--api-url", sim.url
    )
    assert result.returncode == 2
    assert "HEAD is detached; check out the branch to plan" in result.stderr


def test_a_token_in_the_environment_is_not_used_off_github(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: a")
    result = run_regent("plan", str(repo.path), env={"GITHUB_TOKEN": "t0ken"})
    assert result.returncode == 0, result.stderr
    assert f"Not read: {PULLS_NOT_READ}" in result.stdout
