"""The commits a push payload lists, read from the bare repository."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.github_sim.state import GitError, SimRepo

ZERO_SHA = "0" * 40
FORMAT = "%H%x00%T%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B"
GITHUB_EMAIL = "noreply@github.com"
NOREPLY_SUFFIX = "@users.noreply.github.com"


def is_ancestor(repo: SimRepo, older: str, newer: str) -> bool:
    try:
        repo.git("merge-base", "--is-ancestor", older, newer)
    except GitError:
        return False
    return True


def pushed(repo: SimRepo, ref: str, before: str, after: str, html: str) -> list[dict[str, Any]]:
    """The pushed commits, oldest first: ``before..after``, or those new to the repository."""
    if after == ZERO_SHA:
        return []
    fresh = _new_to_repository(repo, ref, after)
    shas = fresh if before == ZERO_SHA else _range(repo, before, after)
    return [commit_json(repo, sha, html, distinct=sha in fresh) for sha in shas]


def head_commit(
    repo: SimRepo, ref: str, after: str, html: str, *, listed: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The commit ``after`` is or points to (through an annotated tag); taken from ``listed``
    (the push's commits, from ``pushed``) when it is there, as git would say the same again."""
    sha = repo.git("rev-parse", f"{after}^{{commit}}")
    known = next((commit for commit in listed if commit["id"] == sha), None)
    if known is not None:
        return dict(known)
    return commit_json(repo, sha, html, distinct=sha in _new_to_repository(repo, ref, after))


def _range(repo: SimRepo, before: str, after: str) -> list[str]:
    return repo.git("rev-list", "--reverse", f"{before}..{after}^{{commit}}").split()


def _new_to_repository(repo: SimRepo, ref: str, after: str) -> list[str]:
    """Commits reachable from ``after`` and from no other ref (distinct in GitHub's sense)."""
    others = [f"^{sha}" for name, sha in repo.refs().items() if name != ref]
    tips = "\n".join([f"{after}^{{commit}}", *others]) + "\n"
    return repo.git("rev-list", "--reverse", "--stdin", stdin=tips.encode()).split()


def commit_json(repo: SimRepo, sha: str, html: str, *, distinct: bool) -> dict[str, Any]:
    parts = repo.git("show", "-s", f"--format={FORMAT}", sha).split("\0")
    commit_id, tree, author, author_email, timestamp, committer, committer_email = parts[:7]
    added, removed, modified = _changed_files(repo, sha)
    return {
        "id": commit_id,
        "tree_id": tree,
        "distinct": distinct,
        "message": parts[7].rstrip("\n"),
        "timestamp": timestamp,
        "url": f"{html}/commit/{commit_id}",
        "author": _person(author, author_email),
        "committer": _person(committer, committer_email),
        "added": added,
        "removed": removed,
        "modified": modified,
    }


def _person(name: str, email: str) -> dict[str, str]:
    """Name and email, with the GitHub username when the email is a GitHub one."""
    person = {"name": name, "email": email}
    if email == GITHUB_EMAIL:
        person["username"] = "web-flow"
    elif email.endswith(NOREPLY_SUFFIX):
        person["username"] = email.removesuffix(NOREPLY_SUFFIX).partition("+")[2]
    return person


def _changed_files(repo: SimRepo, sha: str) -> tuple[list[str], list[str], list[str]]:
    """Files added, removed and modified by ``sha`` against its first parent."""
    if repo.git("rev-list", "--parents", "-n", "1", sha).count(" ") == 0:
        out = repo.git("diff-tree", "-r", "--root", "--no-commit-id", "--name-status", sha)
    else:
        out = repo.git("diff", "--no-renames", "--name-status", f"{sha}^1", sha)
    changes: dict[str, list[str]] = {"A": [], "D": [], "M": []}
    for line in out.splitlines():
        status, _, path = line.partition("\t")
        changes.get(status[:1], changes["M"]).append(path)
    return changes["A"], changes["D"], changes["M"]
