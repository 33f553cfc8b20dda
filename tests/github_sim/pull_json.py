"""JSON for pull requests and labels, in the REST shape or the (stricter) webhook shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tests.github_sim import pull_git
from tests.github_sim.auto_merge_json import auto_merge_json
from tests.github_sim.records import LabelRecord, PullRecord
from tests.github_sim.render import node_id, repo_api_url, repo_json, user_json
from tests.github_sim.state import SimRepo


@dataclass(frozen=True)
class Style:
    """How users and repositories are rendered inside a pull request."""

    user: Callable[[str, str], dict[str, Any]]
    repository: Callable[[SimRepo, str], dict[str, Any]]


REST = Style(user_json, repo_json)


def html_url(repo: SimRepo, base_url: str) -> str:
    """The repository's web address (the simulator serves web and API on one host)."""
    return f"{base_url}/{repo.full_name}"


def label_json(repo: SimRepo, label: LabelRecord, base_url: str) -> dict[str, Any]:
    return {
        "id": label.id,
        "node_id": node_id("Label", label.id),
        "url": f"{repo_api_url(repo, base_url)}/labels/{quote(label.name)}",
        "name": label.name,
        "color": label.color,
        "default": label.default,
        "description": label.description,
    }


def labels_json(repo: SimRepo, names: list[str], base_url: str) -> list[dict[str, Any]]:
    """The labels called ``names`` (as stored on an issue or pull request)."""
    found = (repo.labels.get(name.lower()) for name in names)
    return [label_json(repo, label, base_url) for label in found if label is not None]


def author_association(repo: SimRepo, login: str) -> str:
    """As GitHub ranks it: OWNER, MEMBER (of the owning organisation), COLLABORATOR (any role
    but ``none``), CONTRIBUTOR (wrote a merged pull request here), else NONE."""
    name = login.lower()
    if name == repo.owner.lower():
        return "OWNER"
    if name in repo.members:
        return "MEMBER"
    if repo.collaborators.get(name, "none") != "none":
        return "COLLABORATOR"
    merged_authors = {pull.user.lower() for pull in repo.pulls.values() if pull.merged}
    return "CONTRIBUTOR" if name in merged_authors else "NONE"


def comment_count(repo: SimRepo, number: int) -> int:
    return sum(comment.issue_number == number for comment in repo.comments.values())


def pull_simple_json(
    repo: SimRepo, pull: PullRecord, base_url: str, style: Style = REST
) -> dict[str, Any]:
    """The ``pull-request-simple`` shape used by lists."""
    api = f"{repo_api_url(repo, base_url)}/pulls/{pull.number}"
    issue = f"{repo_api_url(repo, base_url)}/issues/{pull.number}"
    html = f"{html_url(repo, base_url)}/pull/{pull.number}"
    statuses = f"{repo_api_url(repo, base_url)}/statuses/{pull.head_sha}"
    links = {
        "self": api,
        "html": html,
        "issue": issue,
        "comments": f"{issue}/comments",
        "review_comments": f"{api}/comments",
        "review_comment": f"{repo_api_url(repo, base_url)}/pulls/comments{{/number}}",
        "commits": f"{api}/commits",
        "statuses": statuses,
    }
    return {
        "url": api,
        "id": pull.id,
        "node_id": node_id("PullRequest", pull.id),
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue,
        "commits_url": links["commits"],
        "review_comments_url": links["review_comments"],
        "review_comment_url": links["review_comment"],
        "comments_url": links["comments"],
        "statuses_url": statuses,
        "number": pull.number,
        "state": pull.state,
        "locked": False,
        "title": pull.title,
        "user": style.user(pull.user, base_url),
        "body": pull.body,
        "labels": [_listed_label(label) for label in labels_json(repo, pull.labels, base_url)],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": pull.created_at,
        "updated_at": pull.updated_at,
        "closed_at": pull.closed_at,
        "merged_at": pull.merged_at,
        "merge_commit_sha": pull.merge_commit_sha,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _branch(repo, pull.head, pull.head_sha, base_url, style),
        "base": _branch(repo, pull.base, pull.base_sha, base_url, style),
        "_links": {name: {"href": href} for name, href in links.items()},
        "author_association": author_association(repo, pull.user),
        "auto_merge": auto_merge_json(pull, base_url, style.user),
        "draft": pull.draft,
    }


def pull_json(
    repo: SimRepo, pull: PullRecord, base_url: str, style: Style = REST
) -> dict[str, Any]:
    """The full ``pull-request`` shape (get, create, update, webhooks)."""
    stats = pull_git.diff_stats(repo, pull)
    mergeable = pull_git.mergeable(repo, pull)
    return {
        **pull_simple_json(repo, pull, base_url, style),
        "labels": labels_json(repo, pull.labels, base_url),
        "merged": pull.merged,
        "mergeable": mergeable,
        "rebaseable": mergeable,
        "mergeable_state": _mergeable_state(mergeable),
        "merged_by": style.user(pull.merged_by, base_url) if pull.merged_by else None,
        "comments": comment_count(repo, pull.number),
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": len(pull_git.commits(repo, pull)),
        "additions": stats.additions,
        "deletions": stats.deletions,
        "changed_files": stats.changed_files,
    }


def _listed_label(label: dict[str, Any]) -> dict[str, Any]:
    """Lists describe a label without a description as "" (their schema has no null there)."""
    return {**label, "description": label["description"] or ""}


def _mergeable_state(mergeable: bool | None) -> str:
    if mergeable is None:
        return "unknown"
    return "clean" if mergeable else "dirty"


def _branch(repo: SimRepo, branch: str, sha: str, base_url: str, style: Style) -> dict[str, Any]:
    return {
        "label": f"{repo.owner}:{branch}",
        "ref": branch,
        "sha": sha,
        "user": style.user(repo.owner, base_url),
        "repo": style.repository(repo, base_url),
    }
