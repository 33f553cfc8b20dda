"""Branches, the release commit, tags and files through the adapter, against the simulator."""

from __future__ import annotations

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.errors import TagConflictError
from regent.core.model import FileChange, Outcome, Tag
from tests.contract.conftest import World
from tests.gitrepo import git

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
RELEASE_FILES = (
    FileChange("VERSION", "1.1.0\n"),
    FileChange("CHANGELOG.md", "# Changelog\n\n## 1.1.0\n"),
    FileChange("README.md", None),
)


def show(world: World, spec: str) -> str:
    return git(world.git_dir, "show", spec)


def test_branch_head(github: GitHubAdapter, world: World) -> None:
    assert github.branch_head("main") == world.base
    assert github.branch_head("missing") is None
    assert world.calls() == ["GET git/get-ref"] * 2
    assert github.call_counts()["branch_head"] == 2


def test_the_release_branch_is_one_commit_of_the_files_on_the_base(
    github: GitHubAdapter, world: World
) -> None:
    sha = github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=RELEASE_FILES,
        message="chore(release): v1.1.0",
        branch_exists=False,
    )
    assert world.state()["branches"][BRANCH] == sha
    assert git(world.git_dir, "rev-parse", f"{sha}^@") == world.base
    assert git(world.git_dir, "log", "-1", "--format=%B", sha) == "chore(release): v1.1.0"
    assert show(world, f"{sha}:VERSION") == "1.1.0"
    assert show(world, f"{sha}:src/app.py") == "x = 1"
    assert "README.md" not in git(world.git_dir, "ls-tree", "-r", "--name-only", sha)
    assert world.calls() == [
        "GET git/get-commit",
        "POST git/create-tree",
        "POST git/create-commit",
        "POST git/create-ref",
    ]
    assert github.call_counts().total == 4


def test_a_known_base_tree_saves_a_call(github: GitHubAdapter, world: World) -> None:
    tree = git(world.git_dir, "rev-parse", f"{world.base}^{{tree}}")
    github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=RELEASE_FILES,
        message="m",
        base_tree=tree,
        branch_exists=False,
    )
    assert len(world.calls()) == 3


def test_rewriting_force_moves_the_branch_to_a_new_base(
    github: GitHubAdapter, world: World
) -> None:
    def write(base: str, version: str, *, exists: bool) -> str:
        return github.write_release_branch(
            branch=BRANCH,
            base_sha=base,
            files=[FileChange("VERSION", version)],
            message=f"chore(release): v{version}",
            branch_exists=exists,
        )

    write(world.base, "1.1.0\n", exists=False)
    world.forget()
    second = write(world.first, "1.0.1\n", exists=True)
    assert world.state()["branches"][BRANCH] == second
    assert git(world.git_dir, "rev-parse", f"{second}^") == world.first
    assert world.calls()[-1] == "PATCH git/update-ref"


@pytest.mark.parametrize("exists", [True, False], ids=["said-exists", "said-missing"])
def test_a_wrong_guess_about_the_branch_costs_one_call(
    github: GitHubAdapter, world: World, exists: bool
) -> None:
    if not exists:
        world.push_branch(BRANCH)
    tree = git(world.git_dir, "rev-parse", f"{world.base}^{{tree}}")
    world.forget()
    sha = github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=RELEASE_FILES,
        message="m",
        base_tree=tree,
        branch_exists=exists,
    )
    assert world.state()["branches"][BRANCH] == sha
    assert len(world.calls()) == 4


def test_a_lightweight_tag_is_created_once(github: GitHubAdapter, world: World) -> None:
    first = github.ensure_tag(tag="v1.1.0", sha=world.base)
    again = github.ensure_tag(tag="v1.1.0", sha=world.base)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert first.value == again.value == Tag("v1.1.0", world.base)
    assert world.state()["tags"]["v1.1.0"] == world.base
    assert git(world.git_dir, "cat-file", "-t", "refs/tags/v1.1.0") == "commit"
    assert world.calls() == ["POST git/create-ref", "POST git/create-ref", "GET git/get-ref"]


def test_an_annotated_tag_carries_the_message(github: GitHubAdapter, world: World) -> None:
    first = github.ensure_tag(tag="v1.1.0", sha=world.base, message="Release 1.1.0")
    again = github.ensure_tag(tag="v1.1.0", sha=world.base, message="Release 1.1.0")
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert git(world.git_dir, "cat-file", "-t", "refs/tags/v1.1.0") == "tag"
    assert "Release 1.1.0" in git(world.git_dir, "cat-file", "-p", "refs/tags/v1.1.0")
    assert world.state()["tags"]["v1.1.0"] == world.base


def test_a_tag_at_another_commit_is_a_conflict_naming_both(
    github: GitHubAdapter, world: World
) -> None:
    github.ensure_tag(tag="v1.1.0", sha=world.first, message="elsewhere")
    with pytest.raises(TagConflictError) as conflict:
        github.ensure_tag(tag="v1.1.0", sha=world.base)
    assert world.first in conflict.value.message
    assert world.base in conflict.value.message
    assert world.state()["tags"]["v1.1.0"] == world.first


def test_deleting_a_branch_twice(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    assert github.delete_branch(BRANCH) is True
    assert BRANCH not in world.state()["branches"]
    assert github.delete_branch(BRANCH) is False
    assert github.call_counts()["delete_branch"] == 2


def test_a_written_file_keeps_its_unicode(github: GitHubAdapter, world: World) -> None:
    text = "# Journal des modifications\n\n- café ☕\n"
    sha = github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=[FileChange("CHANGELOG.md", text)],
        message="m",
        branch_exists=False,
    )
    for ref in (sha, BRANCH):
        found = github.config_file("CHANGELOG.md", ref=ref)
        assert found is not None
        assert found.text == text
