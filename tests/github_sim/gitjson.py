"""JSON for git objects: refs, git commits, trees, tags, REST commits, tags and branches."""

from __future__ import annotations

import re
from typing import Any

from tests.github_sim.gitobjects import CommitInfo, Signature, TagInfo, TreeEntry
from tests.github_sim.render import node_id, repo_api_url, user_json
from tests.github_sim.state import SimRepo
from tests.github_sim.verification import verification_json

UNVERIFIED = {
    "verified": False,
    "reason": "unsigned",
    "signature": None,
    "payload": None,
    "verified_at": None,
}
NOREPLY_EMAIL = re.compile(r"^(?:\d+\+)?(?P<login>[^@+]+)@users\.noreply\.github\.com$")
DIFF_STATUS = {"A": "added", "D": "removed", "M": "modified", "T": "changed"}


def html_base(repo: SimRepo, base_url: str) -> str:
    return f"{base_url}/{repo.full_name}"


def git_ref_json(repo: SimRepo, full_ref: str, sha: str, base_url: str) -> dict[str, Any]:
    """A git-ref object for ``refs/...`` pointing at ``sha``."""
    api = repo_api_url(repo, base_url)
    kind = repo.object_type(sha) or "commit"
    return {
        "ref": full_ref,
        "node_id": node_id("Ref", f"{repo.id}:{full_ref}"),
        "url": f"{api}/git/{full_ref}",
        "object": {"type": kind, "sha": sha, "url": f"{api}/git/{kind}s/{sha}"},
    }


def signature_json(signature: Signature) -> dict[str, str]:
    return {"name": signature.name, "email": signature.email, "date": signature.date}


def git_commit_json(repo: SimRepo, commit: CommitInfo, base_url: str) -> dict[str, Any]:
    """A git-commit object (Git Data API)."""
    api = repo_api_url(repo, base_url)
    return {
        "sha": commit.sha,
        "node_id": node_id("Commit", commit.sha),
        "url": f"{api}/git/commits/{commit.sha}",
        "html_url": f"{html_base(repo, base_url)}/commit/{commit.sha}",
        "author": signature_json(commit.author),
        "committer": signature_json(commit.committer),
        "message": commit.message,
        "tree": {"sha": commit.tree, "url": f"{api}/git/trees/{commit.tree}"},
        "parents": [_parent_json(repo, parent, base_url) for parent in commit.parents],
        "verification": _verification(commit),
    }


def git_tree_json(
    repo: SimRepo, sha: str, entries: list[TreeEntry], base_url: str
) -> dict[str, Any]:
    """A git-tree object."""
    api = repo_api_url(repo, base_url)
    return {
        "sha": sha,
        "url": f"{api}/git/trees/{sha}",
        "truncated": False,
        "tree": [_tree_entry_json(api, entry) for entry in entries],
    }


def git_tag_json(repo: SimRepo, tag: TagInfo, base_url: str) -> dict[str, Any]:
    """A git-tag object (annotated tag)."""
    api = repo_api_url(repo, base_url)
    return {
        "node_id": node_id("Tag", tag.sha),
        "tag": tag.tag,
        "sha": tag.sha,
        "url": f"{api}/git/tags/{tag.sha}",
        "message": tag.message,
        "tagger": signature_json(tag.tagger),
        "object": {
            "type": tag.object_type,
            "sha": tag.object_sha,
            "url": f"{api}/git/{tag.object_type}s/{tag.object_sha}",
        },
        "verification": dict(UNVERIFIED),
    }


def commit_json(
    repo: SimRepo,
    commit: CommitInfo,
    base_url: str,
    *,
    files: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A REST ``commit`` object (with ``files`` and ``stats`` when given files)."""
    api = repo_api_url(repo, base_url)
    body: dict[str, Any] = {
        "sha": commit.sha,
        "node_id": node_id("Commit", commit.sha),
        "url": f"{api}/commits/{commit.sha}",
        "html_url": f"{html_base(repo, base_url)}/commit/{commit.sha}",
        "comments_url": f"{api}/commits/{commit.sha}/comments",
        "commit": {
            "url": f"{api}/git/commits/{commit.sha}",
            "author": signature_json(commit.author),
            "committer": signature_json(commit.committer),
            "message": commit.message,
            "comment_count": 0,
            "tree": {"sha": commit.tree, "url": f"{api}/git/trees/{commit.tree}"},
            "verification": _verification(commit),
        },
        "author": _account(commit.author, base_url),
        "committer": _account(commit.committer, base_url),
        "parents": [_parent_json(repo, parent, base_url) for parent in commit.parents],
    }
    if files is not None:
        additions = sum(entry["additions"] for entry in files)
        deletions = sum(entry["deletions"] for entry in files)
        stats = {"additions": additions, "deletions": deletions, "total": additions + deletions}
        body |= {"files": files, "stats": stats}
    return body


def commit_files(repo: SimRepo, commit: CommitInfo, base_url: str) -> list[dict[str, Any]]:
    """diff-entry objects for a commit against its first parent (or the empty tree)."""
    parent = commit.parents[0] if commit.parents else "--root"
    return diff_files(repo, parent, commit.sha, base_url)


def diff_files(repo: SimRepo, old: str, new: str, base_url: str) -> list[dict[str, Any]]:
    """diff-entry objects from tree-ish ``old`` (``--root``: the empty tree) to commit ``new``."""
    raw = repo.git("diff-tree", "-r", "--no-commit-id", "--raw", "--numstat", old, new)
    lines = [line for line in raw.splitlines() if line]
    changes = [line for line in lines if line.startswith(":")]
    counts = [line.split("\t") for line in lines if not line.startswith(":")]
    api = repo_api_url(repo, base_url)
    return [
        _diff_entry(api, html_base(repo, base_url), new, change, numstat)
        for change, numstat in zip(changes, counts, strict=True)
    ]


def tag_json(repo: SimRepo, name: str, commit_sha: str, base_url: str) -> dict[str, Any]:
    """A ``tag`` object of the repository tag list."""
    api = repo_api_url(repo, base_url)
    return {
        "name": name,
        "node_id": node_id("Tag", f"{repo.id}:{name}"),
        "commit": {"sha": commit_sha, "url": f"{api}/commits/{commit_sha}"},
        "zipball_url": f"{api}/zipball/refs/tags/{name}",
        "tarball_url": f"{api}/tarball/refs/tags/{name}",
    }


def branch_json(repo: SimRepo, name: str, commit: CommitInfo, base_url: str) -> dict[str, Any]:
    """A branch-with-protection object (branches are never protected in the simulator)."""
    api = repo_api_url(repo, base_url)
    protection_url = f"{api}/branches/{name}/protection"
    return {
        "name": name,
        "commit": commit_json(repo, commit, base_url),
        "_links": {
            "self": f"{api}/branches/{name}",
            "html": f"{html_base(repo, base_url)}/tree/{name}",
        },
        "protected": False,
        "protection": {"enabled": False},
        "protection_url": protection_url,
    }


def _parent_json(repo: SimRepo, sha: str, base_url: str) -> dict[str, str]:
    return {
        "sha": sha,
        "url": f"{repo_api_url(repo, base_url)}/commits/{sha}",
        "html_url": f"{html_base(repo, base_url)}/commit/{sha}",
    }


def _tree_entry_json(api: str, entry: TreeEntry) -> dict[str, Any]:
    body: dict[str, Any] = {
        "path": entry.path,
        "mode": entry.mode,
        "type": entry.type,
        "sha": entry.sha,
        "url": f"{api}/git/{entry.type}s/{entry.sha}",
    }
    if entry.size is not None:
        body["size"] = entry.size
    return body


def _account(signature: Signature, base_url: str) -> dict[str, Any] | None:
    """The GitHub user behind a noreply email, as GitHub links commits to accounts."""
    found = NOREPLY_EMAIL.match(signature.email)
    return user_json(found.group("login"), base_url) if found else None


def _diff_entry(api: str, html: str, sha: str, change: str, numstat: list[str]) -> dict[str, Any]:
    fields, _, path = change.partition("\t")
    _, _, _, blob_sha, status = fields.split()
    added, deleted = (0 if count == "-" else int(count) for count in numstat[:2])
    return {
        "sha": blob_sha,
        "filename": path,
        "status": DIFF_STATUS.get(status[0], "changed"),
        "additions": added,
        "deletions": deleted,
        "changes": added + deleted,
        "blob_url": f"{html}/blob/{sha}/{path}",
        "raw_url": f"{html}/raw/{sha}/{path}",
        "contents_url": f"{api}/contents/{path}?ref={sha}",
    }


def _verification(commit: CommitInfo) -> dict[str, Any]:
    return verification_json(commit.signature, commit.payload, commit.committer.date)
