"""Fixtures for the simulator's self-tests: a simulator per test, a client, a seeded repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo

__all__ = ["Seeded", "client", "seeded", "sim"]

FULL_NAME = "acme/widget"
API = f"/repos/{FULL_NAME}"


@dataclass(frozen=True)
class Seeded:
    """``acme/widget`` on the simulator, cloned from ``work`` (main: three commits, tag v1.0.0)."""

    work: GitRepo
    git_dir: Path
    first: str
    second: str
    third: str


@pytest.fixture
def client(sim: SimServer) -> SimClient:
    return SimClient(sim.url)


@pytest.fixture
def seeded(client: SimClient, tmp_path: Path) -> Seeded:
    work = GitRepo.create(tmp_path / "work")
    first = work.commit("chore: start", files={"README.md": "hello\n", "src/app.py": "x = 1\n"})
    work.tag("v1.0.0", annotated=True)
    second = work.commit("feat: docs", files={"docs/guide.md": "# Guide\n"})
    third = work.commit("fix: app", files={"src/app.py": "x = 2\n"})
    work.branch("feature/slashed", start=second)
    work.checkout("main")
    return Seeded(work, client.create_repo(FULL_NAME, work.path), first, second, third)
