"""GitHub App authentication: JWT, installation lookup, tokens cached and refreshed."""

from __future__ import annotations

import logging

import pytest

from regent.adapters.github.adapter import GitHubConnection
from regent.adapters.github.auth import AppCredentials
from regent.adapters.github.meter import APP_AUTH
from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import GitHubAuthError, GitHubNotFoundError, GitHubPermissionError
from regent.core.model import RepoRef
from tests.app_keys import private_pem
from tests.contract.conftest import REPO, Connect, ConnectSession, World

pytestmark = pytest.mark.contract

APP_ID = 4242
INSTALLATION = 77


@pytest.fixture(scope="module")
def key() -> str:
    return private_pem()


def register(world: World, key: str, **options: object) -> None:
    body = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    reply = world.client.post("/_sim/apps", body | options)
    assert reply.status == 201, reply.body


def app_adapter(connect: Connect, key: str, **options: object) -> GitHubAdapter:
    return connect(app=AppCredentials(APP_ID, key, **options))  # type: ignore[arg-type]


def app_session(connect_session: ConnectSession, key: str) -> GitHubConnection:
    return connect_session(app=AppCredentials(APP_ID, key))


def test_an_app_finds_its_installation_and_uses_its_token(
    connect: Connect, world: World, key: str
) -> None:
    register(world, key)
    github = app_adapter(connect, key)
    assert github.branch_head("main") == world.base
    version = github.config_file("VERSION", ref="main")
    assert version is not None
    assert version.text == "1.0.0\n"
    assert world.calls() == [
        "GET apps/get-repo-installation",
        "POST apps/create-installation-access-token",
        "GET git/get-ref",
        "GET repos/get-content",
    ]
    counts = github.call_counts()
    assert (counts[APP_AUTH], counts["branch_head"], counts["config_file"]) == (2, 1, 1)
    assert counts.total == len(world.requests())


def test_a_known_installation_skips_the_lookup(connect: Connect, world: World, key: str) -> None:
    register(world, key)
    github = app_adapter(connect, key, installation_id=INSTALLATION)
    github.ensure_tag(tag="v1.1.0", sha=world.base)
    assert world.calls() == ["POST apps/create-installation-access-token", "POST git/create-ref"]


def test_the_installation_token_is_refreshed_before_it_expires(
    connect: Connect, world: World, key: str
) -> None:
    register(world, key, token_lifetime_s=10)
    github = app_adapter(connect, key, installation_id=INSTALLATION)
    github.branch_head("main")
    github.branch_head("main")
    assert world.calls().count("POST apps/create-installation-access-token") == 2


def test_installation_tokens_stay_out_of_logs(
    connect: Connect, world: World, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    register(world, key)
    github = app_adapter(connect, key, installation_id=INSTALLATION)
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="github"):
        github.branch_head("main")
    assert "ghs_" not in caplog.text
    assert '"token": "***"' in caplog.text


def test_installation_permissions_are_enforced(connect: Connect, world: World, key: str) -> None:
    register(world, key, permissions={"contents": "read", "pull_requests": "write"})
    github = app_adapter(connect, key, installation_id=INSTALLATION)
    with pytest.raises(GitHubPermissionError) as refused:
        github.ensure_tag(tag="v1.1.0", sha=world.base)
    assert "App's settings" in refused.value.message
    assert "ghs_" not in refused.value.message


def test_a_repository_without_the_app_installed(
    connect_session: ConnectSession, world: World, key: str
) -> None:
    register(world, key)
    github = app_session(connect_session, key).for_repository(RepoRef("acme", "elsewhere"))
    with pytest.raises(GitHubNotFoundError):
        github.branch_head("main")


def test_a_key_github_does_not_know(connect: Connect, world: World, key: str) -> None:
    register(world, key)
    github = app_adapter(connect, private_pem())
    with pytest.raises(GitHubAuthError) as refused:
        github.branch_head("main")
    assert "App" in refused.value.message


def test_a_private_key_that_is_not_one(connect: Connect) -> None:
    with pytest.raises(GitHubAuthError, match="private key"):
        app_adapter(connect, "-----BEGIN NOTHING-----\nxx\n-----END NOTHING-----\n")
