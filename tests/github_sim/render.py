"""JSON for users and repositories, shaped as GitHub's schemas require.

``base_url`` is the simulator's root (``request.base_url``); API urls hang off it as they hang
off api.github.com, and web (``html_url``) urls use the same host, as on GitHub Enterprise.
"""

from __future__ import annotations

import base64
import zlib
from typing import Any

from tests.github_sim.state import SimRepo

REPO_URL_TEMPLATES = {
    "archive_url": "/{archive_format}{/ref}",
    "assignees_url": "/assignees{/user}",
    "blobs_url": "/git/blobs{/sha}",
    "branches_url": "/branches{/branch}",
    "collaborators_url": "/collaborators{/collaborator}",
    "comments_url": "/comments{/number}",
    "commits_url": "/commits{/sha}",
    "compare_url": "/compare/{base}...{head}",
    "contents_url": "/contents/{+path}",
    "contributors_url": "/contributors",
    "deployments_url": "/deployments",
    "downloads_url": "/downloads",
    "events_url": "/events",
    "forks_url": "/forks",
    "git_commits_url": "/git/commits{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "hooks_url": "/hooks",
    "issue_comment_url": "/issues/comments{/number}",
    "issue_events_url": "/issues/events{/number}",
    "issues_url": "/issues{/number}",
    "keys_url": "/keys{/key_id}",
    "labels_url": "/labels{/name}",
    "languages_url": "/languages",
    "merges_url": "/merges",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "pulls_url": "/pulls{/number}",
    "releases_url": "/releases{/id}",
    "stargazers_url": "/stargazers",
    "statuses_url": "/statuses/{sha}",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "tags_url": "/tags",
    "teams_url": "/teams",
    "trees_url": "/git/trees{/sha}",
}


def node_id(kind: str, number: int | str) -> str:
    """An opaque GraphQL-style node id."""
    return base64.b64encode(f"{kind}:{number}".encode()).decode("ascii").rstrip("=")


def user_id(login: str) -> int:
    """A stable id for a login."""
    return zlib.crc32(login.lower().encode("utf-8")) % 90_000_000 + 1


def user_json(login: str, base_url: str) -> dict[str, Any]:
    """A simple-user object; logins ending in ``[bot]`` are of type Bot."""
    url = f"{base_url}/users/{login}"
    return {
        "login": login,
        "id": user_id(login),
        "node_id": node_id("User", user_id(login)),
        "avatar_url": f"{base_url}/_avatars/{user_id(login)}",
        "gravatar_id": "",
        "url": url,
        "html_url": f"{base_url}/{login}",
        "followers_url": f"{url}/followers",
        "following_url": f"{url}/following{{/other_user}}",
        "gists_url": f"{url}/gists{{/gist_id}}",
        "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{url}/subscriptions",
        "organizations_url": f"{url}/orgs",
        "repos_url": f"{url}/repos",
        "events_url": f"{url}/events{{/privacy}}",
        "received_events_url": f"{url}/received_events",
        "type": "Bot" if login.endswith("[bot]") else "User",
        "user_view_type": "public",
        "site_admin": False,
    }


def private_user_json(login: str, base_url: str, created_at: str) -> dict[str, Any]:
    """The authenticated user (private-user schema)."""
    counts = ("followers", "following", "public_gists", "public_repos", "private_gists")
    more_counts = ("total_private_repos", "owned_private_repos", "disk_usage", "collaborators")
    return {
        **user_json(login, base_url),
        **dict.fromkeys((*counts, *more_counts), 0),
        "name": login,
        "company": None,
        "blog": "",
        "location": None,
        "email": None,
        "hireable": None,
        "bio": None,
        "twitter_username": None,
        "created_at": created_at,
        "updated_at": created_at,
        "two_factor_authentication": True,
    }


def repo_api_url(repo: SimRepo, base_url: str) -> str:
    return f"{base_url}/repos/{repo.full_name}"


def repo_json(repo: SimRepo, base_url: str) -> dict[str, Any]:
    """A repository object (valid as both ``repository`` and ``full-repository``)."""
    api = repo_api_url(repo, base_url)
    html = f"{base_url}/{repo.full_name}"
    counts = ("forks", "forks_count", "stargazers_count", "watchers", "watchers_count", "size")
    open_issues = sum(issue.state == "open" for issue in repo.issues.values()) + sum(
        pull.state == "open" for pull in repo.pulls.values()
    )
    flags_off = ("fork", "archived", "disabled", "has_pages", "has_discussions", "is_template")
    return {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "owner": user_json(repo.owner, base_url),
        "private": False,
        "visibility": "public",
        "description": None,
        "homepage": None,
        "language": None,
        "license": None,
        "mirror_url": None,
        "url": api,
        "html_url": html,
        "clone_url": repo.git_dir.as_uri(),
        "git_url": repo.git_dir.as_uri(),
        "ssh_url": repo.git_dir.as_uri(),
        "svn_url": html,
        **{key: api + suffix for key, suffix in REPO_URL_TEMPLATES.items()},
        **dict.fromkeys(counts, 0),
        **dict.fromkeys(flags_off, False),
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_downloads": False,
        "open_issues": open_issues,
        "open_issues_count": open_issues,
        "network_count": 0,
        "subscribers_count": 0,
        "default_branch": repo.default_branch,
        "topics": [],
        "allow_merge_commit": True,
        "allow_squash_merge": True,
        "allow_rebase_merge": True,
        "allow_auto_merge": False,
        "allow_forking": True,
        "allow_update_branch": False,
        "use_squash_pr_title_as_default": False,
        "web_commit_signoff_required": False,
        "temp_clone_token": "",
        "delete_branch_on_merge": False,
        "created_at": repo.created_at,
        "updated_at": repo.created_at,
        "pushed_at": repo.created_at,
        "permissions": {
            "admin": True,
            "maintain": True,
            "push": True,
            "triage": True,
            "pull": True,
        },
    }
