"""The API root, the authenticated user, and PyGithub driving the simulator."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from github import Auth, Github, GithubException, InputGitTreeElement

from tests.github_sim.client import SimClient
from tests.github_sim.server import SimServer
from tests.github_sim_tests.conftest import FULL_NAME, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


@pytest.fixture
def github(sim: SimServer) -> Iterator[Github]:
    client = Github(
        auth=Auth.Token("pygithub-token"),
        base_url=sim.url,
        seconds_between_requests=0,
        seconds_between_writes=0,
        retry=None,
    )
    yield client
    client.close()


def test_root_lists_url_templates_on_the_simulator(client: SimClient) -> None:
    reply = client.get("/")

    assert reply.body["repository_url"] == f"{client.url}/repos/{{owner}}/{{repo}}"
    assert reply.body["rate_limit_url"] == f"{client.url}/rate_limit"


def test_authenticated_user_is_a_private_user(client: SimClient) -> None:
    reply = client.get("/user")

    assert (reply.body["login"], reply.body["user_view_type"]) == ("sim-user", "private")


def test_pygithub_reads_repository_user_and_rate_limit(github: Github, seeded: Seeded) -> None:
    repo = github.get_repo(FULL_NAME)

    assert (repo.default_branch, repo.owner.login) == ("main", "acme")
    assert github.get_user().login == "sim-user"
    assert github.get_rate_limit().resources.core.limit == 5000
    assert repo.get_branch("main").commit.sha == seeded.third
    readme = repo.get_contents("README.md")
    assert not isinstance(readme, list)
    assert base64.b64decode(readme.content) == b"hello\n"


def test_pygithub_writes_a_release_commit_through_git_data(github: Github, seeded: Seeded) -> None:
    repo = github.get_repo(FULL_NAME)
    base = repo.get_git_commit(seeded.third)
    element = InputGitTreeElement("VERSION", "100644", "blob", content="2.0.0\n")
    tree = repo.create_git_tree([element], base_tree=repo.get_git_tree(base.tree.sha))
    commit = repo.create_git_commit("chore: release 2.0.0", tree, [base])
    ref = repo.create_git_ref("refs/heads/release-please", commit.sha)
    ref.edit(seeded.first, force=True)
    ref.edit(commit.sha)

    assert git(seeded.git_dir, "show", "refs/heads/release-please:VERSION") == "2.0.0"
    assert repo.get_git_ref("heads/release-please").object.sha == commit.sha
    ref.delete()
    with pytest.raises(GithubException) as raised:
        repo.get_git_ref("heads/release-please")
    assert raised.value.status == 404


def test_pygithub_paginates_commits_and_tags(github: Github, seeded: Seeded) -> None:
    for number in range(4):
        seeded.work.commit(f"fix: {number}")
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "main")
    github.per_page = 2

    commits = list(github.get_repo(FULL_NAME).get_commits())

    assert len(commits) == 7
    assert commits[-1].sha == seeded.first
    assert [tag.name for tag in github.get_repo(FULL_NAME).get_tags()] == ["v1.0.0"]


def test_pygithub_compare_and_permission(github: Github, seeded: Seeded) -> None:
    repo = github.get_repo(FULL_NAME)

    comparison = repo.compare(seeded.first, "main")

    assert (comparison.status, comparison.ahead_by) == ("ahead", 2)
    assert repo.get_collaborator_permission("acme") == "admin"
