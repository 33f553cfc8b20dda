"""Branches, the release commit, tags and files, through the Git Data and Contents APIs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from github.GithubException import GithubException

from regent.adapters.github.call import RepoCall, absent
from regent.adapters.github.writes import already_exists, nothing_to_check
from regent.core.errors import TagConflictError
from regent.core.history import RawCommit
from regent.core.model import Ensured, FileChange, Outcome, Tag


def branch_head(call: RepoCall, branch: str) -> str | None:
    try:
        data = call.request("GET", f"/git/ref/{_ref_path('heads', branch)}")
    except GithubException as error:
        if absent(error):
            return None
        raise
    return str(data["object"]["sha"])


def branch_commit(call: RepoCall, branch: str) -> RawCommit | None:
    head = branch_head(call, branch)
    if head is None:
        return None
    data = call.request("GET", f"/git/commits/{head}")
    parents = tuple(str(parent["sha"]) for parent in data["parents"])
    return RawCommit(head, parents, str(data["message"]))


def write_release_branch(
    call: RepoCall,
    *,
    branch: str,
    base_sha: str,
    files: Sequence[FileChange],
    message: str,
    base_tree: str | None,
    branch_exists: bool,
) -> str:
    """Tree (contents inline) on the base tree, one commit on ``base_sha``, branch forced to it."""
    tree_body = {"base_tree": base_tree or _tree_of(call, base_sha), "tree": _entries(files)}
    tree = _create(call, "/git/trees", tree_body)["sha"]
    commit_body = {"message": message, "tree": tree, "parents": [base_sha]}
    commit = str(_create(call, "/git/commits", commit_body)["sha"])
    _point_branch(call, branch, commit, exists=branch_exists)
    return commit


def ensure_tag(call: RepoCall, *, tag: str, sha: str, message: str | None) -> Ensured[Tag]:
    """A tag ref at ``sha`` (through an annotated tag object when there is a message)."""
    target = sha if message is None else _tag_object(call, tag, sha, message)
    ref_body = {"ref": f"refs/tags/{tag}", "sha": target}

    def send() -> Ensured[Tag]:
        call.request("POST", "/git/refs", body=ref_body)
        return Ensured(Tag(tag, sha), Outcome.CREATED)

    def recheck() -> Ensured[Tag] | None:
        existing = read_tag(call, tag)
        return None if existing is None else _same_tag(existing, sha)

    return call.writer.create(send, recheck=recheck)


def read_tag(call: RepoCall, tag: str) -> Tag | None:
    """The tag and the commit it points at (annotated tags peeled); None when absent."""
    try:
        found = call.request("GET", f"/git/ref/{_ref_path('tags', tag)}")["object"]
    except GithubException as error:
        if absent(error):
            return None
        raise
    if found["type"] == "commit":
        return Tag(tag, str(found["sha"]))
    peeled = call.request("GET", f"/commits/{_ref_path('tags', tag)}")
    return Tag(tag, str(peeled["sha"]))


def delete_branch(call: RepoCall, branch: str) -> bool:
    try:
        call.request("DELETE", f"/git/refs/{_ref_path('heads', branch)}")
    except GithubException as error:
        if error.status in (404, 422):
            return False
        raise
    return True


def _same_tag(existing: Tag, sha: str) -> Ensured[Tag]:
    if existing.sha != sha:
        raise TagConflictError(existing.name, wanted=sha, found=existing.sha)
    return Ensured(existing, Outcome.EXISTED)


def _tag_object(call: RepoCall, tag: str, sha: str, message: str) -> str:
    body = {"tag": tag, "message": message, "object": sha, "type": "commit"}
    return str(_create(call, "/git/tags", body)["sha"])


def _point_branch(call: RepoCall, branch: str, sha: str, *, exists: bool) -> None:
    """Force ``branch`` to ``sha``, creating it when missing; ``exists`` says which to try first."""
    if exists and _force_branch(call, branch, sha):
        return
    try:
        _create(call, "/git/refs", {"ref": f"refs/heads/{branch}", "sha": sha})
    except GithubException as error:
        if not already_exists(error) or not _force_branch(call, branch, sha):
            raise


def _force_branch(call: RepoCall, branch: str, sha: str) -> bool:
    """Move an existing branch; False when it does not exist."""
    try:
        call.request(
            "PATCH", f"/git/refs/{_ref_path('heads', branch)}", body={"sha": sha, "force": True}
        )
    except GithubException as error:
        if error.status in (404, 422):
            return False
        raise
    return True


def _tree_of(call: RepoCall, commit_sha: str) -> str:
    return str(call.request("GET", f"/git/commits/{commit_sha}")["tree"]["sha"])


def _create(call: RepoCall, path: str, body: dict[str, Any]) -> Any:
    """A write that is harmless to repeat: objects are content-addressed, refs get re-checked."""
    return call.writer.create(
        lambda: call.request("POST", path, body=body), recheck=nothing_to_check
    )


def _entries(files: Sequence[FileChange]) -> list[dict[str, Any]]:
    return [
        {"path": change.path, "mode": change.mode, "type": "blob", "content": change.content}
        if change.content is not None
        else {"path": change.path, "mode": change.mode, "type": "blob", "sha": None}
        for change in files
    ]


def _ref_path(namespace: str, name: str) -> str:
    return f"{namespace}/{quote(name)}"
