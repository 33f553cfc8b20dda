"""The Action and ``regent run`` never send their token to a submodule's host: a checkout whose
submodule points at another host (a contributor chooses ``.gitmodules``), and a pushed commit
moving the submodule pointer; the entrypoint (run as the runner starts it) or ``regent run``
fetches the base branch and the tags, and the other host sees no request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import BASE, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.e2e.test_cli_run import regent_run
from tests.github_sim.client import DEFAULT_TOKEN
from tests.gitrepo import GitRepo, git
from tests.recording_server import recording_server

pytestmark = pytest.mark.e2e

FILE_ALLOWED = ("-c", "protocol.file.allow=always")


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as running:
        yield running


def bump_submodule(lifecycle: Lifecycle, upstream: Path, sub: GitRepo) -> None:
    """A new commit in the submodule and, on the base branch, one moving the pointer to it."""
    sub.commit("chore: s2")
    git(upstream / "sub", "pull", "-q", "origin", "main")
    git(upstream, "add", "sub")
    git(upstream, "commit", "-q", "-m", "chore: bump sub")
    git(upstream, "push", "-q", "origin", f"HEAD:{BASE}")


def hostile_submodule_checkout(lifecycle: Lifecycle, tmp_path: Path, attacker: str) -> Path:
    """A checkout whose submodule points at ``attacker``; then the pointer moves on the server."""
    sub = GitRepo.create(tmp_path / "sub")
    sub.commit("chore: s1")
    upstream = lifecycle.extra_checkout("upstream")
    git(upstream, *FILE_ALLOWED, "submodule", "add", "-q", sub.path.as_uri(), "sub")
    git(upstream, "commit", "-q", "-m", "chore: add sub")
    git(upstream, "push", "-q", "origin", f"HEAD:{BASE}")
    workspace = lifecycle.extra_checkout("workspace")
    git(workspace, *FILE_ALLOWED, "submodule", "update", "-q", "--init")
    hostile = f"{attacker}/attacker/sub.git"
    git(workspace, "config", "submodule.sub.url", hostile)
    git(workspace / "sub", "remote", "set-url", "origin", hostile)
    bump_submodule(lifecycle, upstream, sub)
    return workspace


def test_the_action_never_sends_the_token_to_a_submodule_host(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    with recording_server() as (attacker, seen):
        workspace = hostile_submodule_checkout(lifecycle, tmp_path, attacker)
        run = Runner(lifecycle, tmp_path / "runs", workspace).run("push", push_payload(lifecycle))
        assert run.code == 0, run.stdout + run.stderr
        assert seen == []
    assert git(workspace, "rev-parse", f"origin/{BASE}") == lifecycle.base_head()
    assert DEFAULT_TOKEN not in (workspace / ".git" / "config").read_text()


def test_regent_run_never_sends_the_token_to_a_submodule_host(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    event_file = tmp_path / "push.json"
    with recording_server() as (attacker, seen):
        workspace = hostile_submodule_checkout(lifecycle, tmp_path, attacker)
        payload = push_payload(lifecycle)
        payload["repository"] = payload["repository"] | {"clone_url": lifecycle.git_dir.as_uri()}
        event_file.write_text(json.dumps(payload), encoding="utf-8")
        arguments = ("--event-file", str(event_file), "--event", "push", "--checkout")
        run = regent_run(lifecycle, *arguments, str(workspace))
        assert run.code == 0, run.stdout + run.stderr
        assert seen == []
    assert git(workspace, "rev-parse", f"origin/{BASE}") == lifecycle.base_head()
