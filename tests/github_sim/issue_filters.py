"""The repository issue list's filters and order, as GitHub applies them (pull requests too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.github_sim.issue_json import Issue
from tests.github_sim.pull_json import comment_count
from tests.github_sim.pull_rules import invalid
from tests.github_sim.routing import Request
from tests.github_sim.state import SimRepo

STATES = ("open", "closed", "all")


def listed_issues(repo: SimRepo, request: Request) -> list[Issue]:
    """Issues and pull requests by ``state`` (open), ``labels`` (all of them), ``creator`` and
    ``since`` (updated at or after), ordered by ``sort`` (created) and ``direction`` (desc)."""
    state = request.arg("state") or "open"
    if state not in STATES:
        raise invalid("Issue", "state")
    wanted = {name.strip().lower() for name in (request.arg("labels") or "").split(",")} - {""}
    creator, since = request.arg("creator"), request.arg("since")
    every: list[Issue] = [*repo.issues.values(), *repo.pulls.values()]
    chosen = [
        issue
        for issue in every
        if state in ("all", issue.state)
        and wanted <= {name.lower() for name in issue.labels}
        and (creator is None or issue.user.lower() == creator.lower())
        and (since is None or issue.updated_at >= since)
    ]
    key = _sort_key(repo, request.arg("sort") or "created")
    direction = request.arg("direction") or "desc"
    if direction not in ("asc", "desc"):
        raise invalid("Issue", "direction")
    return sorted(chosen, key=key, reverse=direction == "desc")


def _sort_key(repo: SimRepo, sort: str) -> Callable[[Issue], Any]:
    keys: dict[str, Callable[[Issue], Any]] = {
        "created": lambda issue: (issue.created_at, issue.number),
        "updated": lambda issue: (issue.updated_at, issue.number),
        "comments": lambda issue: (comment_count(repo, issue.number), issue.number),
    }
    if sort not in keys:
        raise invalid("Issue", "sort")
    return keys[sort]
