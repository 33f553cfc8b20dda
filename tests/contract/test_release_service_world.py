"""A repository on the simulator, a maintainer merging pull requests, and the release service.

The other ``test_release_service_*`` modules build on ``ReleaseWorld``; the few tests here
check the world itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.policy import ReleasePolicy
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.marker import ReleasePrMarker, parse_marker
from regent.runtimes.wiring import checkout_release_service
from regent.services.release import Overrides, ReconcileOutcome, ReleaseService
from tests.contract.conftest import REPO, World
from tests.gitrepo import git

pytestmark = pytest.mark.contract

TODAY = "2026-11-26"
BRANCH = release_branch_name("main")
WRITES = {"POST", "PATCH", "PUT", "DELETE"}


@dataclass
class ReleaseWorld:
    """``acme/widget`` on the simulator (main: ``chore: start`` then ``feat: app``, untagged)."""

    world: World
    github: GitHubAdapter
    checkout: Path
    dev: Path
    policy: ReleasePolicy = field(default_factory=ReleasePolicy)
    today: str = TODAY
    features: int = 0

    def service(self, *, base: str = "main", **changes: Any) -> ReleaseService:
        """The release service over the checkout, with policy fields replaced by ``changes``."""
        return checkout_release_service(
            self.checkout,
            github=self.github,
            policy=replace(self.policy, **changes),
            base_branch=base,
            today=lambda: self.today,
        )

    def reconcile(
        self,
        *,
        base: str = "main",
        overrides: Overrides | None = None,
        dry_run: bool = False,
        **changes: Any,
    ) -> ReconcileOutcome:
        return self.service(base=base, **changes).reconcile(
            base, overrides=overrides or Overrides(), dry_run=dry_run
        )

    def merge_change(
        self,
        message: str,
        *,
        files: dict[str, str] | None = None,
        method: str = "merge",
        base: str = "main",
        title: str | None = None,
    ) -> str:
        """Push a branch with one commit off ``base``, open its PR and merge it; the new base."""
        self.features += 1
        branch = f"change-{self.features}"
        git(self.dev, "fetch", "--quiet", "origin")
        git(self.dev, "checkout", "--quiet", "-B", branch, f"origin/{base}")
        for relative, text in (files or {f"changes/{self.features}.txt": "x\n"}).items():
            target = self.dev / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.dev, "add", "--all")
        git(self.dev, "commit", "--quiet", "-m", message)
        git(self.dev, "push", "--quiet", "origin", branch)
        title = title or message.splitlines()[0]
        opened = self.world.client.post(
            f"{self.world.api}/pulls", {"title": title, "head": branch, "base": base}
        )
        assert opened.status == 201, opened.body
        return self.merge(opened.body["number"], method=method)

    def merge(self, number: int, *, method: str = "merge") -> str:
        """Merge pull request ``number`` as a maintainer would; the merge commit."""
        merged = self.world.client.post(
            f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge", {"method": method}
        )
        assert merged.status == 200, merged.body
        return str(merged.body["sha"])

    def state(self) -> dict[str, Any]:
        return self.world.state()

    def pull(self, number: int) -> dict[str, Any]:
        return next(pull for pull in self.state()["pulls"] if pull["number"] == number)

    def open_pulls(self) -> list[dict[str, Any]]:
        return [pull for pull in self.state()["pulls"] if pull["state"] == "open"]

    def marker(self, number: int) -> ReleasePrMarker | None:
        return parse_marker(self.pull(number)["body"])

    def file_at(self, ref: str, path: str) -> str:
        return git(self.world.git_dir, "show", f"{ref}:{path}")

    def parents(self, ref: str) -> list[str]:
        return git(self.world.git_dir, "log", "-1", "--format=%P", ref).split()

    def comments(self, number: int) -> list[str]:
        listed = self.world.client.get(f"{self.world.api}/issues/{number}/comments")
        return [item["body"] for item in listed.body]

    def releases(self) -> list[dict[str, Any]]:
        return list(self.state()["releases"])

    def latest_release_tag(self) -> str | None:
        found = self.world.client.get(f"{self.world.api}/releases/latest")
        return str(found.body["tag_name"]) if found.status == 200 else None

    def writes(self) -> list[str]:
        return [call for call in self.world.calls() if call.split()[0] in WRITES]


def make_release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    """The release world over the contract tests' ``world``; each module's fixture calls it."""
    url = world.git_dir.as_uri()
    checkout, dev = tmp_path / "checkout", tmp_path / "dev"
    for path in (checkout, dev):
        git(tmp_path, "clone", "--quiet", url, str(path))
    return ReleaseWorld(world, github, checkout, dev)


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return make_release_world(world, github, tmp_path)


def test_a_merged_change_lands_on_main(release_world: ReleaseWorld) -> None:
    sha = release_world.merge_change("fix: a bug", method="squash")
    assert release_world.state()["branches"]["main"] == sha
    assert release_world.file_at("main", "changes/1.txt") == "x"


def test_the_release_branch_of_main() -> None:
    assert BRANCH == "release-regent/main"
