"""The route template of each request path Release Regent sends: a bounded label set."""

from __future__ import annotations

import pytest

from regent.adapters.github.routes import OTHER, route_template, status_class

R = "/repos/{owner}/{repo}"
CASES = [
    ("/repos/acme/widget", R),
    ("/repos/acme/widget/git/ref/heads/release-regent/main", R + "/git/ref/{ref}"),
    ("/repos/acme/widget/git/refs", R + "/git/refs"),
    ("/repos/acme/widget/git/refs/tags/v1.2.3", R + "/git/refs/{ref}"),
    ("/repos/acme/widget/git/trees", R + "/git/trees"),
    ("/repos/acme/widget/git/commits/abc123", R + "/git/commits/{commit_sha}"),
    ("/repos/acme/widget/pulls?state=all&base=main", R + "/pulls"),
    ("/repos/acme/widget/pulls/12", R + "/pulls/{pull_number}"),
    ("/repos/acme/widget/issues/12/labels", R + "/issues/{issue_number}/labels"),
    (
        "/repos/acme/widget/issues/12/labels/release-regent%3A%20pending",
        R + "/issues/{issue_number}/labels/{name}",
    ),
    (
        "/repos/acme/widget/issues/comments/77/reactions",
        R + "/issues/comments/{comment_id}/reactions",
    ),
    ("/repos/acme/widget/releases/tags/v1.0.0", R + "/releases/tags/{tag}"),
    ("/repos/acme/widget/releases/5/assets?name=a.whl", R + "/releases/{release_id}/assets"),
    ("/repos/acme/widget/releases/assets/9", R + "/releases/assets/{asset_id}"),
    ("/repos/acme/widget/releases/generate-notes", R + "/releases/generate-notes"),
    ("/repos/acme/widget/contents/docs/a.md", R + "/contents/{path}"),
    ("/repos/acme/widget/compare/v1...main", R + "/compare/{basehead}"),
    (
        "/repos/acme/widget/collaborators/alice/permission",
        R + "/collaborators/{username}/permission",
    ),
    ("/repositories/123/pulls/4", R + "/pulls/{pull_number}"),
    ("/api/v3/repos/acme/widget/pulls/4", R + "/pulls/{pull_number}"),
    (
        "/api/uploads/repos/acme/widget/releases/5/assets?name=a",
        R + "/releases/{release_id}/assets",
    ),
    ("/api/graphql", "/graphql"),
    ("/graphql", "/graphql"),
    ("/app/installations/42/access_tokens", "/app/installations/{installation_id}/access_tokens"),
    ("/repos/acme/widget/unheard-of/7", OTHER),
    ("/users/alice/whatever", OTHER),
    ("/repos/acme", OTHER),
]


@pytest.mark.parametrize(("path", "template"), CASES, ids=[path for path, _ in CASES])
def test_route_template(path: str, template: str) -> None:
    assert route_template(path) == template


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (200, "2xx"),
        (204, "2xx"),
        (304, "3xx"),
        (404, "4xx"),
        (422, "4xx"),
        (502, "5xx"),
        (None, "error"),
        (42, "error"),
    ],
)
def test_status_class(status: int | None, label: str) -> None:
    assert status_class(status) == label
