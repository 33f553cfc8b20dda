"""Issues over HTTP: pull requests as issues, labels, comments and reactions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, error_codes, make_widget

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    """``acme/widget`` with pull request #1 (release -> main)."""
    made = make_widget(sim, widget_source, tmp_path)
    made.open_pull("release", title="chore: release 1.0.0")
    return made


def _names(labels: list[dict[str, object]]) -> list[object]:
    return [label["name"] for label in labels]


def test_a_pull_request_is_an_issue(widget: Widget) -> None:
    issue = widget.client.get(f"{REPO}/issues/1").body
    assert (issue["number"], issue["title"], issue["state"]) == (1, "chore: release 1.0.0", "open")
    assert issue["pull_request"]["url"].endswith("/repos/acme/widget/pulls/1")
    assert issue["pull_request"]["merged_at"] is None
    assert widget.client.get(f"{REPO}/issues/2").status == 404


def test_updating_the_issue_updates_the_pull_request(widget: Widget) -> None:
    changes = {"title": "chore: release 1.1.0", "body": "notes", "state": "closed"}
    issue = widget.client.patch(f"{REPO}/issues/1", changes).body
    assert (issue["title"], issue["body"], issue["state"]) == (
        "chore: release 1.1.0",
        "notes",
        "closed",
    )
    pull = widget.client.get(f"{REPO}/pulls/1").body
    assert (pull["title"], pull["state"]) == ("chore: release 1.1.0", "closed")
    assert widget.client.patch(f"{REPO}/issues/1", {"title": None}).status == 422


def test_adding_labels_creates_missing_ones_and_keeps_each_once(widget: Widget) -> None:
    reply = widget.client.post(f"{REPO}/issues/1/labels", {"labels": ["autorelease: pending"]})
    assert reply.status == 200
    assert _names(reply.body) == ["autorelease: pending"]
    assert reply.body[0]["color"] == "ededed"
    again = widget.client.post(f"{REPO}/issues/1/labels", ["Autorelease: Pending", "release"])
    assert _names(again.body) == ["autorelease: pending", "release"]
    label = widget.client.get(f"{REPO}/labels/autorelease:%20pending")
    assert label.status == 200
    assert widget.state()["pulls"][0]["labels"] == ["autorelease: pending", "release"]


def test_labelled_pull_requests_are_listed_and_found(widget: Widget) -> None:
    widget.client.post(f"{REPO}/issues/1/labels", ["autorelease: pending"])
    widget.client.post(f"{REPO}/labels", {"name": "described", "description": "Has one"})
    widget.client.post(f"{REPO}/issues/1/labels", ["described"])
    [listed] = widget.client.get(f"{REPO}/pulls?state=all").body
    assert [label["description"] for label in listed["labels"]] == ["", "Has one"]
    pull = widget.client.get(f"{REPO}/pulls/1").body
    assert [label["description"] for label in pull["labels"]] == [None, "Has one"]
    head = widget.sha("release")
    [found] = widget.client.get(f"{REPO}/commits/{head}/pulls").body
    assert _names(found["labels"]) == ["autorelease: pending", "described"]


def test_setting_listing_and_removing_labels(widget: Widget) -> None:
    widget.client.post(f"{REPO}/issues/1/labels", {"labels": ["a", "b"]})
    replaced = widget.client.put(f"{REPO}/issues/1/labels", {"labels": [{"name": "c"}, "b"]})
    assert _names(replaced.body) == ["c", "b"]
    listed = widget.client.get(f"{REPO}/issues/1/labels?per_page=1")
    assert _names(listed.body) == ["c"]
    assert 'rel="next"' in listed.headers["Link"]
    remaining = widget.client.delete(f"{REPO}/issues/1/labels/C")
    assert (remaining.status, _names(remaining.body)) == (200, ["b"])
    missing = widget.client.delete(f"{REPO}/issues/1/labels/c")
    assert (missing.status, missing.body["message"]) == (404, "Label does not exist")
    cleared = widget.client.put(f"{REPO}/issues/1/labels", {"labels": []})
    assert cleared.body == []


def test_labels_body_must_be_a_list_of_names(widget: Widget) -> None:
    assert widget.client.post(f"{REPO}/issues/1/labels", {"labels": "bug"}).status == 422
    assert widget.client.post(f"{REPO}/issues/1/labels", {"labels": [""]}).status == 422


def test_creating_and_getting_repository_labels(widget: Widget) -> None:
    body = {"name": "autorelease: tagged", "color": "#0E8A16", "description": "Released"}
    created = widget.client.post(f"{REPO}/labels", body)
    assert created.status == 201
    assert (created.body["color"], created.body["description"]) == ("0e8a16", "Released")
    assert created.headers["Location"] == created.body["url"]
    duplicate = widget.client.post(f"{REPO}/labels", {"name": "AUTORELEASE: TAGGED"})
    assert (duplicate.status, error_codes(duplicate)) == (422, ["already_exists"])
    fetched = widget.client.get(f"{REPO}/labels/autorelease:%20tagged").body
    assert fetched["id"] == created.body["id"]
    assert widget.client.get(f"{REPO}/labels/nope").status == 404
    bad_color = widget.client.post(f"{REPO}/labels", {"name": "x", "color": "green"})
    assert (bad_color.status, error_codes(bad_color)) == (422, ["invalid"])
    assert error_codes(widget.client.post(f"{REPO}/labels", {})) == ["missing_field"]


def test_comments_are_created_listed_in_pages_and_updated(widget: Widget) -> None:
    for text in ("first", "second", "third"):
        created = widget.client.post(f"{REPO}/issues/1/comments", {"body": text})
        assert created.status == 201
    assert created.body["html_url"].endswith(f"/pull/1#issuecomment-{created.body['id']}")
    page = widget.client.get(f"{REPO}/issues/1/comments?per_page=2")
    assert [comment["body"] for comment in page.body] == ["first", "second"]
    assert 'rel="next"' in page.headers["Link"]
    updated = widget.client.patch(f"{REPO}/issues/comments/{created.body['id']}", {"body": "3rd"})
    assert (updated.status, updated.body["body"]) == (200, "3rd")
    assert widget.client.get(f"{REPO}/issues/1").body["comments"] == 3
    assert widget.client.get(f"{REPO}/pulls/1").body["comments"] == 3


def test_comment_errors(widget: Widget) -> None:
    missing_body = widget.client.post(f"{REPO}/issues/1/comments", {})
    assert (missing_body.status, error_codes(missing_body)) == (422, ["missing_field"])
    assert widget.client.post(f"{REPO}/issues/9/comments", {"body": "x"}).status == 404
    assert widget.client.patch(f"{REPO}/issues/comments/1", {"body": "x"}).status == 404


def test_reactions_are_created_once_per_user_and_content(widget: Widget) -> None:
    comment = widget.client.post(f"{REPO}/issues/1/comments", {"body": "released"}).body
    reactions = f"{REPO}/issues/comments/{comment['id']}/reactions"
    first = widget.client.post(reactions, {"content": "rocket"})
    assert (first.status, first.body["content"]) == (201, "rocket")
    again = widget.client.post(reactions, {"content": "rocket"})
    assert (again.status, again.body["id"]) == (200, first.body["id"])
    assert widget.client.post(reactions, {"content": "+1"}).status == 201
    assert widget.client.post(reactions, {"content": "thumbs"}).status == 422
    listed = widget.client.get(f"{REPO}/issues/1/comments").body[0]["reactions"]
    assert (listed["total_count"], listed["rocket"], listed["+1"]) == (2, 1, 1)


def test_pull_request_permission_is_enough_for_labels_and_comments(widget: Widget) -> None:
    only_pulls = {"contents": "read", "pull_requests": "write", "issues": "none"}
    widget.client.post("/_sim/tokens", {"token": "pr", "permissions": only_pulls})
    widget.client.post("/_sim/tokens", {"token": "ro", "permissions": {"contents": "read"}})
    assert widget.client.post(f"{REPO}/issues/1/labels", ["x"], token="pr").status == 200
    assert widget.client.post(f"{REPO}/issues/1/comments", {"body": "hi"}, token="pr").status == 201
    refused = widget.client.post(f"{REPO}/issues/1/labels", ["x"], token="ro")
    assert (refused.status, refused.body["message"]) == (
        403,
        "Resource not accessible by integration",
    )
    assert widget.client.get(f"{REPO}/issues/1/labels", token="ro").status == 403


def test_comments_make_a_pull_request_popular(widget: Widget) -> None:
    widget.open_pull("feature")
    widget.client.post(f"{REPO}/issues/1/comments", {"body": "busy"})
    listed = widget.client.get(f"{REPO}/pulls?sort=popularity&direction=desc").body
    assert [pull["number"] for pull in listed] == [1, 2]
