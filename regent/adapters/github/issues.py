"""Issues (not pull requests) of a repository: the open ones with a label, opening, commenting
on and closing one; the failure notifications' issue tracker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from regent.adapters.github.call import RepoCall
from regent.core.notifications_ports import TrackedIssue

PAGE = 100
"""The open issues read per listing: one request (a branch has one failure issue)."""


def open_issues(call: RepoCall, label: str) -> tuple[TrackedIssue, ...]:
    """One page of the open issues carrying ``label``, pull requests left out."""
    query = f"?state=open&labels={quote(label, safe='')}&per_page={PAGE}"
    data = call.request("GET", f"/issues{query}")
    return tuple(_tracked(item) for item in data or () if "pull_request" not in item)


def open_issue(call: RepoCall, *, title: str, body: str, labels: Sequence[str]) -> TrackedIssue:
    """Open an issue; after a lost answer, one with this title and the first label wins."""

    def send() -> TrackedIssue:
        payload = {"title": title, "body": body, "labels": list(labels)}
        return _tracked(call.request("POST", "/issues", body=payload))

    def recheck() -> TrackedIssue | None:
        found = open_issues(call, labels[0]) if labels else ()
        return next((issue for issue in found if issue.title == title), None)

    return call.writer.create(send, recheck=recheck)


def comment_on_issue(call: RepoCall, number: int, body: str) -> None:
    call.request("POST", f"/issues/{number}/comments", body={"body": body})


def close_issue(call: RepoCall, number: int) -> None:
    call.request("PATCH", f"/issues/{number}", body={"state": "closed"})


def _tracked(item: Any) -> TrackedIssue:
    return TrackedIssue(int(item["number"]), str(item["title"]))
