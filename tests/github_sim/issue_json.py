"""JSON for issues (pull requests included, as GitHub lists them), comments and reactions."""

from __future__ import annotations

from typing import Any

from tests.github_sim.pull_json import (
    REST,
    Style,
    author_association,
    comment_count,
    html_url,
    labels_json,
)
from tests.github_sim.records import CommentRecord, IssueRecord, PullRecord
from tests.github_sim.render import node_id, repo_api_url, user_json
from tests.github_sim.state import SimRepo

REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")
Issue = IssueRecord | PullRecord


def issue_html_url(repo: SimRepo, issue: Issue, base_url: str) -> str:
    kind = "pull" if isinstance(issue, PullRecord) else "issues"
    return f"{html_url(repo, base_url)}/{kind}/{issue.number}"


def issue_json(repo: SimRepo, issue: Issue, base_url: str, style: Style = REST) -> dict[str, Any]:
    """An ``issue`` object; a pull request carries ``pull_request`` links and ``draft``."""
    api = f"{repo_api_url(repo, base_url)}/issues/{issue.number}"
    body: dict[str, Any] = {
        "id": issue.id,
        "node_id": node_id("Issue", issue.id),
        "url": api,
        "repository_url": repo_api_url(repo, base_url),
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "timeline_url": f"{api}/timeline",
        "html_url": issue_html_url(repo, issue, base_url),
        "number": issue.number,
        "state": issue.state,
        "title": issue.title,
        "body": issue.body,
        "user": style.user(issue.user, base_url),
        "labels": labels_json(repo, issue.labels, base_url),
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "locked": False,
        "active_lock_reason": None,
        "comments": comment_count(repo, issue.number),
        "created_at": issue.created_at,
        "updated_at": issue.updated_at,
        "closed_at": issue.closed_at,
        "state_reason": "completed" if issue.state == "closed" else None,
        "author_association": author_association(repo, issue.user),
        "performed_via_github_app": None,
        "reactions": rollup(f"{api}/reactions", []),
    }
    if isinstance(issue, PullRecord):
        body |= {"pull_request": _pull_links(repo, issue, base_url), "draft": issue.draft}
    return body


def _pull_links(repo: SimRepo, pull: PullRecord, base_url: str) -> dict[str, Any]:
    html = issue_html_url(repo, pull, base_url)
    return {
        "url": f"{repo_api_url(repo, base_url)}/pulls/{pull.number}",
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "merged_at": pull.merged_at,
    }


def rollup(url: str, reactions: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``reactions`` summary: a count per content and the total."""
    counts = dict.fromkeys(REACTIONS, 0)
    for reaction in reactions:
        counts[reaction["content"]] += 1
    return {"url": url, "total_count": len(reactions), **counts}


def comment_json(
    repo: SimRepo, comment: CommentRecord, issue: Issue, base_url: str, style: Style = REST
) -> dict[str, Any]:
    """An ``issue-comment`` object."""
    api = f"{repo_api_url(repo, base_url)}/issues/comments/{comment.id}"
    return {
        "id": comment.id,
        "node_id": node_id("IssueComment", comment.id),
        "url": api,
        "html_url": f"{issue_html_url(repo, issue, base_url)}#issuecomment-{comment.id}",
        "issue_url": f"{repo_api_url(repo, base_url)}/issues/{issue.number}",
        "body": comment.body,
        "user": style.user(comment.user, base_url),
        "created_at": comment.created_at,
        "updated_at": comment.updated_at,
        "author_association": author_association(repo, comment.user),
        "performed_via_github_app": None,
        "reactions": rollup(f"{api}/reactions", comment.reactions),
    }


def reaction_json(reaction: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A ``reaction`` object from a stored reaction (id, login, content, created_at)."""
    return {
        "id": reaction["id"],
        "node_id": node_id("Reaction", reaction["id"]),
        "user": user_json(reaction["login"], base_url),
        "content": reaction["content"],
        "created_at": reaction["created_at"],
    }
