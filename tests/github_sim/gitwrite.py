"""Writing git objects the way the Git Data API does: blobs, trees, commits, annotated tags."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tests.github_sim.gitobjects import Signature
from tests.github_sim.routing import SimError
from tests.github_sim.state import SimRepo

TREE_MODES = {"100644": "blob", "100755": "blob", "120000": "blob", "040000": "tree"}
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class TreeChange:
    """One entry of a create-tree request: ``sha`` None (with no content) deletes ``path``."""

    path: str
    mode: str
    type: str
    sha: str | None
    content: str | None


def write_blob(repo: SimRepo, data: bytes) -> str:
    return repo.git("hash-object", "-w", "--stdin", stdin=data)


def parse_tree_change(entry: Any) -> TreeChange:
    """A TreeChange from one JSON entry, or a 422 naming what is wrong."""
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        raise SimError(422, 'Invalid request.\n\n"path" wasn\'t supplied.')
    mode = str(entry.get("mode", "100644"))
    expected = TREE_MODES.get(mode, "commit" if mode == SUBMODULE_MODE else None)
    if expected is None:
        raise SimError(422, f"tree.mode {mode} is not a valid mode")
    kind = entry.get("type", expected)
    if kind != expected:
        raise SimError(422, f"tree.type {kind} does not match mode {mode}")
    content = entry.get("content")
    if "sha" not in entry and content is None:
        raise SimError(422, "Must supply either tree.sha or tree.content")
    return TreeChange(entry["path"].strip("/"), mode, kind, entry.get("sha"), content)


def build_tree(repo: SimRepo, base_tree: str | None, changes: list[TreeChange]) -> str:
    """Apply ``changes`` on top of ``base_tree`` (or an empty tree) and write the new tree."""
    with tempfile.TemporaryDirectory(prefix="sim-index-") as scratch:
        env = {"GIT_INDEX_FILE": f"{scratch}/index", "GIT_WORK_TREE": scratch}
        repo.git("read-tree", *([base_tree] if base_tree else ["--empty"]), env=env)
        for change in changes:
            _apply(repo, change, env)
        return repo.git("write-tree", env=env)


def _apply(repo: SimRepo, change: TreeChange, env: Mapping[str, str]) -> None:
    _remove(repo, change.path, env)
    if change.sha is None and change.content is None:
        return
    if change.content is not None:
        sha = write_blob(repo, change.content.encode("utf-8"))
    else:
        sha = str(change.sha)
        if change.type != "commit" and repo.object_type(sha) != change.type:
            raise SimError(422, f"tree.sha {sha} is not a valid {change.type}")
    if change.type == "tree":
        repo.git("read-tree", f"--prefix={change.path}/", sha, env=env)
    else:
        cacheinfo = f"{change.mode},{sha},{change.path}"
        repo.git("update-index", "--add", "--replace", "--cacheinfo", cacheinfo, env=env)


def _remove(repo: SimRepo, path: str, env: Mapping[str, str]) -> None:
    """Drop ``path`` (a file, or a directory and everything under it) from the index."""
    listed = repo.git("ls-files", "-z", "--cached", "--", path, env=env)
    paths = [name for name in listed.split("\0") if name == path or name.startswith(f"{path}/")]
    if paths:
        repo.git("update-index", "--force-remove", "--", *paths, env=env)


def signature_env(role: str, signature: Signature) -> dict[str, str]:
    """GIT_AUTHOR_* or GIT_COMMITTER_* variables for ``role`` ("AUTHOR" or "COMMITTER")."""
    return {
        f"GIT_{role}_NAME": signature.name,
        f"GIT_{role}_EMAIL": signature.email,
        f"GIT_{role}_DATE": f"{_epoch(signature.date)} +0000",
    }


def write_commit(
    repo: SimRepo,
    *,
    tree: str,
    parents: list[str],
    message: str,
    author: Signature,
    committer: Signature,
) -> str:
    """Write a commit object exactly as given (message unchanged) and return its sha."""
    env = {**signature_env("AUTHOR", author), **signature_env("COMMITTER", committer)}
    parent_args = [arg for parent in parents for arg in ("-p", parent)]
    return repo.git("commit-tree", tree, *parent_args, stdin=message.encode("utf-8"), env=env)


def write_tag(
    repo: SimRepo, *, tag: str, object_sha: str, object_type: str, tagger: Signature, message: str
) -> str:
    """Write an annotated tag object (no ref) and return its sha."""
    epoch = _epoch(tagger.date)
    text = (
        f"object {object_sha}\ntype {object_type}\ntag {tag}\n"
        f"tagger {tagger.name} <{tagger.email}> {epoch} +0000\n\n{message}"
    )
    return repo.git("mktag", stdin=text.encode("utf-8"))


def _epoch(date: str) -> int:
    return int(datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp())
