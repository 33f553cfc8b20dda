"""Fixtures for the simulator's self-tests: a simulator per test, a client, a seeded repository."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git

__all__ = ["Received", "Seeded", "client", "receiver", "seeded", "sim", "source"]

FULL_NAME = "acme/widget"
API = f"/repos/{FULL_NAME}"


@dataclass(frozen=True)
class Seeded:
    """``acme/widget`` on the simulator (main: three commits, tag v1.0.0, feature/slashed).

    ``work`` is a clone to commit in and push from (``git push <git_dir> main``).
    """

    work: GitRepo
    git_dir: Path
    first: str
    second: str
    third: str


@dataclass(frozen=True)
class Source:
    """The repository every ``seeded`` simulator repository is cloned from (one per worker)."""

    path: Path
    first: str
    second: str
    third: str


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    work = GitRepo.create(tmp_path_factory.mktemp("source") / "work")
    first = work.commit("chore: start", files={"README.md": "hello\n", "src/app.py": "x = 1\n"})
    work.tag("v1.0.0", annotated=True)
    second = work.commit("feat: docs", files={"docs/guide.md": "# Guide\n"})
    third = work.commit("fix: app", files={"src/app.py": "x = 2\n"})
    work.branch("feature/slashed", start=second)
    work.checkout("main")
    return Source(work.path, first, second, third)


@pytest.fixture
def client(sim: SimServer) -> SimClient:
    return SimClient(sim.url)


@pytest.fixture
def seeded(client: SimClient, source: Source, tmp_path: Path) -> Seeded:
    git_dir = client.create_repo(FULL_NAME, source.path)
    git(tmp_path, "clone", "--quiet", str(source.path), "work")
    work = GitRepo(tmp_path / "work", counter=100)
    return Seeded(work, git_dir, source.first, source.second, source.third)


Received = list[tuple[dict[str, str], bytes]]


class _Receiver(BaseHTTPRequestHandler):
    received: Received

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers.items()), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver() -> Iterator[tuple[str, Received]]:
    """A local webhook receiver: its URL and the (headers, body) of each delivery, in order."""
    received: Received = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()
