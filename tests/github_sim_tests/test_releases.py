"""Releases over HTTP: create (and its tag), get, list, update, latest, delete, notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, error_codes, make_widget

pytestmark = pytest.mark.contract

RELEASES = f"{REPO}/releases"


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    return make_widget(sim, widget_source, tmp_path)


def _create(widget: Widget, tag: str, **fields: Any) -> dict[str, Any]:
    reply = widget.client.post(RELEASES, {"tag_name": tag, **fields})
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def _latest_tag(widget: Widget) -> str | None:
    reply = widget.client.get(f"{RELEASES}/latest")
    return reply.body["tag_name"] if reply.status == 200 else None


def test_create_publishes_and_tags_the_target(widget: Widget) -> None:
    main = widget.state()["branches"]["main"]
    release = _create(widget, "v1.0.0", name="1.0.0", body="notes")
    assert (release["tag_name"], release["name"], release["body"]) == ("v1.0.0", "1.0.0", "notes")
    assert (release["draft"], release["prerelease"], release["target_commitish"]) == (
        False,
        False,
        "main",
    )
    assert release["published_at"] is not None
    assert release["author"]["login"] == "sim-user"
    assert widget.state()["tags"] == {"v1.0.0": main}
    assert widget.client.get(f"{RELEASES}/tags/v1.0.0").body["id"] == release["id"]
    assert widget.client.get(f"{RELEASES}/{release['id']}").body["tag_name"] == "v1.0.0"


def test_an_existing_tag_is_left_where_it_is(widget: Widget) -> None:
    first = widget.state()["branches"]["main"]
    widget.work.tag("v1.0.0")
    widget.push("v1.0.0")
    widget.work.commit("fix: later")
    widget.push("main")
    _create(widget, "v1.0.0", target_commitish="main")
    assert widget.state()["tags"]["v1.0.0"] == first


def test_a_draft_has_no_tag_until_it_is_published(widget: Widget) -> None:
    draft = _create(widget, "v2.0.0", draft=True)
    assert (draft["draft"], draft["published_at"]) == (True, None)
    assert "v2.0.0" not in widget.state()["tags"]
    assert widget.client.get(f"{RELEASES}/tags/v2.0.0").status == 404
    assert _latest_tag(widget) is None
    published = widget.client.patch(f"{RELEASES}/{draft['id']}", {"draft": False}).body
    assert published["published_at"] is not None
    assert "v2.0.0" in widget.state()["tags"]
    assert _latest_tag(widget) == "v2.0.0"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"tag_name": "v1.0.0"}, "already_exists"),
        ({}, "missing_field"),
        ({"tag_name": "bad..tag"}, "invalid"),
        ({"tag_name": "v9", "target_commitish": "nowhere"}, "invalid"),
        ({"tag_name": "v9", "make_latest": "maybe"}, "invalid"),
        ({"tag_name": "v9", "body": "x" * 125_001}, "too_long"),
    ],
    ids=[
        "duplicate-tag",
        "missing-tag",
        "invalid-tag",
        "unknown-target",
        "bad-make-latest",
        "body-over-125000",
    ],
)
def test_create_refuses_with_422(widget: Widget, fields: dict[str, Any], code: str) -> None:
    _create(widget, "v1.0.0")
    reply = widget.client.post(RELEASES, fields)
    assert (reply.status, error_codes(reply)) == (422, [code])


def test_list_is_newest_first_in_pages(widget: Widget) -> None:
    for tag in ("v1", "v2", "v3"):
        _create(widget, tag)
    first = widget.client.get(f"{RELEASES}?per_page=2")
    assert [release["tag_name"] for release in first.body] == ["v3", "v2"]
    assert 'rel="next"' in first.headers["Link"]
    second = widget.client.get(f"{RELEASES}?per_page=2&page=2")
    assert [release["tag_name"] for release in second.body] == ["v1"]


def test_latest_skips_drafts_and_prereleases(widget: Widget) -> None:
    assert widget.client.get(f"{RELEASES}/latest").status == 404
    _create(widget, "v1.0.0")
    _create(widget, "v1.1.0-rc.1", prerelease=True)
    _create(widget, "v1.1.0", draft=True)
    assert _latest_tag(widget) == "v1.0.0"


def test_latest_honours_make_latest(widget: Widget) -> None:
    _create(widget, "v2.0.0")
    _create(widget, "v1.9.1", make_latest="false")
    assert _latest_tag(widget) == "v2.0.0"
    backport = _create(widget, "v1.9.2")
    assert _latest_tag(widget) == "v1.9.2"
    widget.client.patch(f"{RELEASES}/{backport['id']}", {"make_latest": "legacy"})
    assert _latest_tag(widget) == "v1.9.2"
    widget.client.patch(f"{RELEASES}/{backport['id']}", {"make_latest": "false"})
    assert _latest_tag(widget) == "v1.9.2"
    v2 = widget.client.get(f"{RELEASES}/tags/v2.0.0").body
    widget.client.patch(f"{RELEASES}/{v2['id']}", {"make_latest": "true"})
    assert _latest_tag(widget) == "v2.0.0"
    widget.client.patch(f"{RELEASES}/{v2['id']}", {"prerelease": True})
    assert _latest_tag(widget) == "v1.9.2"


def test_update_fields_and_refuse_a_taken_tag(widget: Widget) -> None:
    _create(widget, "v1.0.0")
    second = _create(widget, "v1.1.0")
    changes = {"name": "Renamed", "body": "New notes", "tag_name": "v1.1.1"}
    updated = widget.client.patch(f"{RELEASES}/{second['id']}", changes).body
    assert (updated["name"], updated["body"], updated["tag_name"]) == tuple(changes.values())
    assert "v1.1.1" in widget.state()["tags"]
    taken = widget.client.patch(f"{RELEASES}/{second['id']}", {"tag_name": "v1.0.0"})
    assert (taken.status, error_codes(taken)) == (422, ["already_exists"])
    assert widget.client.patch(f"{RELEASES}/999", {"name": "x"}).status == 404


def test_delete_keeps_the_tag(widget: Widget) -> None:
    release = _create(widget, "v1.0.0")
    assert widget.client.delete(f"{RELEASES}/{release['id']}").status == 204
    assert widget.client.get(f"{RELEASES}/{release['id']}").status == 404
    assert widget.client.delete(f"{RELEASES}/{release['id']}").status == 404
    assert "v1.0.0" in widget.state()["tags"]
    assert widget.client.get(f"{RELEASES}/latest").status == 404


def test_generated_notes_list_pull_requests_merged_since_the_last_release(widget: Widget) -> None:
    _create(widget, "v1.0.0")
    widget.open_pull("feature", title="feat: wings")
    widget.client.put(f"{REPO}/pulls/1/merge", {"merge_method": "squash"})
    notes = widget.client.post(f"{RELEASES}/generate-notes", {"tag_name": "v1.1.0"}).body
    assert notes["name"] == "v1.1.0"
    url = widget.client.get(f"{REPO}/pulls/1").body["html_url"]
    assert f"* feat: wings by @sim-user in {url}" in notes["body"]
    assert notes["body"].endswith("/compare/v1.0.0...v1.1.0")
    created = _create(widget, "v1.1.0", body="Intro", generate_release_notes=True)
    assert created["body"].startswith("Intro\n\n## What's Changed\n* feat: wings")


def test_first_notes_link_to_the_commits(widget: Widget) -> None:
    notes = widget.client.post(f"{RELEASES}/generate-notes", {"tag_name": "v0.1.0"}).body
    assert notes["body"].startswith("**Full Changelog**: ")
    assert notes["body"].endswith("/acme/widget/commits/v0.1.0")
