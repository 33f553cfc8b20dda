"""A delivery's ``clone_url`` is never used (the router does not even read it): the worker clones
``<REGENT_GIT_URL>/<owner>/<name>.git`` and sends the installation token there only (a holder of
the webhook secret cannot turn it into the token, or into another repository's history on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.routing import Reconcile, route
from regent.services.deliveries import DeliveryWorker
from regent.services.release import ReconcileOutcome
from tests.contract.conftest import World
from tests.contract.test_delivery_worker import key, worker
from tests.contract.test_git_token_scope import recorder
from tests.contract.test_github_app import INSTALLATION
from tests.gitrepo import GitRepo, git
from tests.recording_server import Seen

pytestmark = pytest.mark.contract
__all__ = ["key", "recorder", "worker"]


def hostile(clone_url: str) -> Reconcile:
    """The route of a merge into main whose payload names ``clone_url`` as the clone URL."""
    payload = {
        "action": "closed",
        "number": 1,
        "pull_request": {"number": 1, "merged": True, "base": {"ref": "main"}},
        "installation": {"id": INSTALLATION},
        "repository": {
            "full_name": "acme/widget",
            "default_branch": "main",
            "clone_url": clone_url,
        },
    }
    routed = route("pull_request", payload)
    assert isinstance(routed, Reconcile)
    return routed


def test_a_clone_url_on_another_host_is_not_cloned_and_gets_no_token(
    worker: DeliveryWorker,
    world: World,
    tmp_path: Path,
    recorder: tuple[str, Seen],
) -> None:
    url, seen = recorder
    outcome = worker.reconcile(hostile(f"{url}/acme/widget.git"))
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.events == ("release_pr_opened",)
    assert seen == []
    clone = tmp_path / "clones" / "acme" / "widget"
    assert git(clone, "remote", "get-url", "origin") == world.git_dir.as_uri()


def test_a_clone_url_naming_another_local_repository_is_not_cloned(
    worker: DeliveryWorker, world: World, tmp_path: Path
) -> None:
    other = GitRepo.create(tmp_path / "other-tenant")
    secret = other.commit("feat: another tenant's secret history")
    outcome = worker.reconcile(hostile(str(other.path)))
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.events == ("release_pr_opened",)
    clone = tmp_path / "clones" / "acme" / "widget"
    assert git(clone, "remote", "get-url", "origin") == world.git_dir.as_uri()
    assert secret not in git(clone, "rev-list", "--all")
