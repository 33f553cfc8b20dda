"""The one router: the event table (tests/event_table.py), exact routes, payload errors, and the
Action's inputs applied to a route."""

from __future__ import annotations

from typing import Any

import pytest

from regent.core.commands import Explain, ParsedCommand, ReleaseFloor, SetVersion
from regent.core.model import RepoRef
from regent.core.release_pr.state import ReconcileScope
from regent.core.routing import (
    DISPATCH_SOURCE,
    INPUT_SOURCE,
    Command,
    Ignored,
    Installation,
    PayloadError,
    Ping,
    Reconcile,
    Route,
    explain,
    route,
    with_action_inputs,
)
from regent.core.versioning.bump import Bump
from tests.event_table import (
    REPOSITORY,
    EventRow,
    comment,
    hand_written_rows,
    pull,
    push,
    release_pr_edited,
    shared_rows,
)

ACME = RepoRef("acme", "widget")
SET_AUTO = SetVersion(None)


@pytest.mark.parametrize("row", [*hand_written_rows(), *shared_rows()])
def test_every_row_of_the_event_table(row: EventRow) -> None:
    routed = route(row.event, row.payload)
    assert type(routed) is row.kind
    if isinstance(routed, Reconcile):
        assert row.says is None or routed.base_branch == row.says
        assert routed.reason
    elif row.says is not None:
        assert explain(routed) == row.says
    else:
        assert explain(routed)


def reconcile(branch: str, reason: str, **options: Any) -> Reconcile:
    """The expected route of acme/widget (default branch main)."""
    return Reconcile(ACME, branch, reason, "main", **options)


def command(
    body: str,
    *commands: ParsedCommand,
    comment_id: int | None = 99,
    author: str = "mona",
    association: str | None = "MEMBER",
    **options: Any,
) -> Command:
    """The expected route of a comment on acme/widget's #5 (default branch main)."""
    return Command(
        ACME,
        5,
        comment_id,
        author,
        association,
        body,
        commands=commands,
        default_branch="main",
        **options,
    )


EXACT: list[tuple[str, dict[str, Any], Route]] = [
    ("push", push("refs/heads/main"), reconcile("main", "a push updated main")),
    (
        "push",
        push("refs/heads/main", installation={"id": 9}, commits=None, head_commit=None),
        reconcile("main", "a push updated main", installation_id=9),
    ),
    (
        "pull_request",
        {
            **pull("closed", merged=True),
            "repository": {**REPOSITORY, "default_branch": None, "master_branch": "main"},
        },
        reconcile("main", "pull request #12 was merged into main"),
    ),
    (
        "pull_request",
        pull("closed", merged=True, base="develop"),
        reconcile("develop", "pull request #12 was merged into develop"),
    ),
    (
        "issue_comment",
        comment(body="!release minor\n!release-regent explain", installation={"id": 9}),
        command(
            "!release minor\n!release-regent explain",
            ReleaseFloor(Bump.MINOR),
            Explain(),
            installation_id=9,
        ),
    ),
    (
        "issue_comment",
        {**comment(), "comment": {"body": "/release-regent set-version auto"}},
        command("/release-regent set-version auto", SET_AUTO, comment_id=None, association=None),
    ),
    (
        "issue_comment",
        {**comment(), "comment": {"body": None}},
        Ignored(
            "a comment on pull request #5 holds no command for Release Regent (!set-version, "
            "!release, !release-regent explain)"
        ),
    ),
    (
        "issue_comment",
        {**comment("edited", body="!set-version 2.0.0"), "changes": {"title": {"from": "x"}}},
        command("!set-version 2.0.0", SetVersion("2.0.0"), action="edited"),
    ),
    (
        "issue_comment",
        comment("edited", body="!set-version 2.0.0", changes={"body": {"from": None}}),
        command("!set-version 2.0.0", SetVersion("2.0.0"), action="edited"),
    ),
    (
        "issue_comment",
        comment("pinned"),
        Ignored("a comment was pinned: only new and edited comments are read for commands"),
    ),
    (
        "issue_comment",
        comment(user={"login": "octo-org", "type": "Organization"}),
        command(
            "!set-version 2.0.0", SetVersion("2.0.0"), author="octo-org", author_type="Organization"
        ),
    ),
    (
        "pull_request",
        release_pr_edited(sender={"login": "mona"}, changes={"body": {"from": ""}}),
        reconcile(
            "main",
            "pull request #12, the release PR, was edited: its maintainer notes go to CHANGELOG.md",
        ),
    ),
    (
        "pull_request",
        {**pull("edited", changes={"body": {"from": ""}}), "sender": {"login": "mona"}},
        Ignored("pull request #12 (edited) is ignored: only a merge starts a release run"),
    ),
    (
        "workflow_dispatch",
        {
            "ref": "refs/heads/release/1.x",
            "inputs": {"release-as": " 2.0.0 ", "prerelease": "rc", "dry_run": True},
            "repository": REPOSITORY,
        },
        reconcile(
            "release/1.x",
            "a run of the workflow was requested on release/1.x",
            requested=True,
            release_as="2.0.0",
            prerelease="rc",
            override_source=DISPATCH_SOURCE,
            dry_run=True,
        ),
    ),
    (
        "workflow_dispatch",
        {"repository": REPOSITORY},
        reconcile(
            "main",
            "a run of the workflow was requested on main",
            requested=True,
            override_source=DISPATCH_SOURCE,
        ),
    ),
    ("ping", {}, Ping("", None)),
    (
        "installation_repositories",
        {
            "action": "added",
            "installation": {"id": 3, "account": {"login": "acme"}},
            "repositories_added": [{"full_name": "acme/widget"}, {"id": 1}, "junk"],
            "repositories_removed": [{"full_name": "acme/old"}],
        },
        Installation("added", 3, "acme", ("acme/widget", "acme/old")),
    ),
    (
        "installation",
        {"action": "deleted", "installation": None, "repositories": None},
        Installation("deleted", None, None, ()),
    ),
]


@pytest.mark.parametrize(
    ("event", "payload", "expected"),
    [pytest.param(*case, id=f"{index}-{case[0]}") for index, case in enumerate(EXACT)],
)
def test_exact_routes(event: str, payload: dict[str, Any], expected: Route) -> None:
    assert route(event, payload) == expected


def test_a_schedule_without_a_repository_reads_the_runner() -> None:
    routed = route("schedule", {"schedule": "0 6 * * 1"}, repository="acme/widget", ref_name="main")
    assert routed == reconcile("main", "a scheduled run on main", requested=True)


PAYLOAD_ERRORS = [
    ("push", {**push("refs/heads/main"), "repository": None}, "no repository.full_name"),
    (
        "push",
        push("refs/heads/main", repository={**REPOSITORY, "default_branch": None}),
        "no repository.default_branch",
    ),
    ("push", {**push("x"), "ref": None}, "push payload has no ref"),
    ("push", {**push("x"), "ref": 12}, r"no ref \(a non-empty string\)"),
    (
        "push",
        push("refs/heads/main", repository={**REPOSITORY, "full_name": "widget"}),
        "repository.full_name 'widget' is not owner/name",
    ),
    ("pull_request", {**pull("closed", merged=True), "repository": None}, "repository"),
    (
        "pull_request",
        {**pull("closed"), "pull_request": {"merged": True}},
        "no pull_request.base.ref",
    ),
    ("issue_comment", {**comment(), "issue": None}, "no issue.number"),
    ("issue_comment", {**comment(), "repository": None}, "no repository.full_name"),
    (
        "issue_comment",
        {**comment(), "comment": {"body": "!release minor"}, "sender": None},
        "no sender.login",
    ),
    (
        "pull_request",
        {
            **release_pr_edited(sender={}, changes={}),
            "pull_request": {"head": {"ref": "release-regent/main"}},
        },
        "no pull_request.base.ref",
    ),
    ("installation", {}, "the installation payload has no action"),
    (
        "workflow_dispatch",
        {"inputs": {"prerelease": "r c"}, "repository": REPOSITORY},
        "input prerelease is 'r c'",
    ),
    (
        "workflow_dispatch",
        {"inputs": {"dry-run": "maybe"}, "repository": REPOSITORY},
        "input dry-run is not true or false",
    ),
    ("schedule", {}, "GITHUB_REF_NAME"),
]


@pytest.mark.parametrize(
    ("event", "payload", "says"),
    [pytest.param(*case, id=f"{index}-{case[0]}") for index, case in enumerate(PAYLOAD_ERRORS)],
)
def test_payload_errors_name_the_field(event: str, payload: dict[str, Any], says: str) -> None:
    with pytest.raises(PayloadError, match=says) as raised:
        route(event, payload)
    assert raised.value.exit_code == 2


MAIN = reconcile("main", "a push updated main")
REQUESTED = reconcile(
    "main", "a scheduled run on main", requested=True, override_source=DISPATCH_SOURCE
)
NO_INPUTS: dict[str, Any] = {
    "target_branch": None,
    "release_as": None,
    "prerelease": None,
    "dry_run": False,
    "command": "auto",
}
INPUTS = [
    ("none", MAIN, {}, MAIN),
    (
        "target-branch-turns-a-push-away",
        MAIN,
        {"target_branch": "release/1.x"},
        Ignored("main is not the target-branch input: releases are made from release/1.x"),
    ),
    (
        "target-branch-releases-from-its-branch",
        MAIN,
        {"target_branch": "main"},
        Reconcile(ACME, "main", "a push updated main", None),
    ),
    (
        "target-branch-picks-a-requested-runs-branch",
        REQUESTED,
        {"target_branch": "release/1.x"},
        Reconcile(
            ACME,
            "release/1.x",
            "a scheduled run on main",
            None,
            requested=True,
            override_source=DISPATCH_SOURCE,
        ),
    ),
    (
        "release-as-and-prerelease",
        REQUESTED,
        {"release_as": "3.0.0", "prerelease": "beta"},
        reconcile(
            "main",
            "a scheduled run on main",
            requested=True,
            release_as="3.0.0",
            prerelease="beta",
            override_source=INPUT_SOURCE,
        ),
    ),
    ("dry-run", MAIN, {"dry_run": True}, reconcile("main", "a push updated main", dry_run=True)),
    ("plan", MAIN, {"command": "plan"}, reconcile("main", "a push updated main", dry_run=True)),
    (
        "release-pr-scope",
        MAIN,
        {"command": "release-pr"},
        reconcile("main", "a push updated main", scope=ReconcileScope.RELEASE_PR),
    ),
    (
        "release-scope",
        MAIN,
        {"command": "release"},
        reconcile("main", "a push updated main", scope=ReconcileScope.RELEASE),
    ),
    ("not-a-reconcile", Ping("", None), {"target_branch": "x", "dry_run": True}, Ping("", None)),
]


@pytest.mark.parametrize(
    ("routed", "inputs", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in INPUTS],
)
def test_the_action_inputs(routed: Route, inputs: dict[str, Any], expected: Route) -> None:
    assert with_action_inputs(routed, **(NO_INPUTS | inputs)) == expected
