"""``issue_comment`` events for comments made, edited and deleted through the API, and
``pull_request`` ``edited`` for pull requests whose title, body or base is edited."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.app_keys import private_pem
from tests.github_sim.client import SimClient
from tests.github_sim.records import IssueRecord
from tests.github_sim.server import SimServer
from tests.github_sim.validation import validate_webhook
from tests.github_sim_tests.conftest import Received
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, make_widget
from tests.shared_data import load_shared_json

pytestmark = pytest.mark.contract

SECRET = "comment secret"


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    """``acme/widget`` with pull request #1 (feature -> main), signed events, no deliveries."""
    made = make_widget(sim, widget_source, tmp_path)
    assert made.client.post("/_sim/webhook", {"secret": SECRET, "url": None}).status == 200
    made.open_pull("feature", title="feat: one and two")
    return made


def _as(widget: Widget, login: str, *, role: str | None = None, member: bool = False) -> SimClient:
    """A client whose token is registered for ``login`` (a collaborator when ``role`` is given)."""
    token = f"token-of-{login}"
    assert widget.client.post("/_sim/tokens", {"token": token, "login": login}).status == 201
    if role is not None:
        grant = {"login": login, "permission": role, "member": member}
        assert widget.client.post("/_sim/repos/acme/widget/collaborators", grant).status == 201
    return SimClient(widget.sim.url, token)


def _comment_events(widget: Widget) -> list[dict[str, Any]]:
    """The issue_comment payloads so far, each checked against the webhook schema."""
    found = [event for event in widget.events() if event["name"] == "issue_comment"]
    for event in found:
        assert event["headers"]["X-GitHub-Event"] == "issue_comment"
        assert event["headers"]["X-Hub-Signature-256"].startswith("sha256=")
        validate_webhook("issue_comment", event["payload"])
    return [event["payload"] for event in found]


def test_a_comment_on_a_pull_request_is_created_event_by_its_author(widget: Widget) -> None:
    alice = _as(widget, "alice", role="write")
    made = alice.post(f"{REPO}/issues/1/comments", {"body": "!release minor"}).body

    [created] = _comment_events(widget)
    assert created["action"] == "created"
    assert created["comment"]["id"] == made["id"]
    assert created["comment"]["body"] == "!release minor"
    assert created["comment"]["user"]["login"] == "alice"
    assert created["comment"]["user"]["type"] == "User"
    assert created["comment"]["author_association"] == "COLLABORATOR"
    assert created["sender"]["login"] == "alice"
    assert created["issue"]["number"] == 1
    assert created["issue"]["pull_request"]["url"].endswith("/repos/acme/widget/pulls/1")
    assert created["repository"]["full_name"] == "acme/widget"
    assert "changes" not in created


def test_editing_carries_the_old_body_and_deleting_the_comment_as_it_was(widget: Widget) -> None:
    alice = _as(widget, "alice", role="maintain")
    comment_id = alice.post(f"{REPO}/issues/1/comments", {"body": "!set-version 2.0.0"}).body["id"]
    edit = alice.patch(f"{REPO}/issues/comments/{comment_id}", {"body": "!set-version 3.0.0"})
    assert edit.status == 200
    assert alice.delete(f"{REPO}/issues/comments/{comment_id}").status == 204

    created, edited, deleted = _comment_events(widget)
    assert [created["action"], edited["action"], deleted["action"]] == [
        "created",
        "edited",
        "deleted",
    ]
    assert edited["changes"] == {"body": {"from": "!set-version 2.0.0"}}
    assert edited["comment"]["body"] == deleted["comment"]["body"] == "!set-version 3.0.0"
    assert deleted["comment"]["id"] == comment_id
    assert widget.client.get(f"{REPO}/issues/comments/{comment_id}").status == 404


def test_bots_comment_as_bots(widget: Widget) -> None:
    bot = _as(widget, "release-regent[bot]")
    bot.post(f"{REPO}/issues/1/comments", {"body": "Released."})

    [created] = _comment_events(widget)
    assert created["comment"]["user"]["type"] == created["sender"]["type"] == "Bot"
    assert created["comment"]["author_association"] == "NONE"


def test_an_app_installation_comments_as_the_app_bot(widget: Widget) -> None:
    key = private_pem()
    registration = {"app_id": 31, "public_key": key, "installations": {"acme/widget": 32}}
    slug = widget.client.post("/_sim/apps", registration).body["slug"]
    now = int(time.time())
    app_jwt = jwt.encode({"iat": now - 60, "exp": now + 540, "iss": "31"}, key, algorithm="RS256")
    minted = SimClient(widget.sim.url, app_jwt).post("/app/installations/32/access_tokens")
    installation = SimClient(widget.sim.url, minted.body["token"])

    installation.post(f"{REPO}/issues/1/comments", {"body": "Planned 1.1.0."})

    [created] = _comment_events(widget)
    assert created["comment"]["user"]["login"] == f"{slug}[bot]"
    assert created["comment"]["user"]["type"] == "Bot"
    assert created["installation"]["id"] == 32


@pytest.mark.parametrize(
    ("login", "role", "member", "association"),
    [
        ("acme", None, False, "OWNER"),
        ("org-person", "read", True, "MEMBER"),
        ("maintainer", "maintain", False, "COLLABORATOR"),
        ("triager", "triage", False, "COLLABORATOR"),
        ("reader", "read", False, "COLLABORATOR"),
        ("former", "none", False, "NONE"),
        ("stranger", None, False, "NONE"),
    ],
)
def test_author_association_follows_the_commenters_place(
    widget: Widget, login: str, role: str | None, member: bool, association: str
) -> None:
    commenter = _as(widget, login, role=role, member=member)
    made = commenter.post(f"{REPO}/issues/1/comments", {"body": "hello"}).body

    [created] = _comment_events(widget)
    assert created["comment"]["author_association"] == made["author_association"] == association


def test_the_author_of_a_merged_pull_request_is_a_contributor(widget: Widget) -> None:
    widget.client.post("/_sim/tokens", {"token": "bob-token", "login": "bob"})
    bob = SimClient(widget.sim.url, "bob-token")
    reply = bob.post(f"{REPO}/pulls", {"title": "feat: a", "head": "feature-a", "base": "main"})
    before = bob.post(f"{REPO}/issues/1/comments", {"body": "first"}).body
    widget.client.put(f"{REPO}/pulls/{reply.body['number']}/merge", {})
    after = bob.post(f"{REPO}/issues/1/comments", {"body": "again"}).body

    assert (before["author_association"], after["author_association"]) == ("NONE", "CONTRIBUTOR")


def test_a_comment_on_a_plain_issue_has_no_pull_request(widget: Widget) -> None:
    repo = widget.sim.state.repo("acme", "widget")
    number = repo.take_number()
    repo.issues[number] = IssueRecord(number, widget.sim.state.next_id(), "Bug", None, "acme")
    widget.client.post(f"{REPO}/issues/{number}/comments", {"body": "!release-regent explain"})

    [created] = _comment_events(widget)
    assert created["issue"]["number"] == number
    assert "pull_request" not in created["issue"]


def test_payloads_carry_what_real_comment_deliveries_carry(widget: Widget) -> None:
    real = load_shared_json(
        "webhooks/issue_comment/created.on-pull-request.all-contributors-hello.json"
    )
    real_edit = load_shared_json("webhooks/issue_comment/edited.payload.json")
    comment_id = widget.client.post(f"{REPO}/issues/1/comments", {"body": "a"}).body["id"]
    widget.client.patch(f"{REPO}/issues/comments/{comment_id}", {"body": "b"})

    created, edited = _comment_events(widget)
    assert set(real) - {"organization", "installation"} <= set(created)
    assert set(real["issue"]) <= set(created["issue"])
    assert set(real["comment"]) <= set(created["comment"])
    assert set(real_edit["changes"]) == set(edited["changes"])


def test_comment_events_are_delivered_to_the_configured_url(
    widget: Widget, receiver: tuple[str, Received]
) -> None:
    url, received = receiver
    widget.client.post("/_sim/webhook", {"secret": SECRET, "url": url})
    comment_id = widget.client.post(f"{REPO}/issues/1/comments", {"body": "x"}).body["id"]
    widget.client.delete(f"{REPO}/issues/comments/{comment_id}")
    deadline = time.monotonic() + 10
    while len(received) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)

    names = [headers["X-GitHub-Event"] for headers, _ in received]
    actions = [json.loads(body)["action"] for _, body in received]
    assert (names, actions) == (["issue_comment"] * 2, ["created", "deleted"])


def _pull_request_actions(widget: Widget) -> list[dict[str, Any]]:
    found = [event["payload"] for event in widget.events() if event["name"] == "pull_request"]
    for payload in found:
        validate_webhook("pull_request", payload)
    return found


def test_editing_a_pull_request_emits_edited_with_what_it_was(widget: Widget) -> None:
    widget.client.patch(f"{REPO}/pulls/1", {"body": "Notes from the maintainers"})
    widget.client.patch(f"{REPO}/issues/1", {"title": "feat: one, two"})
    widget.client.patch(f"{REPO}/pulls/1", {"base": "develop", "title": "feat: one, two"})

    opened, body_edit, title_edit, base_edit = _pull_request_actions(widget)
    assert opened["action"] == "opened"
    assert [body_edit["action"], title_edit["action"], base_edit["action"]] == ["edited"] * 3
    assert body_edit["changes"] == {"body": {"from": ""}}
    assert body_edit["pull_request"]["body"] == "Notes from the maintainers"
    assert title_edit["changes"] == {"title": {"from": "feat: one and two"}}
    assert base_edit["changes"] == {
        "base": {"ref": {"from": "main"}, "sha": {"from": widget.sha("main")}}
    }


def test_an_edit_that_changes_nothing_is_no_event(widget: Widget) -> None:
    widget.client.patch(f"{REPO}/pulls/1", {"title": "feat: one and two", "state": "closed"})

    assert [payload["action"] for payload in _pull_request_actions(widget)] == [
        "opened",
        "closed",
    ]
