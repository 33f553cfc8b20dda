"""Port operations for the webhook service: known installations, git tokens, config files."""

from __future__ import annotations

import pytest

from regent.core.model import RepoRef, VersionedFile
from tests.contract.conftest import REPO, Connect, ConnectSession, World
from tests.contract.test_github_app import INSTALLATION, app_session, key, register
from tests.github_sim.client import DEFAULT_TOKEN
from tests.gitrepo import git

pytestmark = pytest.mark.contract

__all__ = ["key"]


def test_a_remembered_installation_skips_the_lookup(
    connect_session: ConnectSession, world: World, key: str
) -> None:
    register(world, key)
    session = app_session(connect_session, key)
    session.remember_installation(REPO, INSTALLATION)
    assert session.for_repository(REPO).branch_head("main") == world.base
    assert "GET apps/get-repo-installation" not in world.calls()
    assert world.calls() == ["POST apps/create-installation-access-token", "GET git/get-ref"]


def test_git_token_is_the_installation_token_and_is_reused(
    connect_session: ConnectSession, world: World, key: str
) -> None:
    register(world, key)
    session = app_session(connect_session, key)
    session.remember_installation(REPO, INSTALLATION)
    token = session.git_token(REPO)
    issued = world.sim.state.tokens[token]
    assert issued.installation_id == INSTALLATION
    assert session.git_token(REPO) == token
    session.for_repository(REPO).branch_head("main")
    assert world.calls() == ["POST apps/create-installation-access-token", "GET git/get-ref"]
    assert session.call_counts()["git_token"] == 0, "the token request is app_auth's"


def test_git_token_is_renewed_when_it_expires(
    connect_session: ConnectSession, world: World, key: str
) -> None:
    register(world, key, token_lifetime_s=10)
    session = app_session(connect_session, key)
    session.remember_installation(REPO, INSTALLATION)
    first = session.git_token(REPO)
    second = session.git_token(REPO)
    assert first != second
    assert world.calls().count("POST apps/create-installation-access-token") == 2


def test_git_token_of_a_token_connection_costs_nothing(
    connect_session: ConnectSession, world: World
) -> None:
    assert connect_session().git_token(REPO) == DEFAULT_TOKEN
    assert world.calls() == []


def test_config_file_returns_text_and_blob_sha(connect: Connect, world: World) -> None:
    github = connect()
    found = github.config_file("VERSION")
    sha = git(world.work.path, "rev-parse", f"{world.base}:VERSION")
    assert found == VersionedFile(path="VERSION", sha=sha, text="1.0.0\n")
    assert github.config_file("src/app.py", ref=world.first) is None
    assert github.config_file("src/app.py", ref="main") is not None
    assert github.config_file(".release-regent.yml") is None
    assert github.config_file("src") is None, "a directory counts as absent"
    assert world.calls() == ["GET repos/get-content"] * 5
    assert github.call_counts()["config_file"] == 5
    assert "ref=" not in world.requests()[0]["query"]


def test_a_remembered_installation_serves_every_repository_of_its_owner(
    connect_session: ConnectSession, world: World, key: str
) -> None:
    world.client.create_repo("acme/.github", world.work.path)
    installations = {REPO.full_name: INSTALLATION, "acme/.github": INSTALLATION}
    register(world, key, installations=installations)
    session = app_session(connect_session, key)
    session.remember_installation(REPO, INSTALLATION)
    assert session.for_repository(RepoRef("acme", ".github")).config_file("VERSION") is not None
    assert session.for_repository(REPO).config_file("VERSION", ref="main") is not None
    assert world.calls() == [
        "POST apps/create-installation-access-token",
        "GET repos/get-content",
        "GET repos/get-content",
    ]
