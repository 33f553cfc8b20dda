"""The delivery worker reads templates and files from git objects: a tree entry of mode 120000
(a symbolic link) is followed inside the tree or refused, never read as the file's content, and
a link to a file Release Regent rewrites is never replaced by a copy of its target."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import CloneCache
from regent.adapters.github.auth import AppCredentials
from regent.core.errors import ConfigError
from regent.runtimes.wiring import delivery_worker
from regent.services.deliveries import DeliveryWorker
from tests.app_keys import private_pem
from tests.contract.conftest import ConnectSession, World
from tests.contract.test_delivery_worker import target
from tests.contract.test_github_app import APP_ID, register
from tests.gitrepo import git

pytestmark = pytest.mark.contract

NOTES_PATH = ".github/release-notes.md.j2"
CONFIG = f"templates:\n  release_notes: {NOTES_PATH}\n"


def worker_over(
    world: World,
    connect_session: ConnectSession,
    tmp_path: Path,
    links: dict[str, str],
    files: dict[str, str],
) -> DeliveryWorker:
    """A worker for acme/widget whose main holds ``files`` and the symbolic ``links``."""
    key = private_pem()
    register(world, key)
    for link, link_target in links.items():
        (world.work.path / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(link_target, world.work.path / link)
    world.work.commit("feat: release config", files={".release-regent.yml": CONFIG, **files})
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    github = connect_session(app=AppCredentials(APP_ID, key))
    return delivery_worker(
        github,
        clones=CloneCache(tmp_path / "clones"),
        git_url=world.git_dir.parents[1].as_uri(),
        today=lambda: "2026-11-27",
    )


def assert_nothing_written(world: World) -> None:
    writes = [call for call in world.calls() if not call.startswith("GET ")]
    assert all("access-token" in call for call in writes), writes


def test_a_template_committed_as_a_link_to_the_environment_is_refused(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    worker = worker_over(world, connect_session, tmp_path, {NOTES_PATH: "/proc/self/environ"}, {})
    world.forget()
    with pytest.raises(ConfigError, match="leads outside the repository") as refused:
        worker.reconcile(target(world))
    assert refused.value.path == NOTES_PATH
    assert "/proc/self/environ" in str(refused.value)
    assert_nothing_written(world)


def test_a_template_linked_inside_the_tree_is_followed(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    links = {NOTES_PATH: "../docs/notes.md.j2"}
    files = {"docs/notes.md.j2": "Shared notes of {{ notes.version }}\n"}
    worker = worker_over(world, connect_session, tmp_path, links, files)
    assert worker.reconcile(target(world)).events == ("release_pr_opened",)
    (pull,) = [p for p in world.state()["pulls"] if p["state"] == "open"]
    assert "Shared notes of 0.1.0" in pull["body"]
    assert "../docs/notes.md.j2" not in pull["body"]


def test_a_changelog_committed_as_a_link_is_not_replaced_by_a_copy(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    links = {"CHANGELOG.md": "docs/CHANGES.md"}
    files = {"docs/CHANGES.md": "# Changes\n", NOTES_PATH: "notes\n"}
    worker = worker_over(world, connect_session, tmp_path, links, files)
    world.forget()
    with pytest.raises(ConfigError, match=r"goes through the symbolic link CHANGELOG\.md"):
        worker.reconcile(target(world))
    assert_nothing_written(world)
    assert git(world.git_dir, "cat-file", "-p", "main:CHANGELOG.md") == "docs/CHANGES.md"


def test_a_huge_link_target_is_refused_without_reading_it(
    connect_session: ConnectSession, world: World, tmp_path: Path
) -> None:
    worker = worker_over(world, connect_session, tmp_path, {}, {})
    long_target = tmp_path / "target.txt"
    long_target.write_text("a/" * 100_000, encoding="utf-8")
    blob = git(world.work.path, "hash-object", "-w", str(long_target))
    git(world.work.path, "update-index", "--add", "--cacheinfo", f"120000,{blob},{NOTES_PATH}")
    git(world.work.path, "commit", "--quiet", "-m", "feat: long link")
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")
    with pytest.raises(ConfigError, match="is a symbolic link whose target is 200000 bytes long"):
        worker.reconcile(target(world))
