"""A repository on GitHub (the fake's or the simulator's), a maintainer merging pull requests,
and the release service over a checkout of it.

The service tests in ``tests/unit/services`` run it on the fake; the few in ``tests/contract``
that prove HTTP-level behaviour (request budgets, lost answers) run it on the simulator.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from regent.core.policy import ReleasePolicy
from regent.core.ports import MeteredGitHub
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.marker import ReleasePrMarker, parse_marker
from regent.runtimes.wiring import checkout_release_service
from regent.services.release import Overrides, ReconcileOutcome, ReleaseService
from tests.gitrepo import git
from tests.remote import Remote

TODAY = "2026-11-26"
BRANCH = release_branch_name("main")


@dataclass
class ReleaseWorld:
    """``acme/widget`` (main: ``chore: start`` then ``feat: app``, untagged), a checkout of it
    for the service and a developer's clone (``dev``) to push changes from."""

    remote: Remote
    github: MeteredGitHub
    checkout: Path
    dev: Path
    policy: ReleasePolicy = field(default_factory=ReleasePolicy)
    today: str = TODAY
    features: int = 0

    @classmethod
    def create(cls, remote: Remote, github: MeteredGitHub, tmp_path: Path) -> ReleaseWorld:
        checkout, dev = tmp_path / "checkout", tmp_path / "dev"
        git(tmp_path, "clone", "--quiet", remote.git_dir.as_uri(), str(checkout))
        shutil.copytree(checkout, dev, symlinks=True)  # the same clone, without cloning twice
        return cls(remote, github, checkout, dev)

    def service(
        self, *, base: str = "main", github: MeteredGitHub | None = None, **changes: Any
    ) -> ReleaseService:
        """The release service for ``base`` over the checkout, as the wiring builds it, with
        policy fields replaced by ``changes`` (``github``: a port in place of the world's)."""
        return checkout_release_service(
            self.checkout,
            github=github or self.github,
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
        outcome = self.service(base=base, **changes).reconcile(
            base, overrides=overrides or Overrides(), dry_run=dry_run
        )
        assert isinstance(outcome, ReconcileOutcome)
        return outcome

    def push(self, branch: str, *, start: str, message: str, files: dict[str, str]) -> None:
        """Commit ``files`` on ``start`` in the developer's clone and push it as ``branch``."""
        git(self.dev, "fetch", "--quiet", "origin")
        git(self.dev, "checkout", "--quiet", "-B", branch, start)
        for relative, text in files.items():
            target = self.dev / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.dev, "add", "--all")
        git(self.dev, "commit", "--quiet", "-m", message)
        git(self.dev, "push", "--quiet", "--force", "origin", branch)

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
        changed = files or {f"changes/{self.features}.txt": "x\n"}
        self.push(branch, start=f"origin/{base}", message=message, files=changed)
        number = self.remote.open_pull(branch, base, title=title or message.splitlines()[0])
        return self.remote.merge(number, method=method)

    def revert(self, sha: str) -> str:
        """Revert ``sha`` in a pull request and merge it; the new base."""
        git(self.dev, "fetch", "--quiet", "origin")
        git(self.dev, "checkout", "--quiet", "-B", "revert-it", "origin/main")
        git(self.dev, "revert", "--no-edit", sha)
        git(self.dev, "push", "--quiet", "--force", "origin", "revert-it")
        number = self.remote.open_pull("revert-it", "main", title="revert it")
        return self.remote.merge(number)

    def tag_main(self, tag: str) -> None:
        """Tag main's head, as an earlier release would have."""
        self.remote.create_ref(f"refs/tags/{tag}", self.state()["branches"]["main"])

    def state(self) -> dict[str, Any]:
        return self.remote.state()

    def pull(self, number: int) -> dict[str, Any]:
        return next(pull for pull in self.state()["pulls"] if pull["number"] == number)

    def open_pulls(self) -> list[dict[str, Any]]:
        return [pull for pull in self.state()["pulls"] if pull["state"] == "open"]

    def marker(self, number: int) -> ReleasePrMarker | None:
        return parse_marker(self.pull(number)["body"])

    def file_at(self, ref: str, path: str) -> str:
        return git(self.remote.git_dir, "show", f"{ref}:{path}")

    def parents(self, ref: str) -> list[str]:
        return git(self.remote.git_dir, "log", "-1", "--format=%P", ref).split()

    def releases(self) -> list[dict[str, Any]]:
        return list(self.state()["releases"])
