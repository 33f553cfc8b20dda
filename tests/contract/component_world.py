"""A monorepo of two components on the simulator, as the component contract tests start from:
api and cli, each a package.json under packages/, tagged, with changes merged since; and what
they read from a run (its requests, a run stopped midway)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.config import parse_config_text
from regent.core.ports import MeteredGitHub
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.release_world import ReleaseWorld

CONFIG = """\
components:
  - {name: api, path: packages/api}
  - {name: cli, path: packages/cli}
"""
LINKED = "linked:\n  - [api, cli]\n"
PACKAGES = {
    "packages/api/package.json": '{"name": "api", "version": "1.0.0"}\n',
    "packages/cli/package.json": '{"name": "cli", "version": "0.3.0"}\n',
}
GATHER = ["GET pulls/list"]
CREDITS = ["GET repos/compare-commits"]
"""The one accounts listing of a run that plans a release (every component's contributors)."""


def two_components(
    world: World,
    github: GitHubAdapter,
    tmp_path: Path,
    *,
    config: str = CONFIG,
    cli: str = "0.3.0",
    cli_manifest: str | None = None,
    cli_fix: bool = True,
) -> ReleaseWorld:
    """api (1.0.0, tagged api-v1.0.0) and cli (``cli``, tagged so; its package.json
    ``cli_manifest`` when given), then a feature of api's and (``cli_fix``) a fix of cli's
    merged; configured by ``config``."""
    release_world = ReleaseWorld.create(SimRemote(world), github, tmp_path)
    manifest = cli_manifest or f'{{"name": "cli", "version": "{cli}"}}\n'
    release_world.merge_change(
        "chore: packages", files={**PACKAGES, "packages/cli/package.json": manifest}
    )
    release_world.tag_main("api-v1.0.0")
    release_world.tag_main(f"cli-v{cli}")
    release_world.merge_change("feat(api): routes", files={"packages/api/routes.txt": "r\n"})
    if cli_fix:
        release_world.merge_change("fix(cli): flags", files={"packages/cli/flags.txt": "f\n"})
    return configured(release_world, config)


@pytest.fixture
def monorepo(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    """Two components, api (1.0.0, tagged api-v1.0.0) and cli (0.3.0, tagged cli-v0.3.0), each
    with a change since."""
    return two_components(world, github, tmp_path)


def configured(release_world: ReleaseWorld, text: str) -> ReleaseWorld:
    release_world.policy = parse_config_text(text, source=".release-regent.yml")
    return release_world


def reconcile(release_world: ReleaseWorld, events: tuple[str, ...]) -> list[str]:
    """One run; the requests it made (checked against the adapter's count)."""
    release_world.remote.forget()
    outcome = release_world.reconcile()
    assert outcome.events == events
    calls = release_world.remote.calls()
    assert len(calls) == outcome.github_calls.total
    return calls


class Stopped(Exception):
    """The run stopped (the process was killed) before a second GitHub Release was made."""


class CrashAfterFirstRelease:
    """The world's GitHub port, stopping the run as it asks for a second GitHub Release."""

    def __init__(self, github: MeteredGitHub) -> None:
        self._github = github
        self._releases = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._github, name)

    def ensure_release(self, **fields: Any) -> Any:
        self._releases += 1
        if self._releases > 1:
            raise Stopped
        return self._github.ensure_release(**fields)
