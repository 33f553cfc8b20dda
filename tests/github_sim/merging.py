"""GitHub's merge methods (merge, squash, rebase) as real git operations on a bare repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

MERGE_METHODS = ("merge", "squash", "rebase")


@dataclass(frozen=True)
class Identity:
    """A git author or committer."""

    name: str
    email: str


GITHUB_COMMITTER = Identity("GitHub", "noreply@github.com")


@dataclass(frozen=True)
class MergeRequest:
    """What a merge needs to know about the pull request and the caller's choices."""

    number: int
    title: str
    head_label: str
    base_sha: str
    head_sha: str
    method: str = "merge"
    commit_title: str | None = None
    commit_message: str | None = None


class MergeConflict(Exception):
    """The head cannot be merged into the base without conflicts."""


class GitFailure(Exception):
    """A git command failed unexpectedly."""


def git(git_dir: Path, *args: str, author: Identity | None = None, cwd: Path | None = None) -> str:
    """Run git against ``git_dir`` (committing as GitHub) and return stripped stdout."""
    result = _run(git_dir, args, author=author, cwd=cwd)
    if result.returncode != 0:
        raise GitFailure(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def _run(
    git_dir: Path, args: tuple[str, ...], *, author: Identity | None, cwd: Path | None
) -> subprocess.CompletedProcess[str]:
    prefix = ["git"] if cwd else ["git", f"--git-dir={git_dir}"]
    return subprocess.run(
        [*prefix, *args],
        cwd=cwd,
        env=_git_env(author),
        capture_output=True,
        text=True,
        check=False,
    )


def _git_env(author: Identity | None) -> dict[str, str]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_COMMITTER_NAME": GITHUB_COMMITTER.name,
        "GIT_COMMITTER_EMAIL": GITHUB_COMMITTER.email,
    }
    if author is not None:
        env |= {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
    return env


def pr_commits(git_dir: Path, base_sha: str, head_sha: str) -> list[str]:
    """The commits a pull request brings, oldest first (``base..head``)."""
    out = git(git_dir, "rev-list", "--reverse", f"{base_sha}..{head_sha}")
    return out.split()


def commit_message(git_dir: Path, sha: str) -> str:
    """The full message of a commit, without its trailing newline."""
    return git(git_dir, "show", "-s", "--format=%B", sha).rstrip("\n")


def merged_tree(git_dir: Path, base_sha: str, head_sha: str) -> str:
    """The tree of merging head into base; raises MergeConflict when they conflict."""
    args = ("merge-tree", "--write-tree", base_sha, head_sha)
    result = _run(git_dir, args, author=None, cwd=None)
    if result.returncode == 1:
        raise MergeConflict(f"{head_sha} conflicts with {base_sha}")
    if result.returncode != 0:
        raise GitFailure(f"git merge-tree: {result.stderr.strip()}")
    return result.stdout.split("\n", 1)[0].strip()


def is_mergeable(git_dir: Path, base_sha: str, head_sha: str) -> bool:
    """Whether a merge of head into base would be free of conflicts."""
    try:
        merged_tree(git_dir, base_sha, head_sha)
    except MergeConflict:
        return False
    return True


def merge_message(request: MergeRequest) -> str:
    """The message GitHub writes for the chosen method unless the caller gave one."""
    title, body = _default_title_and_body(request)
    title = request.commit_title or title
    body = body if request.commit_message is None else request.commit_message
    return f"{title}\n\n{body}" if body else title


def _default_title_and_body(request: MergeRequest) -> tuple[str, str]:
    if request.method == "squash":
        return f"{request.title} (#{request.number})", ""
    source = request.head_label.replace(":", "/", 1)
    return f"Merge pull request #{request.number} from {source}", request.title


def squash_body(git_dir: Path, commits: list[str]) -> str:
    """The default squash body: each commit's message as a bullet, as GitHub writes it."""
    return "\n\n".join(f"* {commit_message(git_dir, sha)}" for sha in commits)


def merge(git_dir: Path, request: MergeRequest, author: Identity) -> str:
    """Merge with ``request.method``; return the new tip for the base branch (not yet moved)."""
    if request.method == "rebase":
        return rebase(git_dir, request.base_sha, request.head_sha)
    tree = merged_tree(git_dir, request.base_sha, request.head_sha)
    if request.method == "squash":
        return _squash(git_dir, request, tree, author)
    message = merge_message(request)
    parents = ("-p", request.base_sha, "-p", request.head_sha)
    return git(git_dir, "commit-tree", tree, *parents, "-m", message, author=author)


def _squash(git_dir: Path, request: MergeRequest, tree: str, author: Identity) -> str:
    if request.commit_message is None:
        commits = pr_commits(git_dir, request.base_sha, request.head_sha)
        body = squash_body(git_dir, commits)
        request = replace(request, commit_message=body)
    message = merge_message(request)
    return git(git_dir, "commit-tree", tree, "-p", request.base_sha, "-m", message, author=author)


def rebase(git_dir: Path, base_sha: str, head_sha: str) -> str:
    """Replay the head's non-merge commits on base in a scratch worktree; return the new tip."""
    commits = git(git_dir, "rev-list", "--reverse", "--no-merges", f"{base_sha}..{head_sha}")
    scratch = Path(tempfile.mkdtemp(prefix="sim-rebase-"))
    worktree = scratch / "tree"
    git(git_dir, "worktree", "add", "--detach", "--quiet", str(worktree), base_sha)
    try:
        for sha in commits.split():
            _cherry_pick(git_dir, worktree, sha)
        return git(git_dir, "rev-parse", "HEAD", cwd=worktree)
    finally:
        git(git_dir, "worktree", "remove", "--force", str(worktree))
        shutil.rmtree(scratch, ignore_errors=True)


def _cherry_pick(git_dir: Path, worktree: Path, sha: str) -> None:
    args = ("cherry-pick", "--allow-empty", "--keep-redundant-commits", sha)
    result = _run(git_dir, args, author=None, cwd=worktree)
    if result.returncode != 0:
        _run(git_dir, ("cherry-pick", "--abort"), author=None, cwd=worktree)
        raise MergeConflict(f"{sha} does not apply cleanly")


def move_branch(git_dir: Path, branch: str, new_sha: str, old_sha: str) -> None:
    """Point ``refs/heads/<branch>`` at new_sha only if it still points at old_sha."""
    git(git_dir, "update-ref", f"refs/heads/{branch}", new_sha, old_sha)
