"""File contents: ``GET /repos/{owner}/{repo}/contents/{path}`` for files and directories."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from tests.github_sim.gitobjects import TreeEntry, list_tree
from tests.github_sim.render import repo_api_url
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import GitError, SimRepo, SimState

BASE64_LINE = 60
KINDS = {"blob": "file", "tree": "dir", "commit": "submodule"}


@route(
    "GET",
    "/repos/{owner}/{repo}/contents/{path+}",
    "repos/get-content",
    permission=("contents", "read"),
)
def get_content(state: SimState, request: Request) -> Response:
    """A file (base64 content, blob sha) or a directory listing at ``ref`` (default branch)."""
    repo = state.repo(request.params["owner"], request.params["repo"])
    path = request.params["path"].strip("/")
    ref = request.arg("ref") or repo.default_branch
    entry = content_entry(repo, ref, path)
    if entry is None:
        raise SimError(404, "Not Found")
    if entry.type == "tree":
        children = list_tree(repo, f"{entry.sha}")
        listing = [content_item(repo, request, ref, _child(path, child)) for child in children]
        return Response(200, listing)
    body = content_item(repo, request, ref, entry)
    if entry.type == "blob":
        data = repo.git_bytes("cat-file", "blob", entry.sha)
        if entry.mode == "120000":
            body |= {"type": "symlink", "target": data.decode("utf-8", "replace")}
        else:
            body |= {"content": wrapped_base64(data), "encoding": "base64"}
    return Response(200, body)


def content_entry(repo: SimRepo, ref: str, path: str) -> TreeEntry | None:
    commit = repo.commit_sha_for(ref)
    if commit is None or not path:
        return None
    try:
        entries = list_tree(repo, commit, path=path)
    except GitError:
        return None
    return next((entry for entry in entries if entry.path == path), None)


def _child(directory: str, entry: TreeEntry) -> TreeEntry:
    path = f"{directory}/{entry.path}" if directory else entry.path
    return TreeEntry(entry.mode, entry.type, entry.sha, entry.size, path)


def content_item(repo: SimRepo, request: Request, ref: str, entry: TreeEntry) -> dict[str, Any]:
    """A file or directory as the contents endpoints describe it (without its content)."""
    api = repo_api_url(repo, request.base_url)
    html = f"{request.base_url}/{repo.full_name}/{'tree' if entry.type == 'tree' else 'blob'}"
    self_url = f"{api}/contents/{quote(entry.path)}?ref={quote(ref, safe='')}"
    git_url = f"{api}/git/{'trees' if entry.type == 'tree' else 'blobs'}/{entry.sha}"
    html_url = f"{html}/{ref}/{entry.path}"
    raw = f"{request.base_url}/{repo.full_name}/raw/{ref}/{entry.path}"
    return {
        "type": KINDS.get(entry.type, "file"),
        "name": entry.path.rsplit("/", 1)[-1],
        "path": entry.path,
        "sha": entry.sha,
        "size": entry.size or 0,
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": raw if entry.type == "blob" else None,
        "_links": {"self": self_url, "git": git_url, "html": html_url},
    }


def wrapped_base64(data: bytes) -> str:
    """Base64 in lines of 60 characters, each ending in a newline, as GitHub sends it."""
    text = base64.b64encode(data).decode("ascii")
    return "".join(f"{text[i : i + BASE64_LINE]}\n" for i in range(0, len(text), BASE64_LINE))
