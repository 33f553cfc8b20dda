"""The release policy read through the contents API: the requests it costs, and files the API
sends as links or too large; the policy itself is tested on the fake
(``tests/unit/services/test_repo_config_service.py``)."""

from __future__ import annotations

import os

import pytest

from regent.adapters.github.adapter import GitHubConnection
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy
from regent.services.repo_config import RepoConfigSource
from tests.contract.conftest import REPO, World
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def set_repo_file(world: World, name: str, text: str) -> None:
    """Commit ``name`` on main of acme/widget and push it to the simulator."""
    world.work.commit(f"chore: config {name}", files={name: text})
    git(world.work.path, "push", "--quiet", str(world.git_dir), "main:refs/heads/main")


def test_no_file_anywhere_gives_the_defaults_in_four_requests(
    session: GitHubConnection, world: World
) -> None:
    source = RepoConfigSource(session)
    before = session.call_counts()
    assert source.policy_for(REPO, default_branch="main") == ReleasePolicy()
    assert session.call_counts().since(before)["config_file"] == 4
    assert world.calls() == ["GET repos/get-content"] * 4


def test_the_repository_file_is_used_in_two_requests(
    session: GitHubConnection, world: World
) -> None:
    set_repo_file(world, ".release-regent.yml", 'tag_template: "v{version}-x"\n')
    source = RepoConfigSource(session)
    before = session.call_counts()
    policy = source.policy_for(REPO, default_branch="main")
    assert policy.tag_template == "v{version}-x"
    assert session.call_counts().since(before)["config_file"] == 2


def test_a_configuration_linked_out_of_the_repository_is_refused(
    session: GitHubConnection, world: World
) -> None:
    os.symlink("/proc/self/environ", world.work.path / ".release-regent.yml")
    set_repo_file(world, "README.md", "linked\n")
    with pytest.raises(ConfigError, match="symbolic link") as refused:
        RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert refused.value.path == "acme/widget:.release-regent.yml"


def test_an_oversized_configuration_is_refused_before_its_content_is_fetched(
    session: GitHubConnection, world: World
) -> None:
    set_repo_file(world, ".release-regent.yml", "# padding\n" * 200_000)
    world.forget()
    with pytest.raises(ConfigError, match="larger than 1 MiB") as refused:
        RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert refused.value.path == "acme/widget:.release-regent.yml"
    assert "GET git/get-blob" not in world.calls()
