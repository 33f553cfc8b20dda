"""The validator accepts what GitHub sends (recorded traffic and payloads in ../shared/fixtures).

Recordings older than the description can miss fields added since (``has_discussions``,
``is_template``); only recordings of the current shape are used.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.github_sim.validation import response_violation, validate_webhook
from tests.shared_data import load_shared_json

pytestmark = pytest.mark.contract

RECORDED = "github-api/octokit-fixtures/{}.normalized-fixture.json"
OPERATIONS = {
    ("post", "git/refs"): "git/create-ref",
    ("patch", "git/refs/heads/test"): "git/update-ref",
    ("delete", "git/refs/heads/test"): "git/delete-ref",
}


def _exchanges(scenario: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = load_shared_json(RECORDED.format(scenario))
    return found


def test_recorded_git_refs_responses_are_valid() -> None:
    checked = 0
    for exchange in _exchanges("git-refs"):
        tail = exchange["path"].split("/", 4)[-1]
        operation = OPERATIONS.get((exchange["method"], tail))
        if operation is None:
            continue
        body = exchange["response"] if exchange["response"] != "" else None
        assert response_violation(operation, exchange["status"], body) is None
        checked += 1
    assert checked == 3


@pytest.mark.parametrize(
    ("event", "name"),
    [
        ("pull_request", "closed.payload"),
        ("pull_request", "opened.with-null-body"),
        ("push", "payload"),
        ("push", "with-new-branch.payload"),
        ("release", "published.payload"),
        ("ping", "with-app_id.payload"),
    ],
)
def test_recorded_webhook_payloads_are_valid(event: str, name: str) -> None:
    payload = load_shared_json(f"webhooks/{event}/{name}.json")

    validate_webhook(event, payload)
