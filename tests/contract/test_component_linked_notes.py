"""A linked member released with no changes of its own, through the simulator: its section of
the release PR, its changelog entry and its GitHub Release say in one line why it releases
(docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from tests.contract.component_world import CONFIG, LINKED, two_components
from tests.contract.conftest import World
from tests.release_world import BRANCH

pytestmark = pytest.mark.contract

WHY = "No changes of its own: released with the linked group [api, cli] to keep one version."


def test_the_member_without_changes_says_why_in_its_pr_section_changelog_and_release(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release_world = two_components(
        world, github, tmp_path, config=CONFIG + LINKED, cli="1.0.0", cli_fix=False
    )
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    body = pull["body"]
    assert WHY in body[body.index("## cli 1.1.0") :]
    assert WHY not in body[: body.index("## cli 1.1.0")], "api has changes of its own"
    assert WHY in release_world.file_at(BRANCH, "packages/cli/CHANGELOG.md")
    assert WHY not in release_world.file_at(BRANCH, "packages/api/CHANGELOG.md")
    release_world.remote.merge(pull["number"])
    release_world.reconcile()
    releases = {release["tag_name"]: release["body"] for release in release_world.releases()}
    assert WHY in releases["cli-v1.1.0"]
    assert "routes" in releases["api-v1.1.0"]
    assert WHY not in releases["api-v1.1.0"]
