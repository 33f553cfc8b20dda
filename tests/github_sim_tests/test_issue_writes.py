"""Issues that are not pull requests: opened, listed by label and state, commented on and closed,
each with its webhook event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.auth import TokenInfo
from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, make_widget

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    return make_widget(sim, widget_source, tmp_path)


def _events(sim: SimServer, name: str) -> list[dict[str, Any]]:
    return [event for event in sim.state.events if event["name"] == name]


def test_an_issue_is_opened_listed_by_label_commented_on_and_closed(
    sim: SimServer, widget: Widget
) -> None:
    made = widget.client.post(
        f"{REPO}/issues",
        {"title": "Release failed on main", "body": "why", "labels": ["release-regent: failure"]},
    )
    assert made.status == 201
    number = made.body["number"]
    assert made.headers["Location"].endswith(f"/repos/acme/widget/issues/{number}")
    assert [label["name"] for label in made.body["labels"]] == ["release-regent: failure"]
    widget.client.post(f"{REPO}/issues", {"title": "unlabelled"})
    listed = widget.client.get(f"{REPO}/issues?state=open&labels=release-regent%3A%20failure")
    assert [issue["number"] for issue in listed.body] == [number]
    comment = widget.client.post(f"{REPO}/issues/{number}/comments", {"body": "again"})
    assert comment.status == 201
    closed = widget.client.patch(f"{REPO}/issues/{number}", {"state": "closed"})
    assert closed.body["state"] == "closed"
    assert widget.client.get(f"{REPO}/issues?labels=release-regent:%20failure").body == []
    shut = widget.client.get(f"{REPO}/issues?state=closed&labels=release-regent:%20failure").body
    assert [issue["number"] for issue in shut] == [number]
    issues = _events(sim, "issues")
    assert [(e["payload"]["action"], e["payload"]["issue"]["number"]) for e in issues] == [
        ("opened", number),
        ("opened", number + 1),
        ("closed", number),
    ]
    [commented] = _events(sim, "issue_comment")
    assert commented["payload"]["issue"]["number"] == number


@pytest.mark.parametrize(
    "body",
    [{}, {"title": ""}, {"title": None}, {"title": "x", "body": 3}, {"title": "x", "labels": 3}],
)
def test_an_issue_without_a_title_or_with_bad_fields_is_refused(
    widget: Widget, body: dict[str, object]
) -> None:
    assert widget.client.post(f"{REPO}/issues", body).status == 422


def test_opening_an_issue_needs_issues_write(sim: SimServer, widget: Widget) -> None:
    sim.state.tokens["read-only"] = TokenInfo(permissions={"issues": "read"})
    reply = widget.client.post(f"{REPO}/issues", {"title": "x"}, token="read-only")
    assert reply.status == 403
