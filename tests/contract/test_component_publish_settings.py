"""A component's own ``release`` settings through the simulator: its GitHub Release a draft
and its tag annotated while the other component's follow the top-level ones
(docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from tests.contract.component_world import two_components
from tests.contract.conftest import World
from tests.gitrepo import git

pytestmark = pytest.mark.contract

CONFIG = """\
release: {annotated_tag: true}
components:
  - {name: api, path: packages/api, release: {draft: true, annotated_tag: false}}
  - {name: cli, path: packages/cli}
"""


def test_each_component_is_published_by_its_own_release_settings(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release_world = two_components(world, github, tmp_path, config=CONFIG)
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"])
    release_world.reconcile()
    drafts = {release["tag_name"]: release["draft"] for release in release_world.releases()}
    assert drafts == {"api-v1.1.0": True, "cli-v0.3.1": False}
    git_dir = release_world.remote.git_dir
    kinds = {
        tag: git(git_dir, "cat-file", "-t", f"refs/tags/{tag}")
        for tag in ("api-v1.1.0", "cli-v0.3.1")
    }
    assert kinds == {"api-v1.1.0": "commit", "cli-v0.3.1": "tag"}, "cli's tag annotated"
