"""``acme/widget`` on the GitHub simulator as a ``tests.remote.Remote``: every action goes
through the simulator's HTTP API, as a maintainer's browser would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.gitrepo import GitRepo
from tests.remote import REPO, SIM_PATHS, SIM_WRITES

if TYPE_CHECKING:
    from tests.contract.conftest import World


@dataclass
class SimRemote:
    """The contract tests' ``world`` seen as a remote."""

    world: World

    @property
    def git_dir(self) -> Path:
        return self.world.git_dir

    @property
    def work(self) -> GitRepo:
        return self.world.work

    @property
    def first(self) -> str:
        return self.world.first

    @property
    def base(self) -> str:
        return self.world.base

    def state(self) -> dict[str, Any]:
        return self.world.state()

    def calls(self) -> list[str]:
        return self.world.calls()

    def writes(self) -> list[str]:
        return [call for call in self.world.calls() if call.split()[0] in SIM_WRITES]

    def forget(self) -> None:
        self.world.forget()

    def fail(self, operation: str, *, times: int) -> None:
        method, path = SIM_PATHS[operation]
        self.world.fault(method, path, status=502, times=times)

    def heal(self) -> None:
        self.world.client.delete("/_sim/faults")

    def open_pull(self, head: str, base: str, *, title: str) -> int:
        opened = self._post(f"{self.world.api}/pulls", {"title": title, "head": head, "base": base})
        return int(opened["number"])

    def merge(self, number: int, *, method: str = "merge") -> str:
        merged = self._post(
            f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge", {"method": method}
        )
        return str(merged["sha"])

    def edit_pull(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        fields = {
            name: text for name, text in (("title", title), ("body", body)) if text is not None
        }
        reply = self.world.client.patch(f"{self.world.api}/pulls/{number}", fields)
        assert reply.status == 200, reply.body

    def add_labels(self, number: int, labels: list[str]) -> None:
        self._post(f"{self.world.api}/issues/{number}/labels", {"labels": labels})

    def create_ref(self, ref: str, sha: str) -> None:
        self._post(f"{self.world.api}/git/refs", {"ref": ref, "sha": sha})

    def add_release(self, tag: str, *, body: str) -> None:
        self._post(f"{self.world.api}/releases", {"tag_name": tag, "body": body})

    def comments(self, number: int) -> list[str]:
        listed = self.world.client.get(f"{self.world.api}/issues/{number}/comments?per_page=100")
        return [item["body"] for item in listed.body]

    def latest_release_tag(self) -> str | None:
        found = self.world.client.get(f"{self.world.api}/releases/latest")
        return str(found.body["tag_name"]) if found.status == 200 else None

    def close_pull(self, number: int) -> None:
        reply = self.world.client.patch(f"{self.world.api}/pulls/{number}", {"state": "closed"})
        assert reply.status == 200, reply.body

    def set_role(self, login: str, role: str) -> None:
        path = f"/_sim/repos/{REPO.full_name}/collaborators"
        self._post(path, {"login": login, "permission": role})

    def reactions(self, number: int) -> dict[int, dict[str, int]]:
        listed = self.world.client.get(f"{self.world.api}/issues/{number}/comments?per_page=100")
        return {
            item["id"]: {
                content: count
                for content, count in item["reactions"].items()
                if content not in ("url", "total_count") and count
            }
            for item in listed.body
        }

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        reply = self.world.client.post(path, body)
        assert reply.status in (200, 201), reply.body
        return reply.body
