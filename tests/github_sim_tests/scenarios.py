"""A simulated ``acme/widget`` with prepared branches, for pull, issue, release and event tests."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tests.github_sim.client import Reply, SimClient
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git

REPO = "/repos/acme/widget"


SCRATCH_START = 100


def build_source(path: Path) -> Path:
    """The repository every ``acme/widget`` is cloned from (build it once per module).

    main: ``chore: start`` then ``docs: main moves`` (adds docs.txt). From the first commit:
    ``feature`` (``feat: one``, ``fix: two``) and ``clash`` (adds a different docs.txt).
    From main: ``feature-a``, ``feature-b``, ``feature-c`` (one commit each), ``release``
    (``chore: release 1.0.0``), and ``develop`` and ``empty`` with no commits of their own.
    """
    work = GitRepo.create(path)
    start = work.commit("chore: start", files={"README.md": "hello\n"})
    work.commit("docs: main moves", files={"docs.txt": "docs\n"})
    _branch(work, "feature", start, "feat: one", "fix: two")
    work.branch("clash", start=start)
    work.commit("fix: clash", files={"docs.txt": "other\n"})
    for name in ("feature-a", "feature-b", "feature-c"):
        _branch(work, name, "main", f"feat: {name}")
    _branch(work, "release", "main", "chore: release 1.0.0")
    _branch(work, "develop", "main")
    _branch(work, "empty", "main")
    work.checkout("main")
    return path


def _branch(work: GitRepo, name: str, start: str, *messages: str) -> None:
    work.branch(name, start=start)
    for message in messages:
        work.commit(message)


@dataclass
class Widget:
    """The simulator, a client, the bare repository, and a scratch directory."""

    sim: SimServer
    client: SimClient
    git_dir: Path
    scratch: Path

    @cached_property
    def work(self) -> GitRepo:
        """A clone to commit in and push from (made on first use)."""
        path = self.scratch / "work"
        git(self.scratch, "clone", "--quiet", str(self.git_dir), str(path))
        return GitRepo(path, counter=SCRATCH_START)

    def sha(self, branch: str) -> str:
        return str(self.state()["branches"][branch])

    def push(self, *refs: str) -> None:
        git(self.work.path, "push", "--quiet", "--force", str(self.git_dir), *refs)

    def branch_with(self, name: str, *messages: str, start: str = "main") -> str:
        """Create ``name`` from ``start`` with one commit per message, push it; return its tip."""
        _branch(self.work, name, start, *messages)
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


def make_widget(sim: SimServer, source: Path, scratch: Path) -> Widget:
    """``acme/widget`` on ``sim``, cloned from ``source`` (see build_source)."""
    client = SimClient(sim.url)
    return Widget(sim, client, client.create_repo("acme/widget", source=source), scratch)


def error_codes(reply: Reply) -> list[str]:
    """The ``code`` (or custom ``message``) of each entry of a 422's ``errors``."""
    return [e.get("message") or e["code"] for e in reply.body.get("errors", [])]
