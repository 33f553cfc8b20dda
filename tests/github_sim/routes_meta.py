"""API root, the authenticated user and the rate limit."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.render import private_user_json
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import SimState

ACCOUNT_CREATED_AT = "2020-01-01T00:00:00Z"

ROOT_PATHS = {
    "current_user_url": "/user",
    "current_user_authorizations_html_url": "/settings/connections/applications{/client_id}",
    "authorizations_url": "/authorizations",
    "code_search_url": "/search/code?q={query}{&page,per_page,sort,order}",
    "commit_search_url": "/search/commits?q={query}{&page,per_page,sort,order}",
    "emails_url": "/user/emails",
    "emojis_url": "/emojis",
    "events_url": "/events",
    "feeds_url": "/feeds",
    "followers_url": "/user/followers",
    "following_url": "/user/following{/target}",
    "gists_url": "/gists{/gist_id}",
    "issue_search_url": "/search/issues?q={query}{&page,per_page,sort,order}",
    "issues_url": "/issues",
    "keys_url": "/user/keys",
    "label_search_url": "/search/labels?q={query}&repository_id={repository_id}{&page,per_page}",
    "notifications_url": "/notifications",
    "organization_url": "/orgs/{org}",
    "organization_repositories_url": "/orgs/{org}/repos{?type,page,per_page,sort}",
    "organization_teams_url": "/orgs/{org}/teams",
    "public_gists_url": "/gists/public",
    "rate_limit_url": "/rate_limit",
    "repository_url": "/repos/{owner}/{repo}",
    "repository_search_url": "/search/repositories?q={query}{&page,per_page,sort,order}",
    "current_user_repositories_url": "/user/repos{?type,page,per_page,sort}",
    "starred_url": "/user/starred{/owner}{/repo}",
    "starred_gists_url": "/gists/starred",
    "topic_search_url": "/search/topics?q={query}{&page,per_page}",
    "user_url": "/users/{user}",
    "user_organizations_url": "/user/orgs",
    "user_repositories_url": "/users/{user}/repos{?type,page,sort}",
    "user_search_url": "/search/users?q={query}{&page,per_page}",
}


@route("GET", "/", "meta/root")
def get_root(state: SimState, request: Request) -> Response:
    return Response(200, {key: request.base_url + path for key, path in ROOT_PATHS.items()})


@route("GET", "/user", "users/get-authenticated")
def get_authenticated_user(state: SimState, request: Request) -> Response:
    if request.token is None:
        raise SimError(401, "Requires authentication")
    info = token_info(state, request.token)
    if info.installation_id is not None:
        raise SimError(403, "Resource not accessible by integration")
    user = private_user_json(info.login, request.base_url, ACCOUNT_CREATED_AT)
    return Response(200, {**user, "user_view_type": "private"})


@route("GET", "/rate_limit", "rate-limit/get")
def get_rate_limit(state: SimState, request: Request) -> Response:
    rate = state.rate
    rate.roll_over()
    core = {
        "limit": rate.limit,
        "remaining": rate.remaining,
        "reset": rate.reset,
        "used": rate.used,
    }
    search = {"limit": 30, "remaining": 30, "reset": rate.reset, "used": 0}
    resources: dict[str, Any] = {"core": core, "search": search, "graphql": dict(core)}
    return Response(200, {"resources": resources, "rate": core})
