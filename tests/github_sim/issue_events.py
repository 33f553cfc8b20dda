"""The ``issues`` webhook event (opened, closed, reopened) for an issue that is not a pull
request."""

from __future__ import annotations

from typing import Any

from tests.github_sim.events import (
    WEBHOOK,
    Origin,
    emit,
    installation_lite,
    webhook_repo_json,
    webhook_user_json,
)
from tests.github_sim.issue_json import issue_json
from tests.github_sim.records import IssueRecord


def issues_payload(origin: Origin, issue: IssueRecord, action: str) -> dict[str, Any]:
    repo, base_url = origin.repo, origin.base_url
    payload: dict[str, Any] = {
        "action": action,
        "issue": issue_json(repo, issue, base_url, WEBHOOK),
        "repository": webhook_repo_json(repo, base_url),
        "sender": webhook_user_json(origin.login, base_url),
    }
    installation = installation_lite(origin.state, repo)
    return payload | ({"installation": installation} if installation else {})


def emit_issues(origin: Origin, issue: IssueRecord, action: str) -> dict[str, Any]:
    """Emit ``issues`` with ``action`` for ``issue``."""
    return emit(origin.state, "issues", issues_payload(origin, issue, action))
