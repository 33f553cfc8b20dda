"""The route template of a GitHub API request (``/repos/{owner}/{repo}/pulls/{pull_number}``):
what metrics, audit records and traces name a request by, never its raw path, so the label set
stays bounded whatever the repositories, branches and numbers are.

The templates are GitHub's own (its REST reference's path parameters), for the endpoints
Release Regent calls; any other path is ``other``.
"""

from __future__ import annotations

import re

OTHER = "other"
REPO = "/repos/{owner}/{repo}"

_REPO_ROUTES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("installation", "/installation"),
    ("git/ref/*", "/git/ref/{ref}"),
    ("git/refs", "/git/refs"),
    ("git/refs/*", "/git/refs/{ref}"),
    ("git/matching-refs/*", "/git/matching-refs/{ref}"),
    ("git/blobs", "/git/blobs"),
    ("git/blobs/_", "/git/blobs/{file_sha}"),
    ("git/trees", "/git/trees"),
    ("git/trees/_", "/git/trees/{tree_sha}"),
    ("git/commits", "/git/commits"),
    ("git/commits/_", "/git/commits/{commit_sha}"),
    ("git/tags", "/git/tags"),
    ("git/tags/_", "/git/tags/{tag_sha}"),
    ("commits", "/commits"),
    ("commits/*", "/commits/{ref}"),
    ("compare/*", "/compare/{basehead}"),
    ("contents/*", "/contents/{path}"),
    ("branches", "/branches"),
    ("branches/*", "/branches/{branch}"),
    ("tags", "/tags"),
    ("pulls", "/pulls"),
    ("pulls/_", "/pulls/{pull_number}"),
    ("pulls/_/commits", "/pulls/{pull_number}/commits"),
    ("pulls/_/merge", "/pulls/{pull_number}/merge"),
    ("issues", "/issues"),
    ("issues/_", "/issues/{issue_number}"),
    ("issues/_/comments", "/issues/{issue_number}/comments"),
    ("issues/_/labels", "/issues/{issue_number}/labels"),
    ("issues/_/labels/*", "/issues/{issue_number}/labels/{name}"),
    ("issues/comments/_", "/issues/comments/{comment_id}"),
    ("issues/comments/_/reactions", "/issues/comments/{comment_id}/reactions"),
    ("labels", "/labels"),
    ("labels/*", "/labels/{name}"),
    ("releases", "/releases"),
    ("releases/latest", "/releases/latest"),
    ("releases/generate-notes", "/releases/generate-notes"),
    ("releases/tags/*", "/releases/tags/{tag}"),
    ("releases/assets/_", "/releases/assets/{asset_id}"),
    ("releases/_", "/releases/{release_id}"),
    ("releases/_/assets", "/releases/{release_id}/assets"),
    ("collaborators/_/permission", "/collaborators/{username}/permission"),
)
"""Each route under a repository: its segments (``_`` one segment, ``*`` the rest, at least one
segment: refs, paths and tags hold slashes) and its template; the first that matches wins."""

_OTHER_ROUTES = {
    ("app",): "/app",
    ("app", "installations"): "/app/installations",
    (
        "app",
        "installations",
        "_",
        "access_tokens",
    ): "/app/installations/{installation_id}/access_tokens",
    ("graphql",): "/graphql",
    ("rate_limit",): "/rate_limit",
    ("user",): "/user",
    ("",): "/",
}
_API_PREFIX = re.compile(r"^/api(?:/v3|/uploads)?(?=/)")
"""GitHub Enterprise Server's prefixes: ``/api/v3`` for REST, ``/api/uploads`` for release
assets, ``/api/graphql`` for GraphQL."""


def route_template(path: str) -> str:
    """The template of ``path`` (a query and GitHub Enterprise Server's prefixes ignored;
    ``/repositories/{id}/...`` read as ``/repos/{owner}/{repo}/...``), else ``other``."""
    path = _API_PREFIX.sub("", path.split("?", 1)[0].split("#", 1)[0]) or "/"
    parts = path.strip("/").split("/")
    if parts[0] == "repos" and len(parts) >= 3:
        return _under_repository(parts[3:])
    if parts[0] == "repositories" and len(parts) >= 2 and parts[1].isdigit():
        return _under_repository(parts[2:])
    shape = tuple("_" if part.isdigit() else part for part in parts)
    return _OTHER_ROUTES.get(shape, OTHER)


def status_class(status: int | None) -> str:
    """``2xx``, ``3xx``, ``4xx``, ``5xx``; ``error`` when no answer came (a dropped connection,
    a timeout)."""
    if status is None or not 100 <= status <= 599:
        return "error"
    return f"{status // 100}xx"


def _under_repository(rest: list[str]) -> str:
    rest = [part for part in rest if part] if rest != [""] else []
    for shape, template in _REPO_ROUTES:
        if _matches(shape.split("/") if shape else [], rest):
            return REPO + template
    return OTHER


def _matches(shape: list[str], parts: list[str]) -> bool:
    for index, expected in enumerate(shape):
        if expected == "*":
            return len(parts) > index
        if index >= len(parts):
            return False
        if expected != "_" and expected != parts[index]:
            return False
    return len(parts) == len(shape)
