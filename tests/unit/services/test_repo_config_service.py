"""The release policy read through the port (webhook mode: no checkout): organisation
defaults, the repository's file, the cache; on the fake GitHub. What the contents API sends and
costs is checked on the simulator (``tests/contract/test_repo_config.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy
from regent.services.repo_config import RepoConfigSource
from tests.fakes.github import FakeGitHub
from tests.gitrepo import GitRepo, git
from tests.remote import REPO, FakeRemote

ORG_DEFAULTS = """\
tag_template: "release-{version}"
release_pr:
  draft: true
  labels: [release, org]
changelog:
  path: HISTORY.md
  show_other_types: true
"""


@pytest.fixture
def session(fake: FakeRemote) -> FakeGitHub:
    return fake.github


def set_repo_file(fake: FakeRemote, name: str, text: str) -> None:
    """Commit ``name`` on main of acme/widget and push it."""
    fake.work.commit(f"chore: config {name}", files={name: text})
    git(fake.work.path, "push", "--quiet", str(fake.git_dir), "main:refs/heads/main")


def make_org(fake: FakeRemote, tmp_path: Path, text: str) -> tuple[GitRepo, Path]:
    """``acme/.github`` with ``release-regent.yml`` on its default branch."""
    org = GitRepo.create(tmp_path / "org-github")
    org.commit("chore: org defaults", files={"release-regent.yml": text})
    return org, fake.github.add_repository("acme/.github", source=org.path).store.git_dir


def set_org_file(org: tuple[GitRepo, Path], text: str) -> None:
    work, git_dir = org
    work.commit("chore: org defaults", files={"release-regent.yml": text})
    git(work.path, "push", "--quiet", str(git_dir), "main:refs/heads/main")


def test_no_file_anywhere_gives_the_defaults(session: FakeGitHub) -> None:
    source = RepoConfigSource(session)
    before = session.call_counts()
    assert source.policy_for(REPO, default_branch="main") == ReleasePolicy()
    assert session.call_counts().since(before)["config_file"] == 4


def test_a_later_file_name_is_found(session: FakeGitHub, fake: FakeRemote) -> None:
    set_repo_file(fake, ".github/release-regent.yml", "prerelease: rc\n")
    source = RepoConfigSource(session)
    before = session.call_counts()
    assert source.policy_for(REPO, default_branch="main").prerelease == "rc"
    assert session.call_counts().since(before)["config_file"] == 4


def test_the_organisation_default_is_used(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    make_org(fake, tmp_path, ORG_DEFAULTS)
    policy = RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert policy.tag_template == "release-{version}"
    assert policy.release_pr.draft is True
    assert policy.changelog.path == "HISTORY.md"


def test_the_repository_file_is_layered_over_the_organisation_default(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    make_org(fake, tmp_path, ORG_DEFAULTS)
    set_repo_file(fake, ".release-regent.yml", "release_pr:\n  draft: false\n")
    policy = RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert policy.release_pr.draft is False
    assert policy.release_pr.labels == ("release", "org")
    assert policy.tag_template == "release-{version}"
    assert policy.changelog.path == "HISTORY.md"


def test_lists_are_replaced_not_merged(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    make_org(fake, tmp_path, ORG_DEFAULTS)
    set_repo_file(fake, ".release-regent.yml", "release_pr:\n  labels: [mine]\n")
    policy = RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert policy.release_pr.labels == ("mine",)
    assert policy.release_pr.draft is True


def test_a_change_takes_effect_on_the_next_call_and_unchanged_files_are_not_parsed_again(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    org = make_org(fake, tmp_path, ORG_DEFAULTS)
    set_repo_file(fake, ".release-regent.yml", "prerelease: rc\n")
    source = RepoConfigSource(session)
    first = source.policy_for(REPO, default_branch="main")
    assert source.policy_for(REPO, default_branch="main") is first
    set_repo_file(fake, ".release-regent.yml", "prerelease: beta\n")
    second = source.policy_for(REPO, default_branch="main")
    assert second.prerelease == "beta"
    assert second.tag_template == "release-{version}"
    assert source.policy_for(REPO, default_branch="main") is second
    set_org_file(org, 'tag_template: "org-{version}"\n')
    third = source.policy_for(REPO, default_branch="main")
    assert third.tag_template == "org-{version}"
    assert third.prerelease == "beta"
    assert third.release_pr.draft is False
    assert source.policy_for(REPO, default_branch="main") is third


def test_the_cache_is_bounded(session: FakeGitHub, fake: FakeRemote) -> None:
    source = RepoConfigSource(session, capacity=1)
    set_repo_file(fake, ".release-regent.yml", "prerelease: rc\n")
    first = source.policy_for(REPO, default_branch="main")
    set_repo_file(fake, ".release-regent.yml", "prerelease: beta\n")
    source.policy_for(REPO, default_branch="main")
    set_repo_file(fake, ".release-regent.yml", "prerelease: rc\n")
    again = source.policy_for(REPO, default_branch="main")
    assert again == first
    assert again is not first, "evicted past capacity, so parsed again"


def test_a_broken_repository_file_names_the_repository_file_line_and_key(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    make_org(fake, tmp_path, ORG_DEFAULTS)
    set_repo_file(fake, ".release-regent.yml", "prerelease: rc\nrelease_pr:\n  draft: maybe\n")
    with pytest.raises(ConfigError) as broken:
        RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert broken.value.path == "acme/widget:.release-regent.yml"
    assert broken.value.line == 3
    assert broken.value.key == "release_pr.draft"
    assert str(broken.value).startswith("acme/widget:.release-regent.yml:3: release_pr.draft")


def test_a_broken_organisation_default_names_the_organisation_file(
    session: FakeGitHub, fake: FakeRemote, tmp_path: Path
) -> None:
    make_org(fake, tmp_path, "prerelease: rc\nunknown_key: 1\n")
    set_repo_file(fake, ".release-regent.yml", "prerelease: rc\n")
    with pytest.raises(ConfigError) as broken:
        RepoConfigSource(session).policy_for(REPO, default_branch="main")
    assert broken.value.path == "acme/.github:release-regent.yml"
    assert broken.value.key == "unknown_key"
    assert broken.value.line == 2


def test_a_yaml_syntax_error_names_the_file(session: FakeGitHub, fake: FakeRemote) -> None:
    set_repo_file(fake, ".release-regent.yml", "release_pr: [\n")
    with pytest.raises(ConfigError, match=r"^acme/widget:\.release-regent\.yml:\d+: invalid YAML"):
        RepoConfigSource(session).policy_for(REPO, default_branch="main")
