"""A simulator per test with ``acme/widget`` seeded, and the GitHub adapter pointed at it (a
connection, and the port bound to ``acme/widget``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from regent.adapters.github.adapter import GitHubConnection, connect_github
from regent.adapters.github.auth import Throttle
from regent.adapters.github.repository import GitHubAdapter
from regent.adapters.github.retry import RetryPolicy
from tests.contract.ports import implementation, port, remote
from tests.github_sim.client import DEFAULT_TOKEN, SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git
from tests.remote import REPO, seed

__all__ = [
    "FAST",
    "Connect",
    "ConnectSession",
    "World",
    "connect",
    "connect_session",
    "github",
    "implementation",
    "port",
    "remote",
    "session",
    "sim",
    "world",
]

FAST = RetryPolicy(
    attempts=4, backoff_base=0.01, backoff_max=0.05, max_wait=5.0, secondary_wait=0.2, timeout=5
)
"""Retries as in production, with waits scaled down for tests."""


@dataclass(frozen=True)
class World:
    """``acme/widget`` on a running simulator: main has two commits (``first``, ``base``)."""

    sim: SimServer
    client: SimClient
    work: GitRepo
    git_dir: Path
    first: str
    base: str

    @property
    def api(self) -> str:
        return f"/repos/{REPO.full_name}"

    def state(self) -> dict[str, Any]:
        return dict(self.client.get(f"/_sim/repos/{REPO.full_name}/state").body)

    def requests(self) -> list[dict[str, Any]]:
        """The API requests the simulator answered (or dropped) since the last ``forget``."""
        return list(self.client.get("/_sim/requests").body)

    def calls(self) -> list[str]:
        """``METHOD operation`` of each logged request, e.g. ``POST git/create-tree``."""
        return [f"{entry['method']} {entry['operation_id']}" for entry in self.requests()]

    def forget(self) -> None:
        self.client.delete("/_sim/requests")

    def fault(self, method: str, path: str, **spec: Any) -> None:
        """Inject a fault for ``method`` requests whose path matches the regex ``path``."""
        reply = self.client.post("/_sim/faults", {"method": method, "path": path, **spec})
        assert reply.status == 201, reply.body

    def token(self, token: str, **spec: Any) -> None:
        reply = self.client.post("/_sim/tokens", {"token": token, **spec})
        assert reply.status == 201, reply.body

    def push_branch(self, name: str, *, files: dict[str, str] | None = None) -> str:
        """A branch off ``base`` with one commit, force-pushed to the simulated repository."""
        git(self.work.path, "checkout", "--quiet", "-B", name, self.base)
        sha = self.work.commit(f"feat: {name}", files=files)
        self.work.checkout("main")
        git(self.work.path, "push", "--quiet", str(self.git_dir), f"+{name}:refs/heads/{name}")
        return sha


@pytest.fixture
def world(sim: SimServer, tmp_path: Path) -> World:
    client = SimClient(sim.url)
    work, first, base = seed(tmp_path / "work")
    git_dir = client.create_repo(REPO.full_name, work.path)
    return World(sim, client, work, git_dir, first, base)


Connect = Callable[..., GitHubAdapter]
ConnectSession = Callable[..., GitHubConnection]


@pytest.fixture
def connect_session(world: World) -> ConnectSession:
    """Connect to the simulator (any ``connect_github`` option can be overridden)."""

    def build(**options: Any) -> GitHubConnection:
        if "app" not in options:
            options.setdefault("token", DEFAULT_TOKEN)
        options.setdefault("retry", FAST)
        return connect_github(api_url=world.sim.url, throttle=Throttle.off(), **options)

    return build


@pytest.fixture
def connect(connect_session: ConnectSession) -> Connect:
    """Build the adapter bound to ``acme/widget`` (options as for ``connect_session``)."""

    def build(**options: Any) -> GitHubAdapter:
        return connect_session(**options).for_repository(REPO)

    return build


@pytest.fixture
def session(connect_session: ConnectSession) -> GitHubConnection:
    return connect_session()


@pytest.fixture
def github(session: GitHubConnection) -> GitHubAdapter:
    return session.for_repository(REPO)
