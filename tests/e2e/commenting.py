"""People commenting on ``acme/widget``'s pull requests on the simulator, as GitHub users: each
with a token of their own login and a role on the repository; the ``issue_comment`` event each
comment makes, as the simulator emits it (and delivers it, when a webhook URL is set)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.e2e.lifecycle_harness import BASE, REPO, Lifecycle
from tests.github_sim.client import SimClient
from tests.gitrepo import git

MAINTAINER = "alice"
READER = "bob"
BOT = "deploy-helper[bot]"
ROLES = {MAINTAINER: "maintain", READER: "read"}


@dataclass(frozen=True)
class Comment:
    """A comment made through the API and the ``issue_comment`` event GitHub sent for it."""

    id: int
    event: dict[str, Any]
    """``{"name", "headers", "payload", "body"}`` as the simulator recorded it."""

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.event["payload"])


@dataclass
class Commenters:
    """Tokens for the maintainer, the reader and a bot; the maintainer's and reader's roles."""

    lifecycle: Lifecycle

    def __post_init__(self) -> None:
        client = self.lifecycle.client
        for login in (MAINTAINER, READER, BOT):
            reply = client.post("/_sim/tokens", {"token": _token(login), "login": login})
            assert reply.status in (200, 201), reply.body
        for login, role in ROLES.items():
            path = f"/_sim/repos/{REPO.full_name}/collaborators"
            reply = client.post(path, {"login": login, "permission": role})
            assert reply.status in (200, 201), reply.body

    def comment(self, number: int, body: str, *, login: str = MAINTAINER) -> Comment:
        """Comment ``body`` on pull request ``number`` as ``login``; the event it made."""
        client = SimClient(self.lifecycle.sim.url, token=_token(login))
        made = client.post(f"/repos/{REPO.full_name}/issues/{number}/comments", {"body": body})
        assert made.status == 201, made.body
        comment_id = int(made.body["id"])
        return Comment(comment_id, self.event_of(comment_id))

    def edit(self, comment: Comment, body: str, *, login: str = MAINTAINER) -> Comment:
        """Edit ``comment`` to read ``body``; the ``edited`` event it made."""
        client = SimClient(self.lifecycle.sim.url, token=_token(login))
        path = f"/repos/{REPO.full_name}/issues/comments/{comment.id}"
        assert client.patch(path, {"body": body}).status == 200
        return Comment(comment.id, self.event_of(comment.id, action="edited"))

    def event_of(self, comment_id: int, *, action: str = "created") -> dict[str, Any]:
        """The last ``issue_comment`` event for ``comment_id`` with ``action``."""
        events = self.lifecycle.client.get("/_sim/events").body
        found = [
            event
            for event in events
            if event["name"] == "issue_comment"
            and event["payload"]["comment"]["id"] == comment_id
            and event["payload"]["action"] == action
        ]
        assert found, f"no issue_comment {action} event for comment {comment_id}"
        return dict(found[-1])

    def replies(self, number: int) -> list[str]:
        """The bodies of Release Regent's replies on pull request ``number``, oldest first."""
        return [body for body in self.comment_bodies(number) if "release-regent reply" in body]

    def comment_bodies(self, number: int) -> list[str]:
        path = f"/repos/{REPO.full_name}/issues/{number}/comments?per_page=100"
        reply = self.lifecycle.client.get(path)
        return [str(comment["body"]) for comment in reply.body]

    def reactions(self, comment_id: int) -> list[str]:
        """The reactions on a comment: their contents."""
        path = f"/repos/{REPO.full_name}/issues/comments/{comment_id}/reactions"
        return [str(made["content"]) for made in self.lifecycle.client.get(path).body]


def open_feature_pull(lifecycle: Lifecycle, branch: str, title: str) -> int:
    """Push ``branch`` with one commit off the base head and open its pull request (unmerged)."""
    maintainer = lifecycle.maintainer
    git(maintainer, "fetch", "--quiet", "origin")
    git(maintainer, "checkout", "--quiet", "-B", branch, f"origin/{BASE}")
    (maintainer / f"{branch}.txt").write_text(title + "\n", encoding="utf-8")
    git(maintainer, "add", "--all")
    git(maintainer, "commit", "--quiet", "-m", title)
    git(maintainer, "push", "--quiet", "origin", f"{branch}:refs/heads/{branch}")
    body = {"title": title, "head": branch, "base": BASE}
    made = lifecycle.client.post(f"/repos/{REPO.full_name}/pulls", body)
    assert made.status == 201, made.body
    return int(made.body["number"])


def _token(login: str) -> str:
    return "token-" + login.replace("[bot]", "-bot")
