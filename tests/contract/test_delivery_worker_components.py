"""The webhook's delivery worker releases a repository whose configuration has components (one
release PR for all of them, or one per component with ``separate_pull_requests``;
docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import CloneCache
from regent.adapters.github.auth import AppCredentials
from regent.runtimes.wiring import delivery_worker
from regent.services.deliveries import DeliveryWorker
from regent.services.release import ReconcileOutcome
from tests.app_keys import private_pem
from tests.contract.conftest import ConnectSession, World
from tests.contract.test_delivery_worker import target
from tests.contract.test_github_app import APP_ID, register
from tests.gitrepo import git

pytestmark = pytest.mark.contract


CONFIG = "components:\n  - {name: api, path: packages/api}\n  - {name: cli, path: packages/cli}\n"


def worker_for(
    connect_session: ConnectSession, world: World, tmp_path: Path, *, config: str
) -> DeliveryWorker:
    """The delivery worker of a repository whose main holds ``config`` and a change to api."""
    key = private_pem()
    register(world, key)
    world.work.commit("chore: components", files={".release-regent.yml": config})
    world.work.commit("feat(api): routes", files={"packages/api/routes.txt": "r\n"})
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    return delivery_worker(
        connect_session(app=AppCredentials(APP_ID, key)),
        clones=CloneCache(tmp_path / "clones"),
        git_url=world.git_dir.parents[1].as_uri(),
        today=lambda: "2026-11-27",
    )


def test_a_components_config_gets_one_release_pr(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    worker = worker_for(connect_session, world, tmp_path, config=CONFIG)
    outcome = worker.reconcile(target(world))
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.pull_request is not None
    assert outcome.pull_request.title == "chore(release): api 0.1.0"


def test_separate_release_prs_give_the_releasing_component_its_own(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    config = CONFIG + "separate_pull_requests: true\n"
    worker = worker_for(connect_session, world, tmp_path, config=config)
    outcome = worker.reconcile(target(world))
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.pull_request is not None
    assert outcome.pull_request.title == "chore(release): api 0.1.0"
    assert outcome.pull_request.head_branch == "release-regent/main/api"
