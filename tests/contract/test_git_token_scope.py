"""The token git is given reaches the GitHub git server only: never a submodule's host, never
another host a remote points at (real git, a recording HTTP server standing in for an attacker)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import git_auth_env
from regent.adapters.git.history import GitHistory
from regent.core.errors import HistoryError
from tests.gitrepo import GIT_ENV, GitRepo, git
from tests.recording_server import Seen, recording_server

pytestmark = pytest.mark.contract

TOKEN = "ghs_" + "Z9y8X7w6" * 5
BASIC = "Basic " + base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def recorder() -> Iterator[tuple[str, Seen]]:
    with recording_server() as running:
        yield running


def checkout_with_a_submodule(tmp_path: Path, submodule_url: str) -> tuple[Path, Path, GitRepo]:
    """A checkout of ``super`` with its submodule populated, then pointed at ``submodule_url``
    (what ``git submodule sync`` does after a merged pull request changed ``.gitmodules``), and
    a newer commit on the server moving the submodule pointer. Returns (checkout, server, sub)."""
    sub = GitRepo.create(tmp_path / "sub")
    sub.commit("chore: s1")
    upstream = GitRepo.create(tmp_path / "super")
    git(upstream.path, "-c", "protocol.file.allow=always", "submodule", "add", "-q", "../sub")
    git(upstream.path, "commit", "-q", "-m", "chore: add sub")
    checkout = tmp_path / "work"
    git(tmp_path, "clone", "-q", upstream.path.as_uri(), str(checkout))
    git(checkout, "-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init")
    git(checkout, "config", "submodule.sub.url", submodule_url)
    git(checkout / "sub", "remote", "set-url", "origin", submodule_url)
    sub.commit("chore: s2")
    git(upstream.path / "sub", "pull", "-q")
    git(upstream.path, "add", "sub")
    git(upstream.path, "commit", "-q", "-m", "chore: bump sub")
    return checkout, upstream.path, sub


def test_a_fetch_moving_a_submodule_pointer_never_reaches_the_submodule_host(
    tmp_path: Path, recorder: tuple[str, Seen]
) -> None:
    url, seen = recorder
    checkout, upstream, _ = checkout_with_a_submodule(tmp_path, f"{url}/attacker/sub.git")
    history = GitHistory(checkout, git_env=git_auth_env(TOKEN, server=upstream.as_uri()))
    assert history.refresh("main") == git(upstream, "rev-parse", "HEAD")
    assert seen == []


def test_a_remote_on_another_host_than_the_server_gets_no_token(
    tmp_path: Path, recorder: tuple[str, Seen]
) -> None:
    url, seen = recorder
    work = GitRepo.create(tmp_path / "work")
    work.commit("chore: start")
    git(work.path, "remote", "add", "origin", f"{url}/acme/widget.git")
    elsewhere = GitHistory(work.path, git_env=git_auth_env(TOKEN, server="https://github.com"))
    with pytest.raises(HistoryError):
        elsewhere.refresh("main")
    assert seen
    assert all(authorization is None for _, authorization in seen)
    seen.clear()
    on_the_server = GitHistory(work.path, git_env=git_auth_env(TOKEN, server=url))
    with pytest.raises(HistoryError):
        on_the_server.refresh("main")
    assert {authorization for _, authorization in seen} == {BASIC}
