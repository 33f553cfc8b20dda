"""The router on the simulator's own ``issue_comment`` events, as GitHub would send them for
comments made, edited and deleted through the API: a maintainer's command is a ``Command``
carrying it; an edit is read again only when its commands changed; a deletion, a bot's or an
App's comment, a comment without a command and a comment on an issue are ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.commands import Explain, InvalidCommand, ReleaseFloor, SetVersion
from regent.core.model import RepoRef
from regent.core.routing import Command, Ignored, Route, explain, route
from regent.core.versioning.bump import Bump
from tests.github_sim.client import SimClient
from tests.github_sim.fixtures import sim
from tests.github_sim.records import IssueRecord
from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, make_widget

__all__ = ["sim"]

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    """``acme/widget`` with pull request #1 open (feature -> main)."""
    made = make_widget(sim, widget_source, tmp_path)
    made.open_pull("feature", title="feat: one and two")
    return made


def as_user(widget: Widget, login: str, role: str | None = "maintain") -> SimClient:
    """A client commenting as ``login`` (a collaborator with ``role``, when given)."""
    token = f"token-of-{login}"
    assert widget.client.post("/_sim/tokens", {"token": token, "login": login}).status == 201
    if role is not None:
        grant = {"login": login, "permission": role, "member": False}
        assert widget.client.post("/_sim/repos/acme/widget/collaborators", grant).status == 201
    return SimClient(widget.sim.url, token)


def comment_routes(widget: Widget) -> list[Route]:
    """The route of each issue_comment event the simulator has sent so far."""
    return [
        route(event["name"], event["payload"])
        for event in widget.events()
        if event["name"] == "issue_comment"
    ]


def comment(client: SimClient, body: str, number: int = 1) -> int:
    made = client.post(f"{REPO}/issues/{number}/comments", {"body": body})
    assert made.status == 201, made.body
    comment_id: int = made.body["id"]
    return comment_id


def edit(client: SimClient, comment_id: int, body: str) -> None:
    assert client.patch(f"{REPO}/issues/comments/{comment_id}", {"body": body}).status == 200


def test_a_maintainers_comment_is_read_edited_and_deleted(widget: Widget) -> None:
    alice = as_user(widget, "alice")
    first = comment(alice, "Ship it.\n!release minor")
    edit(alice, first, "Ship it soon.\n/release-regent release MINOR")
    edit(alice, first, "!release major\n!release-regent explain")
    alice.delete(f"{REPO}/issues/comments/{first}")

    created, same, changed, deleted = comment_routes(widget)
    assert isinstance(created, Command)
    assert (created.repo, created.number, created.comment_id, created.action) == (
        RepoRef("acme", "widget"),
        1,
        first,
        "created",
    )
    assert (created.author, created.author_type, created.author_association) == (
        "alice",
        "User",
        "COLLABORATOR",
    )
    assert created.commands == (ReleaseFloor(Bump.MINOR),)
    assert explain(same) == (
        "an edit of a comment on pull request #1 left its commands as they were: they were "
        "read when it was written"
    )
    assert isinstance(changed, Command)
    assert (changed.action, changed.commands) == ("edited", (ReleaseFloor(Bump.MAJOR), Explain()))
    assert deleted == Ignored(
        "a comment was deleted: a deleted comment changes nothing already applied"
    )


def test_a_reader_and_a_stranger_are_routed_for_the_permission_check(widget: Widget) -> None:
    """The router does not judge permissions (that takes a GitHub call): a reader's command is
    a Command, answered by the command service."""
    comment(as_user(widget, "reader", role="read"), "!set-version 2.0.0")
    comment(as_user(widget, "stranger", role=None), "/release-regent set-version auto")

    reader, stranger = comment_routes(widget)
    assert isinstance(reader, Command)
    assert isinstance(stranger, Command)
    assert (reader.author, reader.author_association, reader.commands) == (
        "reader",
        "COLLABORATOR",
        (SetVersion("2.0.0"),),
    )
    assert (stranger.author, stranger.author_association, stranger.commands) == (
        "stranger",
        "NONE",
        (SetVersion(None),),
    )


def test_bots_and_release_regent_itself_are_ignored(widget: Widget) -> None:
    comment(as_user(widget, "release-regent[bot]", role=None), "!set-version 9.9.9")
    comment(as_user(widget, "renovate[bot]", role=None), "!release major")

    ours, renovate = map(explain, comment_routes(widget))
    assert ours == (
        "a comment by release-regent[bot] on pull request #1: Release Regent takes no commands "
        "from bots"
    )
    assert renovate.startswith("a comment by renovate[bot] on pull request #1")


def test_comments_without_a_command_and_on_issues_are_ignored(widget: Widget) -> None:
    alice = as_user(widget, "alice")
    comment(alice, "Looks good; `!release minor` once CI passes.\n> !release major")
    repo = widget.sim.state.repo("acme", "widget")
    number = repo.take_number()
    repo.issues[number] = IssueRecord(number, widget.sim.state.next_id(), "Bug", None, "acme")
    comment(alice, "!release-regent explain", number=number)
    invalid = comment(alice, "!release-regent frobnicate")

    *ignored, last = comment_routes(widget)
    assert [explain(routed) for routed in ignored] == [
        "a comment on pull request #1 holds no command for Release Regent (!set-version, "
        "!release, !release-regent explain)",
        f"a comment on issue #{number}: only comments on pull requests are read for commands",
    ]
    assert isinstance(last, Command)
    assert last.comment_id == invalid
    [problem] = last.commands
    assert isinstance(problem, InvalidCommand)
    assert problem.line == "!release-regent frobnicate"
