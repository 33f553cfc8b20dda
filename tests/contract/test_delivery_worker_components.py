"""The webhook's delivery worker refuses a repository whose configuration has components: only
``regent plan`` is built for them so far (docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import CloneCache
from regent.adapters.github.auth import AppCredentials
from regent.core.errors import ConfigError
from regent.runtimes.wiring import delivery_worker
from tests.app_keys import private_pem
from tests.contract.conftest import ConnectSession, World
from tests.contract.test_delivery_worker import target
from tests.contract.test_delivery_worker_files import assert_nothing_written
from tests.contract.test_github_app import APP_ID, register
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def test_a_components_config_is_refused_before_anything_is_written(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    key = private_pem()
    register(world, key)
    config = "components:\n  - {name: api, path: packages/api}\n"
    world.work.commit("chore: components", files={".release-regent.yml": config})
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    worker = delivery_worker(
        connect_session(app=AppCredentials(APP_ID, key)),
        clones=CloneCache(tmp_path / "clones"),
        git_url=world.git_dir.parents[1].as_uri(),
        today=lambda: "2026-11-27",
    )
    world.forget()
    with pytest.raises(ConfigError, match=r"releasing components .* is not built yet"):
        worker.reconcile(target(world))
    assert_nothing_written(world)
