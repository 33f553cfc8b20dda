"""The release PR through the release service: opened, updated, left alone, closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github import GitHubAdapter
from regent.core.release_labels import PENDING_LABEL
from regent.core.release_marker import parse_marker
from tests.contract.conftest import World
from tests.contract.test_release_service_world import (
    BRANCH,
    TODAY,
    ReleaseWorld,
    make_release_world,
)

pytestmark = pytest.mark.contract


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return make_release_world(world, github, tmp_path)


def test_the_first_release_pr_is_opened_within_budget(release_world: ReleaseWorld) -> None:
    world = release_world.world
    world.forget()
    outcome = release_world.reconcile()
    assert outcome.events == ("release_pr_opened",)
    assert outcome.version == "0.1.0"
    assert len(world.requests()) == outcome.github_calls.total <= 7
    (pull,) = release_world.open_pulls()
    assert outcome.pull_request is not None
    assert outcome.pull_request.number == pull["number"]
    assert pull["title"] == "chore(release): v0.1.0"
    assert pull["head"] == BRANCH
    assert pull["labels"] == [PENDING_LABEL]
    marker = parse_marker(pull["body"])
    assert marker is not None
    base = release_world.state()["branches"]["main"]
    assert (marker.version, marker.tag, marker.base_sha, marker.date) == (
        "0.1.0",
        "v0.1.0",
        base,
        TODAY,
    )
    assert "### Features\n\n* app (" in pull["body"]
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.startswith("# Changelog\n\n## 0.1.0 (2026-11-26)\n\n### Features\n\n* app (")
    assert release_world.file_at(f"{BRANCH}~1", "README.md") == "hello"
    assert release_world.parents(BRANCH) == [base]
