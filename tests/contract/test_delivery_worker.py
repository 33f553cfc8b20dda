"""The delivery worker: as the GitHub App, a blobless clone, the config and templates read from
GitHub and git (no work tree), one reconcile: what every webhook door runs for a delivery."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import CloneCache
from regent.adapters.github.auth import AppCredentials
from regent.core.routing import Reconcile
from regent.runtimes.wiring import delivery_worker
from regent.services.deliveries import DeliveryWorker
from regent.services.release import NotABaseBranch, ReconcileOutcome
from tests.app_keys import private_pem
from tests.contract.conftest import REPO, ConnectSession, World
from tests.contract.test_github_app import APP_ID, INSTALLATION, register
from tests.gitrepo import git

pytestmark = pytest.mark.contract

CONFIG = "templates:\n  release_notes: .github/release-notes.md.j2\n"
BRANCHES = 'base_branches: [main, "release/*"]\n'
NOTES = "Release {{ notes.version }}:\n{% for s in notes.sections %}- {{ s.title }}\n{% endfor %}"


@pytest.fixture
def worker(
    connect_session: ConnectSession, world: World, key: str, tmp_path: Path
) -> DeliveryWorker:
    register(world, key)
    world.work.commit(
        "chore: release config",
        files={".release-regent.yml": CONFIG, ".github/release-notes.md.j2": NOTES},
    )
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    github = connect_session(app=AppCredentials(APP_ID, key))
    return delivery_worker(
        github,
        clones=CloneCache(tmp_path / "clones"),
        git_url=world.git_dir.parents[1].as_uri(),
        today=lambda: "2026-11-27",
    )


@pytest.fixture
def key() -> str:
    return private_pem()


def target(world: World) -> Reconcile:
    return Reconcile(
        repo=REPO,
        base_branch="main",
        reason="pull request #1 was merged into main",
        default_branch="main",
        installation_id=INSTALLATION,
    )


def test_a_delivery_opens_the_release_pr_as_the_app(
    worker: DeliveryWorker, world: World, tmp_path: Path
) -> None:
    world.forget()
    outcome = worker.reconcile(target(world))
    assert outcome.events == ("release_pr_opened",)
    calls = world.calls()
    assert "GET apps/get-repo-installation" not in calls
    assert calls.count("POST apps/create-installation-access-token") == 1
    (pull,) = [p for p in world.state()["pulls"] if p["state"] == "open"]
    assert "\nRelease 0.1.0:\n- Features\n" in pull["body"]
    clone = tmp_path / "clones" / "acme" / "widget"
    assert git(clone, "config", "remote.origin.partialclonefilter") == "blob:none"
    assert git(clone, "ls-files") == ""


def test_a_second_delivery_fetches_and_changes_nothing(
    worker: DeliveryWorker, world: World
) -> None:
    worker.reconcile(target(world))
    world.forget()
    again = worker.reconcile(target(world))
    assert again.events == ("release_pr_unchanged",)
    assert {entry["method"] for entry in world.requests()} == {"GET"}


def branch_target(world: World, branch: str) -> Reconcile:
    return Reconcile(
        repo=REPO,
        base_branch=branch,
        reason=f"a push updated {branch}",
        default_branch="main",
        installation_id=INSTALLATION,
    )


def test_a_branch_the_configuration_does_not_list_is_left_alone(
    worker: DeliveryWorker, world: World
) -> None:
    world.push_branch("feature/knob")
    world.forget()
    left = worker.reconcile(branch_target(world, "feature/knob"))
    assert left == NotABaseBranch(
        "feature/knob",
        "feature/knob is not a base branch: releases are made from main, the default branch "
        "(list it in base_branches to release from it)",
    )
    calls = world.calls()
    assert {call.split()[0] for call in calls} == {"GET", "POST"}
    assert [call for call in calls if call.startswith("POST")] == [
        "POST apps/create-installation-access-token"
    ]
    assert world.state()["pulls"] == []


def test_a_listed_release_branch_gets_its_own_release_pr(
    worker: DeliveryWorker, world: World
) -> None:
    world.work.commit("chore: base branches", files={".release-regent.yml": CONFIG + BRANCHES})
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    world.work.branch("release/1.x", start="main")
    world.work.commit("fix: a backported fix")
    git(
        world.work.path, "push", "--quiet", str(world.git_dir), "release/1.x:refs/heads/release/1.x"
    )
    world.work.checkout("main")
    outcome = worker.reconcile(branch_target(world, "release/1.x"))
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.events == ("release_pr_opened",)
    (pull,) = world.state()["pulls"]
    assert (pull["base"], pull["head"]) == ("release/1.x", "release-regent/release%2F1.x")
    assert isinstance(worker.reconcile(branch_target(world, "feature/knob")), NotABaseBranch)
