"""One table of events and the decision each must get, through every door (docs/routing.md).

The router's table test, the Action's entrypoint, the webhook receiver and ``regent run
--event-file`` each run these rows and assert the same decision: the route's kind, and the one
line a door shows when the event reconciles nothing (``explain``). Hand-written rows cover each
case the doors once decided differently; the shared webhook payloads (read in place from
../shared/fixtures) are rows too, each with its decision written out in SHARED_KINDS.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from regent.core.routing import Command, Ignored, Installation, Ping, Reconcile
from tests.shared_data import SHARED_FIXTURES

WEBHOOKS = SHARED_FIXTURES / "webhooks"
REPOSITORY = {
    "id": 1,
    "name": "widget",
    "full_name": "acme/widget",
    "owner": {"login": "acme"},
    "default_branch": "main",
}
"""As a runner's event file holds it: no ``clone_url``, which no door needs."""
COMMAND_ANSWER = "comment on pull request #5 by mona asks for: !set-version 2.0.0"


@dataclass(frozen=True)
class EventRow:
    """An event, the kind of route it must get, and what a door says about it.

    ``says``: for a route that reconciles nothing, the exact line every door shows; for a
    ``Reconcile``, the base branch it names."""

    id: str
    event: str
    payload: Mapping[str, Any]
    kind: type
    says: str | None = None

    def param(self) -> Any:
        return pytest.param(self, id=self.id)


def push(ref: str, **extra: Any) -> dict[str, Any]:
    """A push payload to ``ref`` in acme/widget."""
    return {"ref": ref, "deleted": False, "repository": REPOSITORY, **extra}


def pull(action: str, *, merged: bool = False, base: str = "main", **extra: Any) -> dict[str, Any]:
    """A pull_request payload for #12 into ``base``."""
    return {
        "action": action,
        "number": 12,
        "pull_request": {"number": 12, "merged": merged, "base": {"ref": base}, "body": None},
        "repository": REPOSITORY,
        **extra,
    }


def release_pr_edited(*, sender: dict[str, str], changes: dict[str, Any]) -> dict[str, Any]:
    """A pull_request ``edited`` payload for release PR #12 (head release-regent/main)."""
    edited = pull("edited", sender=sender, changes=changes)
    edited["pull_request"]["head"] = {"ref": "release-regent/main"}
    return edited


def comment(
    action: str = "created",
    *,
    on_pull_request: bool = True,
    body: str | None = "!set-version 2.0.0",
    user: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An issue_comment payload on #5 by mona (a ``User``, unless ``user`` says otherwise)."""
    issue: dict[str, Any] = {"number": 5}
    if on_pull_request:
        issue["pull_request"] = {"url": "https://api.github.com/repos/acme/widget/pulls/5"}
    return {
        "action": action,
        "issue": issue,
        "comment": {
            "id": 99,
            "body": body,
            "user": user or {"login": "mona", "type": "User"},
            "author_association": "MEMBER",
        },
        "repository": REPOSITORY,
        "sender": {"login": "mona"},
        **extra,
    }


def edited(before: str, after: str) -> dict[str, Any]:
    """An issue_comment ``edited`` payload whose body went from ``before`` to ``after``."""
    return comment("edited", body=after, changes={"body": {"from": before}})


ROUTED_ELSEWHERE = (
    "push, pull_request, pull_request_target, workflow_dispatch, schedule, issue_comment, "
    "ping, installation, installation_repositories"
)
HAND_WRITTEN = [
    EventRow("push-to-main", "push", push("refs/heads/main"), Reconcile, "main"),
    EventRow(
        "push-to-a-feature-branch", "push", push("refs/heads/feature/x"), Reconcile, "feature/x"
    ),
    EventRow(
        "push-to-our-release-branch",
        "push",
        push("refs/heads/release-regent/main"),
        Ignored,
        "the push to release-regent/main is Release Regent's own release branch",
    ),
    EventRow(
        "tag-push",
        "push",
        push("refs/tags/v1.0.0"),
        Ignored,
        "the push to refs/tags/v1.0.0 is not to a branch: only pushes to a base branch count",
    ),
    EventRow(
        "branch-deleted",
        "push",
        push("refs/heads/old", deleted=True),
        Ignored,
        "the push deleted refs/heads/old: only pushes to a base branch count",
    ),
    EventRow("pr-merged", "pull_request", pull("closed", merged=True), Reconcile, "main"),
    EventRow(
        "pr-closed-without-merging",
        "pull_request",
        pull("closed"),
        Ignored,
        "pull request #12 was closed without merging: nothing reached main",
    ),
    *(
        EventRow(
            f"pr-{action}",
            "pull_request",
            pull(action),
            Ignored,
            f"pull request #12 ({action}) is ignored: only a merge starts a release run",
        )
        for action in ("opened", "synchronize", "edited", "labeled")
    ),
    EventRow("comment-on-a-pull-request", "issue_comment", comment(), Command, COMMAND_ANSWER),
    EventRow(
        "comment-with-an-invalid-command",
        "issue_comment",
        comment(body="Thanks!\n/release-regent release-as 2.0.0"),
        Command,
        "comment on pull request #5 by mona asks for: /release-regent release-as 2.0.0",
    ),
    EventRow(
        "comment-on-an-issue",
        "issue_comment",
        comment(on_pull_request=False),
        Ignored,
        "a comment on issue #5: only comments on pull requests are read for commands",
    ),
    EventRow(
        "comment-by-a-bot",
        "issue_comment",
        comment(user={"login": "renovate", "type": "Bot"}),
        Ignored,
        "a comment by renovate on pull request #5: Release Regent takes no commands from bots",
    ),
    EventRow(
        "comment-by-an-app",
        "issue_comment",
        comment(user={"login": "release-regent[bot]"}),
        Ignored,
        "a comment by release-regent[bot] on pull request #5: Release Regent takes no commands "
        "from bots",
    ),
    EventRow(
        "comment-without-a-command",
        "issue_comment",
        comment(body="LGTM! Try `!release minor`:\n> !release major\n```\n!release patch\n```"),
        Ignored,
        "a comment on pull request #5 holds no command for Release Regent (!set-version, "
        "!release, !release-regent explain)",
    ),
    EventRow(
        "comment-deleted",
        "issue_comment",
        comment("deleted"),
        Ignored,
        "a comment was deleted: a deleted comment changes nothing already applied",
    ),
    EventRow(
        "comment-edited-commands-unchanged",
        "issue_comment",
        edited("!set-version 2.0.0", "Thanks.\n/release-regent SET-VERSION 2.0.0"),
        Ignored,
        "an edit of a comment on pull request #5 left its commands as they were: they were read "
        "when it was written",
    ),
    EventRow(
        "comment-edited-commands-changed",
        "issue_comment",
        edited("!set-version 2.0.0", "!set-version 2.1.0\n!release-regent explain"),
        Command,
        "comment on pull request #5 by mona asks for: !set-version 2.1.0, !release-regent explain",
    ),
    EventRow(
        "release-pr-edited",
        "pull_request",
        release_pr_edited(
            sender={"login": "mona", "type": "User"}, changes={"body": {"from": "old notes"}}
        ),
        Reconcile,
        "main",
    ),
    EventRow(
        "release-pr-edited-by-a-bot",
        "pull_request",
        release_pr_edited(
            sender={"login": "release-regent[bot]", "type": "Bot"},
            changes={"body": {"from": "old notes"}},
        ),
        Ignored,
        "pull request #12, the release PR, was edited by release-regent[bot]: only a person's "
        "edit is carried over",
    ),
    EventRow(
        "release-pr-title-edited",
        "pull_request",
        release_pr_edited(
            sender={"login": "mona", "type": "User"}, changes={"title": {"from": "old"}}
        ),
        Ignored,
        "pull request #12, the release PR, was edited, not its body: no maintainer notes changed",
    ),
    EventRow(
        "dispatch",
        "workflow_dispatch",
        {"ref": "refs/heads/main", "inputs": {}, "repository": REPOSITORY},
        Reconcile,
        "main",
    ),
    EventRow(
        "schedule",
        "schedule",
        {"schedule": "17 6 * * 1", "repository": REPOSITORY},
        Reconcile,
        "main",
    ),
    EventRow(
        "ping",
        "ping",
        {"zen": "Design for failure.", "hook_id": 1},
        Ping,
        "ping from hook 1: the webhook answers (Design for failure.)",
    ),
    EventRow(
        "installation",
        "installation",
        {"action": "created", "installation": {"id": 3, "account": {"login": "acme"}}},
        Installation,
        "installation created noted: nothing to reconcile",
    ),
    EventRow(
        "release-published",
        "release",
        {"action": "published", "repository": REPOSITORY},
        Ignored,
        f"release events are ignored: Release Regent acts on {ROUTED_ELSEWHERE}",
    ),
]


# The decision each shared payload must get, written out by hand (not derived by rules of
# its own, which would only restate the router's): comments on issues, comments on pull requests
# that hold no command line, tag pushes, unmerged closes and release events are ignored; merges,
# branch pushes and dispatches reconcile.
SHARED_KINDS: dict[str, type] = {
    "installation/created.payload.json": Installation,
    "installation/created.with-requester.payload.json": Installation,
    "installation/deleted.payload.json": Installation,
    "installation/suspend.payload.json": Installation,
    "issue_comment/created.on-pull-request.all-contributors-hello.json": Ignored,
    "issue_comment/created.on-pull-request.shopify-cla-action.json": Ignored,
    "issue_comment/created.payload.json": Ignored,
    "issue_comment/created.slash-command.create-issue-branch.json": Ignored,
    "issue_comment/created.with-installation.payload.json": Ignored,
    "issue_comment/created.with-organization.payload.json": Ignored,
    "issue_comment/edited.payload.json": Ignored,
    "ping/payload.json": Ping,
    "ping/with-app_id.payload.json": Ping,
    "pull_request/closed.merged.create-issue-branch.json": Reconcile,
    "pull_request/closed.merged.gitpoap-bot.json": Reconcile,
    "pull_request/closed.not-merged.gitpoap-bot.json": Ignored,
    "pull_request/closed.payload.json": Ignored,
    "pull_request/labeled.payload.json": Ignored,
    "pull_request/opened.payload.json": Ignored,
    "pull_request/opened.with-null-body.json": Ignored,
    "pull_request/reopened.payload.json": Ignored,
    "pull_request/synchronize.payload.json": Ignored,
    "push/payload.json": Ignored,
    "push/signed-off-commit.dcoapp.json": Reconcile,
    "push/to-branch.reallyfastci.json": Reconcile,
    "push/with-installation.payload.json": Ignored,
    "push/with-new-branch.payload.json": Reconcile,
    "push/with-no-username-committer.payload.json": Reconcile,
    "release/created.payload.json": Ignored,
    "release/prereleased.payload.json": Ignored,
    "release/published.payload.json": Ignored,
    "release/released.json": Ignored,
    "workflow_dispatch/payload.json": Reconcile,
}


def shared_rows() -> list[Any]:
    """A row per shared webhook payload, or one skipped placeholder when they are absent."""
    files = sorted(
        path for path in WEBHOOKS.glob("*/*.json") if not path.name.endswith(".headers.json")
    )
    if not files:
        reason = f"shared fixtures {WEBHOOKS} not present (fresh clone)"
        return [pytest.param(None, id="webhooks-absent", marks=pytest.mark.skip(reason=reason))]
    rows = []
    for path in files:
        payload = json.loads(path.read_bytes())
        event = path.parent.name
        name = f"{event}/{path.name}"
        if name not in SHARED_KINDS:
            raise AssertionError(
                f"{name} is a new shared payload: add its decision to SHARED_KINDS"
            )
        row = EventRow(name, event, payload, SHARED_KINDS[name])
        rows.append(row.param())
    return rows


def hand_written_rows(*kinds: type) -> list[Any]:
    """The hand-written rows (of ``kinds`` only, when given)."""
    return [row.param() for row in HAND_WRITTEN if not kinds or row.kind in kinds]


def write_event(folder: Path, row: EventRow) -> Path:
    """The row's payload as ``folder/<id>.json`` (folders made as needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{row.id.replace('/', '-')}.json"
    path.write_text(json.dumps(row.payload), encoding="utf-8")
    return path
