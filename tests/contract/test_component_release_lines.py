"""A monorepo's reconcile on a base branch's release line, through the simulator: every
component of the release PR takes the line's prerelease channel, as ``regent plan`` does
(docs/monorepo.md, "Components on release lines")."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.config import parse_config_text
from tests.contract.component_world import PACKAGES
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.release_world import ReleaseWorld

pytestmark = pytest.mark.contract

CONFIG = """\
base_branches: [main, {name: next, prerelease: rc}]
components:
  - {name: api, path: packages/api}
  - {name: cli, path: packages/cli}
"""


def test_the_release_pr_of_a_prerelease_branch_proposes_each_component_s_prerelease(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release_world = ReleaseWorld.create(SimRemote(world), github, tmp_path)
    release_world.merge_change("chore: packages", files=PACKAGES)
    release_world.tag_main("api-v1.0.0")
    release_world.tag_main("cli-v0.3.0")
    release_world.push(
        "next", start="origin/main", message="feat: previews", files={"packages/api/p.txt": "p\n"}
    )
    release_world.policy = parse_config_text(CONFIG, source=".release-regent.yml")
    outcome = release_world.reconcile(base="next")
    assert outcome.events == ("release_pr_opened",)
    (pull,) = release_world.open_pulls()
    assert (pull["base"], pull["title"]) == ("next", "chore(release): api 1.1.0-rc.1")
