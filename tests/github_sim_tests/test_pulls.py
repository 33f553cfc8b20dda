"""Pull requests over HTTP: create, list filters, update, commits, merge, commit -> pulls."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, error_codes, make_widget
from tests.gitrepo import git

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    return make_widget(sim, widget_source, tmp_path)


def test_create_returns_the_pull_request_and_get_finds_it(widget: Widget) -> None:
    tip = widget.sha("feature")
    created = widget.open_pull("feature", title="Add things")
    assert created["number"] == 1
    assert created["state"] == "open"
    assert created["head"] | {"repo": None, "user": None} == {
        "label": "acme:feature",
        "ref": "feature",
        "sha": tip,
        "repo": None,
        "user": None,
    }
    assert created["base"]["ref"] == "main"
    assert (created["commits"], created["mergeable"], created["merged"]) == (2, True, False)
    fetched = widget.client.get(f"{REPO}/pulls/1").body
    assert fetched["title"] == "Add things"
    assert widget.client.get(f"{REPO}/pulls/99").status == 404


def test_head_may_name_the_owner(widget: Widget) -> None:
    reply = widget.client.post(
        f"{REPO}/pulls", {"title": "t", "head": "acme:feature", "base": "main"}
    )
    assert reply.status == 201
    assert reply.body["head"]["ref"] == "feature"


@pytest.mark.parametrize(
    ("head", "base", "expected"),
    [
        ("main", "main", ["No commits between main and main"]),
        ("nowhere", "main", ["invalid"]),
        ("feature", "nowhere", ["invalid"]),
        ("other:feature", "main", ["invalid"]),
        ("empty", "main", ["No commits between main and empty"]),
    ],
    ids=["head-is-base", "head-missing", "base-missing", "other-owner", "no-commits"],
)
def test_create_refuses_with_422(widget: Widget, head: str, base: str, expected: list[str]) -> None:
    reply = widget.client.post(f"{REPO}/pulls", {"title": "t", "head": head, "base": base})
    assert reply.status == 422
    assert reply.body["message"] == "Validation Failed"
    assert error_codes(reply) == expected


def test_second_pull_for_the_same_head_and_base_is_refused(widget: Widget) -> None:
    widget.open_pull("release")
    reply = widget.client.post(f"{REPO}/pulls", {"title": "t", "head": "release", "base": "main"})
    assert reply.status == 422
    assert error_codes(reply) == ["A pull request already exists for acme:release."]


def test_title_is_required(widget: Widget) -> None:
    reply = widget.client.post(f"{REPO}/pulls", {"head": "feature", "base": "main"})
    assert reply.status == 422
    assert error_codes(reply) == ["missing_field"]


@pytest.fixture
def three_pulls(widget: Widget) -> Widget:
    """#1 feature-a -> main (closed), #2 feature-b -> main, #3 feature-c -> develop."""
    widget.open_pull("feature-a")
    widget.open_pull("feature-b")
    widget.open_pull("feature-c", base="develop")
    widget.client.patch(f"{REPO}/pulls/1", {"state": "closed"})
    return widget


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("", [3, 2]),
        ("?state=closed", [1]),
        ("?state=all", [3, 2, 1]),
        ("?state=all&direction=asc", [1, 2, 3]),
        ("?state=all&head=acme:feature-b", [2]),
        ("?state=all&head=feature-b", [3, 2, 1]),
        ("?state=all&head=other:feature-b", []),
        ("?state=all&base=develop", [3]),
        ("?state=all&sort=popularity&direction=desc", [3, 2, 1]),
    ],
    ids=[
        "open-by-default",
        "closed",
        "all-newest-first",
        "ascending",
        "head-with-owner",
        "head-without-owner-is-ignored",
        "head-of-other-owner",
        "base",
        "popularity",
    ],
)
def test_list_filters_and_sorts(three_pulls: Widget, query: str, numbers: list[int]) -> None:
    reply = three_pulls.client.get(f"{REPO}/pulls{query}")
    assert reply.status == 200
    assert [pull["number"] for pull in reply.body] == numbers


def test_list_sorts_by_update_time(three_pulls: Widget) -> None:
    pulls = three_pulls.sim.state.repo("acme", "widget").pulls
    for number, stamp in ((1, "2030-01-02T00:00:00Z"), (2, "2030-01-03T00:00:00Z")):
        pulls[number].updated_at = stamp
    pulls[3].updated_at = "2030-01-01T00:00:00Z"
    reply = three_pulls.client.get(f"{REPO}/pulls?state=all&sort=updated")
    assert [pull["number"] for pull in reply.body] == [3, 1, 2]
    reply = three_pulls.client.get(f"{REPO}/pulls?state=all&sort=updated&direction=desc")
    assert [pull["number"] for pull in reply.body] == [2, 1, 3]


def test_list_pages_with_link_headers(three_pulls: Widget) -> None:
    first = three_pulls.client.get(f"{REPO}/pulls?state=all&per_page=2")
    assert [pull["number"] for pull in first.body] == [3, 2]
    assert 'rel="next"' in first.headers["Link"]
    second = three_pulls.client.get(f"{REPO}/pulls?state=all&per_page=2&page=2")
    assert [pull["number"] for pull in second.body] == [1]
    assert 'rel="prev"' in second.headers["Link"]


def test_list_refuses_an_unknown_state(widget: Widget) -> None:
    assert widget.client.get(f"{REPO}/pulls?state=merged").status == 422


def test_update_title_body_base_and_state(widget: Widget) -> None:
    widget.open_pull("feature")
    changes = {"title": "New", "body": "Text", "base": "develop", "state": "closed"}
    updated = widget.client.patch(f"{REPO}/pulls/1", changes).body
    assert (updated["title"], updated["body"], updated["base"]["ref"]) == ("New", "Text", "develop")
    assert updated["state"] == "closed"
    assert updated["closed_at"] is not None
    assert updated["merged"] is False
    reopened = widget.client.patch(f"{REPO}/pulls/1", {"state": "open"}).body
    assert (reopened["state"], reopened["closed_at"]) == ("open", None)


def test_update_refuses_a_missing_base(widget: Widget) -> None:
    widget.open_pull("feature")
    reply = widget.client.patch(f"{REPO}/pulls/1", {"base": "nowhere"})
    assert reply.status == 422
    assert error_codes(reply) == ["invalid"]


def test_commits_lists_the_pull_requests_commits_oldest_first(widget: Widget) -> None:
    widget.open_pull("feature")
    reply = widget.client.get(f"{REPO}/pulls/1/commits?per_page=1")
    assert [c["commit"]["message"].strip() for c in reply.body] == ["feat: one"]
    assert 'rel="next"' in reply.headers["Link"]
    second = widget.client.get(f"{REPO}/pulls/1/commits?per_page=1&page=2").body
    assert second[0]["commit"]["message"].strip() == "fix: two"
    assert second[0]["parents"][0]["sha"] == reply.body[0]["sha"]


def test_head_sha_follows_pushes_to_the_branch(widget: Widget) -> None:
    widget.open_pull("feature")
    widget.work.checkout("feature")
    tip = widget.work.commit("fix: more")
    widget.push("feature")
    pull = widget.client.get(f"{REPO}/pulls/1").body
    assert (pull["head"]["sha"], pull["commits"]) == (tip, 3)


@pytest.mark.parametrize("method", ["merge", "squash", "rebase"])
def test_merge_moves_the_base_and_marks_the_pull_merged(
    widget: Widget, method: str, tmp_path: Path
) -> None:
    widget.open_pull("feature", title="Add one and two")
    reply = widget.client.put(f"{REPO}/pulls/1/merge", {"merge_method": method})
    assert reply.status == 200, reply.body
    assert reply.body["merged"] is True
    assert reply.body["message"] == "Pull Request successfully merged"
    assert widget.state()["branches"]["main"] == reply.body["sha"]
    pull = widget.client.get(f"{REPO}/pulls/1").body
    merged = (pull["state"], pull["merged"], pull["merge_commit_sha"], pull["merged_by"]["login"])
    assert merged == ("closed", True, reply.body["sha"], "sim-user")
    assert pull["merged_at"] == pull["closed_at"] is not None
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(widget.git_dir), str(clone))
    subjects = git(clone, "log", "--first-parent", "--format=%s", "-4").splitlines()
    expected = {
        "merge": ["Merge pull request #1 from acme/feature", "docs: main moves"],
        "squash": ["Add one and two (#1)", "docs: main moves"],
        "rebase": ["fix: two", "feat: one", "docs: main moves"],
    }[method]
    assert subjects[: len(expected)] == expected


def test_merge_refuses_a_stale_sha_with_409(widget: Widget) -> None:
    widget.open_pull("feature")
    reply = widget.client.put(f"{REPO}/pulls/1/merge", {"sha": "0" * 40})
    assert reply.status == 409
    assert reply.body["message"] == "Head branch was modified. Review and try the merge again."


def test_merge_refuses_twice_and_conflicts_with_405(widget: Widget) -> None:
    widget.open_pull("feature")
    assert widget.client.put(f"{REPO}/pulls/1/merge", {}).status == 200
    again = widget.client.put(f"{REPO}/pulls/1/merge", {})
    assert (again.status, again.body["message"]) == (405, "Pull Request is not mergeable")
    clash = widget.open_pull("clash")
    assert clash["mergeable"] is False
    assert clash["mergeable_state"] == "dirty"
    conflict = widget.client.put(f"{REPO}/pulls/2/merge", {"merge_method": "squash"})
    assert (conflict.status, conflict.body["message"]) == (405, "Pull Request is not mergeable")


def test_merge_refuses_an_unknown_method_with_422(widget: Widget) -> None:
    widget.open_pull("feature")
    assert widget.client.put(f"{REPO}/pulls/1/merge", {"merge_method": "octopus"}).status == 422


def test_pulls_associated_with_a_commit(widget: Widget) -> None:
    tip = widget.sha("feature")
    widget.open_pull("feature")
    assert [p["number"] for p in widget.client.get(f"{REPO}/commits/{tip}/pulls").body] == [1]
    merged = widget.client.put(f"{REPO}/pulls/1/merge", {"merge_method": "squash"}).body
    found = widget.client.get(f"{REPO}/commits/{merged['sha']}/pulls").body
    assert [(p["number"], p["state"]) for p in found] == [(1, "closed")]
    start = widget.state()["branches"]["main"]
    assert widget.client.get(f"{REPO}/commits/{start}~1/pulls").body == []
    assert widget.client.get(f"{REPO}/commits/{'f' * 40}/pulls").status == 422


def test_a_token_without_pull_request_access_gets_403(widget: Widget) -> None:
    permissions = {"contents": "write", "pull_requests": "read"}
    widget.client.post("/_sim/tokens", {"token": "ro", "permissions": permissions})
    body = {"title": "t", "head": "feature", "base": "main"}
    reply = widget.client.post(f"{REPO}/pulls", body, token="ro")
    assert (reply.status, reply.body["message"]) == (403, "Resource not accessible by integration")
    assert widget.client.get(f"{REPO}/pulls", token="ro").status == 200


def test_the_files_a_pull_request_changes_are_listed(widget: Widget) -> None:
    tip = widget.branch_with("notes", "docs: notes")
    number = widget.open_pull("notes")["number"]
    expected = git(widget.git_dir, "diff", "--name-only", f"main...{tip}").split()

    files = widget.client.get(f"{REPO}/pulls/{number}/files").body

    assert expected
    assert [entry["filename"] for entry in files] == sorted(expected)
    assert all(entry["status"] == "added" and entry["additions"] >= 1 for entry in files)
    widget.client.put(f"{REPO}/pulls/{number}/merge", {})
    after = widget.client.get(f"{REPO}/pulls/{number}/files").body
    assert [entry["filename"] for entry in after] == sorted(expected)
