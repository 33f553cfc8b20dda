"""GitHub's merge methods on a real bare repository, checked in a fresh clone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.github_sim.merging import (
    GITHUB_COMMITTER,
    Identity,
    MergeConflict,
    MergeRequest,
    is_mergeable,
    merge,
    move_branch,
    pr_commits,
)
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.contract

MERGER = Identity("octocat", "1+octocat@users.noreply.github.com")


@dataclass
class Repos:
    """A bare repository and the work tree that pushed into it."""

    bare: Path
    work: GitRepo
    base: str
    feature: str


@pytest.fixture
def repos(tmp_path: Path) -> Repos:
    work = GitRepo.create(tmp_path / "work")
    work.commit("chore: start", files={"README.md": "hello\n"})
    work.branch("feature")
    work.commit("feat: add a", files={"a.txt": "a\n"})
    work.commit("fix: add b\n\nWith a body.", files={"b.txt": "b\n"})
    feature = work.head()
    work.checkout("main")
    base = work.commit("docs: main moves on", files={"docs.txt": "docs\n"})
    bare = tmp_path / "widget.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(work.path), str(bare))
    return Repos(bare, work, base, feature)


def _request(
    repos: Repos, method: str, title: str | None = None, message: str | None = None
) -> MergeRequest:
    request = MergeRequest(7, "Add a and b", "acme:feature", repos.base, repos.feature, method)
    return replace(request, commit_title=title, commit_message=message)


def _clone_at(repos: Repos, sha: str, tmp_path: Path) -> Path:
    move_branch(repos.bare, "main", sha, repos.base)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repos.bare), str(clone))
    return clone


def _files(clone: Path) -> dict[str, str]:
    names = git(clone, "ls-files").split()
    return {name: (clone / name).read_text() for name in names}


EXPECTED_FILES = {"README.md": "hello\n", "a.txt": "a\n", "b.txt": "b\n", "docs.txt": "docs\n"}


def test_merge_commit_has_two_parents_and_github_message(repos: Repos, tmp_path: Path) -> None:
    sha = merge(repos.bare, _request(repos, "merge"), MERGER)
    clone = _clone_at(repos, sha, tmp_path)
    assert git(clone, "rev-parse", "HEAD") == sha
    assert git(clone, "show", "-s", "--format=%P", "HEAD").split() == [repos.base, repos.feature]
    message = git(clone, "show", "-s", "--format=%B", "HEAD")
    assert message == "Merge pull request #7 from acme/feature\n\nAdd a and b"
    assert git(clone, "show", "-s", "--format=%an|%cn|%ce", "HEAD") == "octocat|GitHub|" + (
        GITHUB_COMMITTER.email
    )
    assert _files(clone) == EXPECTED_FILES


def test_squash_is_one_commit_listing_the_pr_commits(repos: Repos, tmp_path: Path) -> None:
    sha = merge(repos.bare, _request(repos, "squash"), MERGER)
    clone = _clone_at(repos, sha, tmp_path)
    assert git(clone, "show", "-s", "--format=%P", "HEAD") == repos.base
    message = git(clone, "show", "-s", "--format=%B", "HEAD")
    assert message == "Add a and b (#7)\n\n* feat: add a\n\n* fix: add b\n\nWith a body."
    assert _files(clone) == EXPECTED_FILES


def test_rebase_replays_each_commit_with_new_shas(repos: Repos, tmp_path: Path) -> None:
    originals = pr_commits(repos.bare, repos.base, repos.feature)
    sha = merge(repos.bare, _request(repos, "rebase"), MERGER)
    clone = _clone_at(repos, sha, tmp_path)
    replayed = git(clone, "rev-list", "--reverse", f"{repos.base}..HEAD").split()
    assert len(replayed) == 2
    assert not set(replayed) & set(originals)
    subjects = [git(clone, "show", "-s", "--format=%B", c) for c in replayed]
    assert subjects == ["feat: add a", "fix: add b\n\nWith a body."]
    assert git(clone, "show", "-s", "--format=%P", replayed[0]) == repos.base
    assert git(clone, "show", "-s", "--format=%an|%cn", "HEAD") == "Test Author|GitHub"
    assert _files(clone) == EXPECTED_FILES
    assert git(repos.bare, "worktree", "list").count("\n") == 0


def test_caller_title_and_message_replace_the_defaults(repos: Repos) -> None:
    request = _request(repos, "squash", title="release 1.0", message="notes")
    sha = merge(repos.bare, request, MERGER)
    assert git(repos.bare, "show", "-s", "--format=%B", sha) == "release 1.0\n\nnotes"


@pytest.fixture
def conflicting(repos: Repos) -> MergeRequest:
    repos.work.branch("clash", start=repos.work.head() + "~1")
    head = repos.work.commit("fix: clash", files={"docs.txt": "other\n"})
    git(repos.work.path, "push", "--quiet", str(repos.bare), "clash")
    return MergeRequest(7, "Clash", "acme:clash", repos.base, head)


@pytest.mark.parametrize("method", ["merge", "squash", "rebase"])
def test_conflicts_raise_for_every_method(
    repos: Repos, conflicting: MergeRequest, method: str
) -> None:
    assert not is_mergeable(repos.bare, repos.base, conflicting.head_sha)
    with pytest.raises(MergeConflict):
        merge(repos.bare, replace(conflicting, method=method), MERGER)
    assert git(repos.bare, "rev-parse", "main") == repos.base


def test_move_branch_refuses_a_stale_old_value(repos: Repos) -> None:
    sha = merge(repos.bare, _request(repos, "merge"), MERGER)
    with pytest.raises(Exception, match="update-ref"):
        move_branch(repos.bare, "main", sha, repos.feature)
