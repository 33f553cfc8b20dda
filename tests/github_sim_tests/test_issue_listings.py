"""Issue lists, repository labels, and single comments and their reactions over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github_sim.records import IssueRecord
from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, error_codes, make_widget

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    """``acme/widget`` with #1 (release -> main, labelled), plain issue #2, #3 (feature-a)."""
    made = make_widget(sim, widget_source, tmp_path)
    made.open_pull("release", title="chore: release 1.0.0")
    made.client.post(f"{REPO}/issues/1/labels", ["autorelease: pending", "bug"])
    repo = sim.state.repo("acme", "widget")
    number = repo.take_number()
    repo.issues[number] = IssueRecord(number, sim.state.next_id(), "Crash", None, "mona")
    made.open_pull("feature-a", title="feat: a")
    return made


def _numbers(widget: Widget, query: str) -> list[int]:
    reply = widget.client.get(f"{REPO}/issues{query}")
    assert reply.status == 200, reply.body
    return [issue["number"] for issue in reply.body]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("", [3, 2, 1]),
        ("?direction=asc", [1, 2, 3]),
        ("?labels=bug", [1]),
        ("?labels=BUG,autorelease:%20pending", [1]),
        ("?labels=bug,nope", []),
        ("?creator=mona", [2]),
        ("?state=closed", []),
        ("?state=all&sort=updated&direction=asc", [1, 2, 3]),
        ("?since=2999-01-01T00:00:00Z", []),
        ("?since=2000-01-01T00:00:00Z", [3, 2, 1]),
    ],
)
def test_the_issue_list_filters_and_orders_issues_and_pull_requests(
    widget: Widget, query: str, numbers: list[int]
) -> None:
    assert _numbers(widget, query) == numbers


def test_the_issue_list_sorts_by_comments(widget: Widget) -> None:
    widget.client.post(f"{REPO}/issues/1/comments", {"body": "busy"})
    assert _numbers(widget, "?sort=comments") == [1, 3, 2]
    assert _numbers(widget, "?sort=comments&direction=asc") == [2, 3, 1]


def test_the_issue_list_pages_and_refuses_unknown_values(widget: Widget) -> None:
    first = widget.client.get(f"{REPO}/issues?per_page=2")
    assert [issue["number"] for issue in first.body] == [3, 2]
    assert 'rel="next"' in first.headers["Link"]
    assert _numbers(widget, "?per_page=2&page=2") == [1]
    for query in ("state=merged", "sort=votes", "direction=up"):
        reply = widget.client.get(f"{REPO}/issues?{query}")
        assert (reply.status, error_codes(reply)) == (422, ["invalid"])


def test_closed_issues_leave_the_default_list(widget: Widget) -> None:
    widget.client.patch(f"{REPO}/issues/2", {"state": "closed"})
    assert _numbers(widget, "") == [3, 1]
    assert _numbers(widget, "?state=closed") == [2]


def test_paths_by_repository_id_reach_the_same_repository(widget: Widget) -> None:
    repository_id = widget.client.get(REPO).body["id"]
    assert [
        i["number"] for i in widget.client.get(f"/repositories/{repository_id}/issues").body
    ] == [
        3,
        2,
        1,
    ]
    assert widget.client.get(f"/repositories/{repository_id}").body["full_name"] == "acme/widget"
    assert widget.client.get("/repositories/1/issues").status == 404


def test_repository_labels_are_listed_in_the_order_made(widget: Widget) -> None:
    widget.client.post(f"{REPO}/labels", {"name": "release-regent: bump-minor", "color": "0e8a16"})
    listed = widget.client.get(f"{REPO}/labels")
    assert [label["name"] for label in listed.body] == [
        "autorelease: pending",
        "bug",
        "release-regent: bump-minor",
    ]
    assert [
        label["name"] for label in widget.client.get(f"{REPO}/labels?per_page=1&page=3").body
    ] == ["release-regent: bump-minor"]


def test_renaming_a_label_renames_it_where_it_is_used(widget: Widget) -> None:
    changes = {"new_name": "autorelease: tagged", "color": "BADA55", "description": "Done"}
    reply = widget.client.patch(f"{REPO}/labels/autorelease:%20pending", changes)

    assert reply.status == 200
    assert (reply.body["name"], reply.body["color"], reply.body["description"]) == (
        "autorelease: tagged",
        "BADA55",
        "Done",
    )
    on_pull = [label["name"] for label in widget.client.get(f"{REPO}/pulls/1").body["labels"]]
    assert on_pull == ["autorelease: tagged", "bug"]
    assert widget.client.get(f"{REPO}/labels/autorelease:%20pending").status == 404


def test_label_update_errors(widget: Widget) -> None:
    taken = widget.client.patch(f"{REPO}/labels/bug", {"new_name": "Autorelease: Pending"})
    assert (taken.status, error_codes(taken)) == (422, ["already_exists"])
    bad_color = widget.client.patch(f"{REPO}/labels/bug", {"color": "red"})
    assert (bad_color.status, error_codes(bad_color)) == (422, ["invalid"])
    assert widget.client.patch(f"{REPO}/labels/nope", {"color": "ffffff"}).status == 404
    recased = widget.client.patch(f"{REPO}/labels/bug", {"new_name": "Bug"})
    assert (recased.status, recased.body["name"]) == (200, "Bug")


def test_deleting_a_label_takes_it_off_every_pull_request(widget: Widget) -> None:
    assert widget.client.delete(f"{REPO}/labels/BUG").status == 204
    assert widget.client.delete(f"{REPO}/labels/bug").status == 404
    on_pull = [label["name"] for label in widget.client.get(f"{REPO}/issues/1/labels").body]
    assert on_pull == ["autorelease: pending"]


def test_a_comment_is_read_and_deleted_by_id(widget: Widget) -> None:
    made = widget.client.post(f"{REPO}/issues/1/comments", {"body": "!release minor"}).body
    comment = f"{REPO}/issues/comments/{made['id']}"

    got = widget.client.get(comment)
    assert (got.status, got.body["body"], got.body["issue_url"]) == (
        200,
        "!release minor",
        made["issue_url"],
    )
    assert widget.client.delete(comment).status == 204
    assert widget.client.get(comment).status == 404
    assert widget.client.delete(comment).status == 404
    assert widget.client.get(f"{REPO}/issues/1/comments").body == []
    assert widget.client.get(f"{REPO}/issues/1").body["comments"] == 0


def test_reactions_are_listed_by_content_and_deleted(widget: Widget) -> None:
    made = widget.client.post(f"{REPO}/issues/1/comments", {"body": "!release minor"}).body
    reactions = f"{REPO}/issues/comments/{made['id']}/reactions"
    plus = widget.client.post(reactions, {"content": "+1"}).body
    widget.client.post(reactions, {"content": "eyes"})

    assert [r["content"] for r in widget.client.get(reactions).body] == ["+1", "eyes"]
    assert [r["id"] for r in widget.client.get(f"{reactions}?content=%2B1").body] == [plus["id"]]
    unknown = widget.client.get(f"{reactions}?content=thumbs")
    assert (unknown.status, error_codes(unknown)) == (422, ["invalid"])
    assert widget.client.delete(f"{reactions}/{plus['id']}").status == 204
    assert widget.client.delete(f"{reactions}/{plus['id']}").status == 404
    assert [r["content"] for r in widget.client.get(reactions).body] == ["eyes"]
    assert widget.client.get(f"{REPO}/issues/comments/{made['id']}").body["reactions"]["+1"] == 0


def test_repository_comments_are_listed_across_issues(widget: Widget) -> None:
    first = widget.client.post(f"{REPO}/issues/3/comments", {"body": "on three"}).body
    second = widget.client.post(f"{REPO}/issues/1/comments", {"body": "on one"}).body
    widget.client.patch(f"{REPO}/issues/comments/{first['id']}", {"body": "on three, edited"})

    listed = widget.client.get(f"{REPO}/issues/comments").body
    assert [(c["id"], c["issue_url"].rsplit("/", 1)[-1]) for c in listed] == [
        (first["id"], "3"),
        (second["id"], "1"),
    ]
    newest = widget.client.get(f"{REPO}/issues/comments?sort=created&direction=desc").body
    assert [c["id"] for c in newest] == [second["id"], first["id"]]
    for query in ("sort=votes", "direction=up"):
        reply = widget.client.get(f"{REPO}/issues/comments?{query}")
        assert (reply.status, error_codes(reply)) == (422, ["invalid"])


def test_all_labels_come_off_at_once(widget: Widget) -> None:
    assert widget.client.delete(f"{REPO}/issues/1/labels").status == 204
    assert widget.client.get(f"{REPO}/issues/1/labels").body == []
    assert len(widget.client.get(f"{REPO}/labels").body) == 2
