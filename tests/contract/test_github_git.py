"""Branches, the release commit, tags and files through the port: the adapter against the
simulator and the in-memory fake, one contract."""

from __future__ import annotations

import os

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import ConfigError, GitHubError, TagConflictError
from regent.core.model import EXECUTABLE_FILE_MODE, FileChange, Outcome, Tag
from regent.core.ports import MeteredGitHub
from tests.contract.conftest import World
from tests.contract.ports import sent
from tests.gitrepo import git
from tests.remote import Remote, push_branch

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
RELEASE_FILES = (
    FileChange("VERSION", "1.1.0\n"),
    FileChange("CHANGELOG.md", "# Changelog\n\n## 1.1.0\n"),
    FileChange("README.md", None),
)


def show(remote: Remote, spec: str) -> str:
    return git(remote.git_dir, "show", spec)


def tree_of(remote: Remote, sha: str) -> str:
    return git(remote.git_dir, "rev-parse", f"{sha}^{{tree}}")


def test_branch_head(port: MeteredGitHub, remote: Remote) -> None:
    assert port.branch_head("main") == remote.base
    assert port.branch_head("missing") is None
    assert sent(remote, "GET git/get-ref", "GET git/get-ref")
    assert port.call_counts()["branch_head"] == 2


def test_the_release_branch_is_one_commit_of_the_files_on_the_base(
    port: MeteredGitHub, remote: Remote
) -> None:
    sha = port.write_release_branch(
        branch=BRANCH,
        base_sha=remote.base,
        files=RELEASE_FILES,
        message="chore(release): v1.1.0",
        branch_exists=False,
    )
    assert remote.state()["branches"][BRANCH] == sha
    assert git(remote.git_dir, "rev-parse", f"{sha}^@") == remote.base
    assert git(remote.git_dir, "log", "-1", "--format=%B", sha) == "chore(release): v1.1.0"
    assert show(remote, f"{sha}:VERSION") == "1.1.0"
    assert show(remote, f"{sha}:src/app.py") == "x = 1"
    assert "README.md" not in git(remote.git_dir, "ls-tree", "-r", "--name-only", sha)
    assert sent(
        remote,
        "GET git/get-commit",
        "POST git/create-tree",
        "POST git/create-commit",
        "POST git/create-ref",
    )


def test_the_release_commit_keeps_the_mode_each_change_carries(
    port: MeteredGitHub, remote: Remote
) -> None:
    sha = port.write_release_branch(
        branch=BRANCH,
        base_sha=remote.base,
        files=(
            FileChange("bin/bump.sh", "#!/bin/sh\n", mode=EXECUTABLE_FILE_MODE),
            FileChange("VERSION", "1.1.0\n"),
        ),
        message="chore(release): v1.1.0",
        branch_exists=False,
    )
    listed = git(remote.git_dir, "ls-tree", "-r", "--full-tree", sha)
    modes = {line.split("\t")[1]: line.split()[0] for line in listed.splitlines()}
    assert (modes["bin/bump.sh"], modes["VERSION"]) == ("100755", "100644")


def test_a_known_base_tree_saves_a_call(github: GitHubAdapter, world: World) -> None:
    github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=RELEASE_FILES,
        message="m",
        base_tree=git(world.git_dir, "rev-parse", f"{world.base}^{{tree}}"),
        branch_exists=False,
    )
    assert len(world.calls()) == 3


def test_rewriting_force_moves_the_branch_to_a_new_base(
    port: MeteredGitHub, remote: Remote
) -> None:
    def write(base: str, version: str, *, exists: bool) -> str:
        return port.write_release_branch(
            branch=BRANCH,
            base_sha=base,
            files=[FileChange("VERSION", version)],
            message=f"chore(release): v{version}",
            branch_exists=exists,
        )

    write(remote.base, "1.1.0\n", exists=False)
    remote.forget()
    second = write(remote.first, "1.0.1\n", exists=True)
    assert remote.state()["branches"][BRANCH] == second
    assert git(remote.git_dir, "rev-parse", f"{second}^") == remote.first
    assert sent(
        remote,
        "GET git/get-commit",
        "POST git/create-tree",
        "POST git/create-commit",
        "PATCH git/update-ref",
    )


GUESSES = {
    True: ["PATCH git/update-ref", "POST git/create-ref"],
    False: ["POST git/create-ref", "PATCH git/update-ref"],
}
"""The ref requests after a wrong guess: the one tried first fails, the other one is sent."""


@pytest.mark.parametrize("exists", [True, False], ids=["said-exists", "said-missing"])
def test_a_wrong_guess_about_the_branch_costs_one_call(
    port: MeteredGitHub, remote: Remote, exists: bool
) -> None:
    if not exists:
        push_branch(remote, BRANCH)
    tree = tree_of(remote, remote.base)
    remote.forget()
    sha = port.write_release_branch(
        branch=BRANCH,
        base_sha=remote.base,
        files=RELEASE_FILES,
        message="m",
        base_tree=tree,
        branch_exists=exists,
    )
    assert remote.state()["branches"][BRANCH] == sha
    assert sent(remote, "POST git/create-tree", "POST git/create-commit", *GUESSES[exists])


def test_a_release_commit_on_a_commit_github_lacks_is_refused(
    port: MeteredGitHub, remote: Remote
) -> None:
    missing = "1" * 40
    with pytest.raises(GitHubError, match=missing[:12]):
        port.write_release_branch(branch=BRANCH, base_sha=missing, files=RELEASE_FILES, message="m")
    assert BRANCH not in remote.state()["branches"]


def test_a_lightweight_tag_is_created_once(port: MeteredGitHub, remote: Remote) -> None:
    first = port.ensure_tag(tag="v1.1.0", sha=remote.base)
    again = port.ensure_tag(tag="v1.1.0", sha=remote.base)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert first.value == again.value == Tag("v1.1.0", remote.base)
    assert remote.state()["tags"]["v1.1.0"] == remote.base
    assert git(remote.git_dir, "cat-file", "-t", "refs/tags/v1.1.0") == "commit"
    assert sent(remote, "POST git/create-ref", "POST git/create-ref", "GET git/get-ref")


def test_an_annotated_tag_carries_the_message(port: MeteredGitHub, remote: Remote) -> None:
    first = port.ensure_tag(tag="v1.1.0", sha=remote.base, message="Release 1.1.0")
    again = port.ensure_tag(tag="v1.1.0", sha=remote.base, message="Release 1.1.0")
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert git(remote.git_dir, "cat-file", "-t", "refs/tags/v1.1.0") == "tag"
    assert "Release 1.1.0" in git(remote.git_dir, "cat-file", "-p", "refs/tags/v1.1.0")
    assert remote.state()["tags"]["v1.1.0"] == remote.base


def test_a_tag_at_another_commit_is_a_conflict_naming_both(
    port: MeteredGitHub, remote: Remote
) -> None:
    port.ensure_tag(tag="v1.1.0", sha=remote.first, message="elsewhere")
    with pytest.raises(TagConflictError) as conflict:
        port.ensure_tag(tag="v1.1.0", sha=remote.base)
    assert remote.first in conflict.value.message
    assert remote.base in conflict.value.message
    assert remote.state()["tags"]["v1.1.0"] == remote.first


def test_a_tag_on_a_commit_github_lacks_is_refused(port: MeteredGitHub, remote: Remote) -> None:
    with pytest.raises(GitHubError, match=r"v1\.1\.0"):
        port.ensure_tag(tag="v1.1.0", sha="1" * 40)
    assert remote.state()["tags"] == {}


def test_deleting_a_branch_twice(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    assert port.delete_branch(BRANCH) is True
    assert BRANCH not in remote.state()["branches"]
    assert port.delete_branch(BRANCH) is False
    assert port.call_counts()["delete_branch"] == 2


def test_a_written_file_keeps_its_unicode(port: MeteredGitHub, remote: Remote) -> None:
    text = "# Journal des modifications\n\n- café ☕\n"
    sha = port.write_release_branch(
        branch=BRANCH,
        base_sha=remote.base,
        files=[FileChange("CHANGELOG.md", text)],
        message="m",
        branch_exists=False,
    )
    for ref in (sha, BRANCH):
        found = port.config_file("CHANGELOG.md", ref=ref)
        assert found is not None
        assert found.text == text


def commit_to_main(remote: Remote, files: dict[str, str], *, link: str | None = None) -> None:
    """Commit ``files`` (and ``link``, a symbolic link out of the repository) on main; push."""
    if link is not None:
        os.symlink("/proc/self/environ", remote.work.path / link)
    remote.work.commit("chore: files", files=files)
    git(remote.work.path, "push", "--quiet", str(remote.git_dir), "main:refs/heads/main")


def test_a_file_is_read_with_its_blob_sha(port: MeteredGitHub, remote: Remote) -> None:
    found = port.config_file("src/app.py")
    assert found is not None
    assert (found.path, found.text) == ("src/app.py", "x = 1\n")
    assert found.sha == git(remote.git_dir, "rev-parse", "main:src/app.py")
    assert port.config_file("README.md", ref=remote.first) is not None


def test_a_missing_file_a_directory_or_a_missing_ref_reads_as_absent(
    port: MeteredGitHub,
) -> None:
    assert port.config_file("missing.yml") is None
    assert port.config_file("src") is None
    assert port.config_file("VERSION", ref="no-such-branch") is None


@pytest.mark.parametrize(
    ("files", "link", "refusal"),
    [
        pytest.param({}, "linked.yml", "symbolic link", id="link"),
        pytest.param({"linked.yml": "# padding\n" * 200_000}, None, "larger than 1 MiB", id="big"),
    ],
)
def test_a_file_that_cannot_be_configuration_is_refused_naming_it(
    port: MeteredGitHub, remote: Remote, files: dict[str, str], link: str | None, refusal: str
) -> None:
    commit_to_main(remote, files, link=link)
    with pytest.raises(ConfigError, match=refusal) as refused:
        port.config_file("linked.yml")
    assert refused.value.path == "acme/widget:linked.yml"
