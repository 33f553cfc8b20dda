"""Webhook events: pull_request and push payloads, schema-valid, signed, and delivered."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.github_sim.server import SimServer
from tests.github_sim.validation import validate_webhook
from tests.github_sim_tests.conftest import Received
from tests.github_sim_tests.scenarios import (
    REPO,
    Widget,
    build_source,
    make_widget,
)
from tests.shared_data import load_shared_json

pytestmark = pytest.mark.contract

SECRET = "It's a Secret to Everybody"
ZERO = "0" * 40


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    """``acme/widget`` with a webhook secret and pull request #1 (feature, two commits)."""
    made = make_widget(sim, widget_source, tmp_path)
    assert made.client.post("/_sim/webhook", {"secret": SECRET, "url": None}).status == 200
    made.open_pull("feature", title="Add one and two")
    return made


def _verified(event: dict[str, Any]) -> dict[str, Any]:
    """Check headers, signature and schema of a recorded event; return its payload."""
    headers, body = event["headers"], event["body"].encode("utf-8")
    assert headers["X-GitHub-Event"] == event["name"]
    assert uuid.UUID(headers["X-GitHub-Delivery"])
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Hub-Signature-256"], expected)
    assert json.loads(body) == event["payload"]
    validate_webhook(event["name"], event["payload"])
    payload: dict[str, Any] = event["payload"]
    return payload


def _named(events: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [_verified(event) for event in events if event["name"] == name]


def test_opening_a_pull_request_emits_opened(widget: Widget) -> None:
    [opened] = _named(widget.events(), "pull_request")
    assert (opened["action"], opened["number"]) == ("opened", 1)
    assert opened["pull_request"]["state"] == "open"


@pytest.mark.parametrize("method", ["merge", "squash", "rebase"])
def test_control_merge_returns_closed_and_push_events(widget: Widget, method: str) -> None:
    base = widget.state()["branches"]["main"]
    reply = widget.client.post("/_sim/repos/acme/widget/pulls/1/merge", {"method": method})
    assert reply.status == 200, reply.body
    sha = reply.body["sha"]
    closed_event, push_event = reply.body["events"]
    assert [closed_event["name"], push_event["name"]] == ["pull_request", "push"]
    closed, push = _verified(closed_event), _verified(push_event)
    assert (closed["action"], closed["number"]) == ("closed", 1)
    merged = closed["pull_request"]
    assert (merged["merged"], merged["state"], merged["merge_commit_sha"]) == (True, "closed", sha)
    assert merged["merged_at"] is not None
    assert merged["merged_by"]["login"] == "sim-user"
    assert (push["ref"], push["before"], push["after"]) == ("refs/heads/main", base, sha)
    assert (push["created"], push["deleted"], push["forced"]) == (False, False, False)
    assert push["head_commit"]["id"] == sha
    assert widget.events()[-2:] == reply.body["events"]


@pytest.mark.parametrize(
    ("method", "listed"),
    [
        (
            "merge",
            [
                ("feat: one", False),
                ("fix: two", False),
                ("Merge pull request #1 from acme/feature", True),
            ],
        ),
        ("squash", [("Add one and two (#1)", True)]),
        ("rebase", [("feat: one", True), ("fix: two", True)]),
    ],
)
def test_push_lists_the_commits_and_which_are_new(
    widget: Widget, method: str, listed: list[tuple[str, bool]]
) -> None:
    reply = widget.client.post("/_sim/repos/acme/widget/pulls/1/merge", {"method": method})
    push = reply.body["events"][1]["payload"]
    assert [(c["message"].splitlines()[0], c["distinct"]) for c in push["commits"]] == listed
    assert push["head_commit"]["committer"] == {
        "name": "GitHub",
        "email": "noreply@github.com",
        "username": "web-flow",
    }


def test_rest_merge_emits_the_same_events(widget: Widget) -> None:
    widget.client.request("DELETE", "/_sim/events")
    reply = widget.client.put(f"{REPO}/pulls/1/merge", {"merge_method": "squash"})
    events = widget.events()
    assert [event["name"] for event in events] == ["pull_request", "push"]
    assert _verified(events[1])["after"] == reply.body["sha"]
    squash = events[1]["payload"]["head_commit"]
    assert [path.startswith("changes/") for path in squash["added"]] == [True, True]
    assert squash["author"]["username"] == "sim-user"


def test_git_data_api_ref_changes_are_pushes(widget: Widget) -> None:
    main = widget.state()["branches"]["main"]
    feature = widget.state()["branches"]["feature"]
    widget.client.request("DELETE", "/_sim/events")
    widget.client.post(f"{REPO}/git/refs", {"ref": "refs/heads/copy", "sha": main})
    widget.client.patch(f"{REPO}/git/refs/heads/copy", {"sha": feature, "force": True})
    widget.client.delete(f"{REPO}/git/refs/heads/feature")
    pushes = _named(widget.events(), "push")
    flags = [(p["ref"], p["created"], p["forced"], p["deleted"]) for p in pushes]
    assert flags == [
        ("refs/heads/copy", True, False, False),
        ("refs/heads/copy", False, True, False),
        ("refs/heads/feature", False, False, True),
    ]
    assert (pushes[2]["after"], pushes[2]["head_commit"], pushes[2]["commits"]) == (ZERO, None, [])
    [closed] = _named(widget.events(), "pull_request")
    assert (closed["action"], closed["pull_request"]["merged"]) == ("closed", False)
    assert widget.client.get(f"{REPO}/pulls/1").body["state"] == "closed"


def test_publishing_a_release_pushes_its_new_tag(widget: Widget) -> None:
    widget.client.request("DELETE", "/_sim/events")
    widget.client.post(f"{REPO}/releases", {"tag_name": "v1.0.0"})
    [push] = _named(widget.events(), "push")
    assert (push["ref"], push["created"], push["before"]) == ("refs/tags/v1.0.0", True, ZERO)


def test_closing_and_reopening_emit_their_actions(widget: Widget) -> None:
    widget.client.patch(f"{REPO}/pulls/1", {"state": "closed"})
    widget.client.patch(f"{REPO}/issues/1", {"state": "open"})
    actions = [p["action"] for p in _named(widget.events(), "pull_request")]
    assert actions == ["opened", "closed", "reopened"]


def test_payloads_carry_what_real_deliveries_carry(widget: Widget, app_key_pem: str) -> None:
    real = load_shared_json("webhooks/pull_request/closed.merged.create-issue-branch.json")
    registration = {"app_id": 7, "public_key": app_key_pem, "installations": {"acme/widget": 8}}
    widget.client.post("/_sim/apps", registration)
    widget.client.post(f"{REPO}/issues/1/labels", ["autorelease: pending"])
    reply = widget.client.post("/_sim/repos/acme/widget/pulls/1/merge", {})
    closed, push = (_verified(event) for event in reply.body["events"])
    assert [label["name"] for label in closed["pull_request"]["labels"]] == ["autorelease: pending"]
    assert set(real) <= set(closed)
    assert set(real["pull_request"]) <= set(closed["pull_request"])
    assert closed["installation"]["id"] == push["installation"]["id"] == 8
    real_push = load_shared_json("webhooks/push/to-branch.reallyfastci.json")
    assert set(real_push) <= set(push)
    assert set(real_push["commits"][0]) == set(push["commits"][0])


def test_without_a_secret_there_is_no_signature(
    sim: SimServer, widget_source: Path, tmp_path: Path
) -> None:
    unsigned = make_widget(sim, widget_source, tmp_path)
    unsigned.open_pull("feature")
    [event] = unsigned.events()
    assert "X-Hub-Signature-256" not in event["headers"]
    validate_webhook("pull_request", event["payload"])


@pytest.fixture(scope="module")
def app_key_pem() -> str:
    return private_pem()


def test_deliveries_are_posted_in_order_with_verifiable_signatures(
    widget: Widget, receiver: tuple[str, Received]
) -> None:
    url, received = receiver
    widget.client.post("/_sim/webhook", {"secret": SECRET, "url": url})
    widget.client.put(f"{REPO}/pulls/1/merge", {})
    deadline = time.monotonic() + 10
    while _statuses(widget) != [204, 204] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _statuses(widget) == [204, 204]
    assert [headers["X-GitHub-Event"] for headers, _ in received] == ["pull_request", "push"]
    for headers, body in received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Hub-Signature-256"], expected)


def _statuses(widget: Widget) -> list[int | None]:
    return [event["delivery"]["status"] for event in widget.events() if "delivery" in event]
