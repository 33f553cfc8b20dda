"""The release commit is made through the Git Data API with no author or committer of its own,
so GitHub signs it for an App installation token (and the workflow's GITHUB_TOKEN, an
installation token of the GitHub Actions App) and not for a personal token."""

from __future__ import annotations

from typing import Any

import pytest

from regent.adapters.github.auth import AppCredentials
from regent.adapters.github.repository import GitHubAdapter
from regent.core.model import FileChange
from tests.app_keys import private_pem
from tests.contract.conftest import REPO, Connect, World
from tests.gitrepo import git

pytestmark = pytest.mark.contract

APP_ID = 4343
INSTALLATION = 88
WORKFLOW_TOKEN = "ghs_workflow"
PERSONAL_TOKEN = "ghp_personal"


def _release_commit(github: GitHubAdapter, world: World) -> str:
    return github.write_release_branch(
        branch="release-regent/main",
        base_sha=world.base,
        files=(FileChange("VERSION", "1.1.0\n"),),
        message="chore(release): v1.1.0",
        branch_exists=False,
    )


def _verification(world: World, sha: str) -> dict[str, Any]:
    reply = world.client.get(f"{world.api}/git/commits/{sha}")
    assert reply.status == 200, reply.body
    return dict(reply.body["verification"])


def _app(connect: Connect, world: World) -> GitHubAdapter:
    key = private_pem()
    body = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert world.client.post("/_sim/apps", body).status == 201
    return connect(app=AppCredentials(APP_ID, key, installation_id=INSTALLATION))


def _workflow(connect: Connect, world: World) -> GitHubAdapter:
    world.token(WORKFLOW_TOKEN, login="github-actions[bot]")
    return connect(token=WORKFLOW_TOKEN)


@pytest.mark.parametrize("signer", [_app, _workflow], ids=["app-installation", "workflow-token"])
def test_an_installation_token_gets_a_verified_release_commit(
    connect: Connect, world: World, signer: Any
) -> None:
    sha = _release_commit(signer(connect, world), world)
    verification = _verification(world, sha)
    assert (verification["verified"], verification["reason"]) == (True, "valid")
    assert verification["payload"].startswith("tree ")
    assert "gpgsig" not in verification["payload"]
    clone = world.work.path
    git(clone, "fetch", "--quiet", str(world.git_dir), "release-regent/main")
    assert git(clone, "cat-file", "-p", sha).count("-----BEGIN PGP SIGNATURE-----") == 1
    listed = world.client.get(f"{world.api}/commits/{sha}").body["commit"]["verification"]
    assert listed == verification


def test_a_personal_token_gets_an_unsigned_release_commit(connect: Connect, world: World) -> None:
    world.token(PERSONAL_TOKEN, login="maintainer")
    sha = _release_commit(connect(token=PERSONAL_TOKEN), world)
    verification = _verification(world, sha)
    assert (verification["verified"], verification["reason"]) == (False, "unsigned")
    assert verification["signature"] is None


def test_a_commit_naming_its_own_author_is_not_signed_even_for_an_app(
    connect: Connect, world: World
) -> None:
    _app(connect, world)
    world.token(WORKFLOW_TOKEN, login="github-actions[bot]")
    tree = world.client.get(f"{world.api}/git/commits/{world.base}").body["tree"]["sha"]
    author = {"name": "Someone", "email": "someone@example.com"}
    body = {"message": "x", "tree": tree, "parents": [world.base], "author": author}
    made = world.client.request("POST", f"{world.api}/git/commits", body, token=WORKFLOW_TOKEN)
    assert made.status == 201, made.body
    assert made.body["verification"]["reason"] == "unsigned"


def test_a_signature_the_simulator_did_not_make_does_not_verify(world: World) -> None:
    world.token(WORKFLOW_TOKEN, login="github-actions[bot]")
    tree = world.client.get(f"{world.api}/git/commits/{world.base}").body["tree"]["sha"]
    body = {"message": "x", "tree": tree, "parents": [world.base]}
    made = world.client.request("POST", f"{world.api}/git/commits", body, token=WORKFLOW_TOKEN)
    repo = world.sim.state.repo(REPO.owner, REPO.name)
    raw = repo.git("cat-file", "commit", made.body["sha"])
    forged = raw.replace("\n\nx", "\n\ny", 1)
    assert forged != raw
    sha = repo.git("hash-object", "-t", "commit", "-w", "--stdin", stdin=forged.encode())
    verification = _verification(world, sha)
    assert (verification["verified"], verification["reason"]) == (False, "unknown_key")
