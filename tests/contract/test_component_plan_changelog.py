"""``regent plan``'s ``changelog`` of each component is the section its release PR writes to
the component's changelog file, on the simulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from tests.contract.component_world import CONFIG, two_components
from tests.contract.conftest import World
from tests.gitrepo import git, run_regent
from tests.release_world import BRANCH

pytestmark = pytest.mark.contract

TODAY_EPOCH = "1795694400"
"""2026-11-26 12:00 UTC: the release world's today, for the plan's date."""


def test_each_components_changelog_is_what_the_release_pr_writes(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    monorepo = two_components(world, github, tmp_path)
    monorepo.merge_change("chore: configure", files={".release-regent.yml": CONFIG})
    monorepo.reconcile()
    clone = tmp_path / "planned"
    git(tmp_path, "clone", "--quiet", monorepo.remote.git_dir.as_uri(), str(clone))
    env = {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    result = run_regent("plan", str(clone), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    components = json.loads(result.stdout)["components"]
    assert [c["next_version"] for c in components] == ["1.1.0", "0.3.1"]
    for component in components:
        written = monorepo.file_at(BRANCH, f"{component['path']}/CHANGELOG.md") + "\n"
        assert written == f"# Changelog\n\n{component['changelog']}"
    markdown = run_regent("plan", str(clone), "--format", "markdown", env=env).stdout
    api, cli = components
    assert f"\n\n<!-- packages/api/CHANGELOG.md -->\n{api['changelog']}\n## cli 0.3.1\n" in markdown
    assert markdown.endswith(f"\n\n<!-- packages/cli/CHANGELOG.md -->\n{cli['changelog']}")
