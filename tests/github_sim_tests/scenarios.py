"""A simulated ``acme/widget`` repository with branches, for the pull, issue and release tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.github_sim.client import Reply, SimClient
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git

REPO = "/repos/acme/widget"


@dataclass
class Widget:
    """The simulator, a client, the work tree that pushes, and the bare repository."""

    sim: SimServer
    client: SimClient
    work: GitRepo
    git_dir: Path

    def push(self, *branches: str) -> None:
        git(self.work.path, "push", "--quiet", "--force", str(self.git_dir), *branches)

    def branch_with(self, name: str, *messages: str, start: str = "main") -> str:
        """Create ``name`` from ``start`` with one commit per message, push it; return its tip."""
        self.work.branch(name, start=start)
        for message in messages:
            self.work.commit(message)
        self.push(name)
        tip = self.work.head()
        self.work.checkout("main")
        return tip

    def open_pull(self, head: str, base: str = "main", title: str = "") -> dict[str, Any]:
        reply = self.client.post(
            f"{REPO}/pulls", {"title": title or f"Merge {head}", "head": head, "base": base}
        )
        assert reply.status == 201, reply.body
        body: dict[str, Any] = reply.body
        return body

    def state(self) -> dict[str, Any]:
        body: dict[str, Any] = self.client.get("/_sim/repos/acme/widget/state").body
        return body

    def events(self) -> list[dict[str, Any]]:
        body: list[dict[str, Any]] = self.client.get("/_sim/events").body
        return body


def make_widget(sim: SimServer, tmp_path: Path) -> Widget:
    """``acme/widget`` with ``main`` holding one commit."""
    work = GitRepo.create(tmp_path / "work")
    work.commit("chore: start", files={"README.md": "hello\n"})
    client = SimClient(sim.url)
    git_dir = client.create_repo("acme/widget", source=work.path)
    return Widget(sim, client, work, git_dir)


def error_codes(reply: Reply) -> list[str]:
    """The ``code`` (or custom ``message``) of each entry of a 422's ``errors``."""
    return [e.get("message") or e["code"] for e in reply.body.get("errors", [])]
