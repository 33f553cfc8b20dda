"""PyGithub objects read into the port's values, touching only fields GitHub already sent.

Reading a field a lazy or listed object lacks would cost a request to complete it, so pull
requests are read from the fields list responses carry (``merged_at``, not ``merged``).
"""

from __future__ import annotations

from typing import Any

from github.GitRelease import GitRelease
from github.IssueComment import IssueComment
from github.PullRequest import PullRequest as GithubPull

from regent.core.model import Comment, PullRequest, PullState, Release, iso_utc


def pull_request(pull: GithubPull) -> PullRequest:
    return PullRequest(
        number=pull.number,
        title=pull.title or "",
        body=pull.body or "",
        head_branch=pull.head.ref,
        head_sha=pull.head.sha,
        base_branch=pull.base.ref,
        state=PullState(pull.state),
        merged=pull.merged_at is not None,
        merge_commit_sha=pull.merge_commit_sha or None,
        labels=tuple(label.name for label in pull.labels),
        draft=bool(pull.draft),
        html_url=pull.html_url,
        merged_at=iso_utc(pull.merged_at) if pull.merged_at else None,
        author=pull.user.login if pull.user else None,
        node_id=pull.node_id or "",
        auto_merge=_auto_merge_method(pull.auto_merge),
    )


def _auto_merge_method(auto_merge: dict[str, Any] | None) -> str | None:
    """The ``merge_method`` of a pull request's ``auto_merge`` (null unless enabled)."""
    method = (auto_merge or {}).get("merge_method")
    return str(method) if method else None


def release(found: GitRelease) -> Release:
    return Release(
        id=found.id,
        tag=found.tag_name,
        name=found.name or "",
        body=found.body or "",
        draft=found.draft,
        prerelease=found.prerelease,
        html_url=found.html_url,
        upload_url=found.upload_url,
    )


def comment(found: IssueComment) -> Comment:
    return Comment(id=found.id, body=found.body or "", html_url=found.html_url)
