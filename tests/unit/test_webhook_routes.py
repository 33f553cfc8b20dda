"""parse_delivery and routing: the shared webhook payloads (read in place) and hand-written ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regent.core.model import RepoRef
from regent.core.webhooks import (
    MAX_BODY_BYTES,
    BodyTooLarge,
    CommentCommand,
    Delivery,
    Ignored,
    InstallationChange,
    PayloadError,
    Ping,
    ReconcileBranch,
    Route,
    parse_delivery,
)
from tests.shared_data import SHARED_FIXTURES

WEBHOOKS = SHARED_FIXTURES / "webhooks"
ABSENT = pytest.mark.skip(reason=f"shared fixtures {WEBHOOKS} not present (fresh clone)")


def payload_files() -> list[Any]:
    """Every payload file under webhooks/<event>/, or one skipped placeholder when absent."""
    files = sorted(
        path for path in WEBHOOKS.glob("*/*.json") if not path.name.endswith(".headers.json")
    )
    if not files:
        return [pytest.param(None, id="webhooks-absent", marks=ABSENT)]
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in files]


def expected_type(event: str, payload: dict[str, Any]) -> type:
    """The route type the rules give, read straight from the payload."""
    if event == "pull_request":
        pull = payload["pull_request"]
        merged = payload["action"] == "closed" and pull["merged"] is True
        return ReconcileBranch if merged else Ignored
    if event == "push":
        ref = str(payload["ref"])
        to_branch = ref.startswith("refs/heads/") and not ref.startswith(
            "refs/heads/release-regent/"
        )
        return ReconcileBranch if to_branch and payload.get("deleted") is not True else Ignored
    if event == "issue_comment":
        return CommentCommand if payload["action"] == "created" else Ignored
    kinds = {"ping": Ping, "installation": InstallationChange}
    return kinds.get(event, InstallationChange if event == "installation_repositories" else Ignored)


def read(path: Path) -> Delivery:
    """The delivery of a payload file, its event being its folder's name."""
    return parse_delivery(event=path.parent.name, delivery_id=DELIVERY_ID, body=path.read_bytes())


@pytest.mark.parametrize("path", payload_files())
def test_every_shared_payload_routes(path: Path) -> None:
    payload = json.loads(path.read_bytes())
    delivery = read(path)
    assert type(delivery.route) is expected_type(path.parent.name, payload)
    assert delivery.event == path.parent.name
    assert delivery.action == payload.get("action")
    assert delivery.repository == payload.get("repository", {}).get("full_name")
    if isinstance(delivery.route, CommentCommand):
        assert delivery.route.on_pull_request == ("pull_request" in payload["issue"])
    if isinstance(delivery.route, Ignored):
        assert delivery.route.reason


def named(relative: str) -> Path:
    """A named shared payload; its test is skipped when it is absent."""
    path = WEBHOOKS / relative
    if not path.exists():
        pytest.skip(f"shared fixture webhooks/{relative} not present")
    return path


@pytest.mark.parametrize(
    ("relative", "route"),
    [
        pytest.param(
            "pull_request/closed.merged.create-issue-branch.json",
            ReconcileBranch(
                repo=RepoRef("robvanderleek", "create-issue-branch"),
                base_branch="main",
                default_branch="main",
                installation_id=1301612,
                clone_url="https://github.com/robvanderleek/create-issue-branch.git",
                reason="pull request #117 was merged into main",
            ),
            id="merged-into-main",
        ),
        pytest.param(
            "pull_request/closed.not-merged.gitpoap-bot.json",
            Ignored(
                "pull request #2 was closed without merging: only a merge starts a release run"
            ),
            id="closed-not-merged",
        ),
        pytest.param(
            "push/payload.json",
            Ignored("the push deleted refs/tags/simple-tag: only pushes to a base branch count"),
            id="tag-deletion",
        ),
        pytest.param(
            "push/to-branch.reallyfastci.json",
            ReconcileBranch(
                repo=RepoRef("ailisp", "gcbapp-buildconfig-example"),
                base_branch="ailisp-patch-1",
                default_branch="master",
                installation_id=None,
                clone_url="https://github.com/ailisp/gcbapp-buildconfig-example.git",
                reason="a push updated ailisp-patch-1",
            ),
            id="feature-branch-left-to-the-configuration",
        ),
        pytest.param(
            "ping/payload.json",
            Ping(zen="Anything added dilutes everything else.", hook_id=109948940),
            id="ping",
        ),
        pytest.param(
            "installation/created.payload.json",
            InstallationChange("created", 957387, "Codertocat", ("Codertocat/Hello-World",)),
            id="installation-created",
        ),
        pytest.param(
            "installation/suspend.payload.json",
            InstallationChange("suspend", 16598467, "Codertocat", ()),
            id="installation-suspend-no-list",
        ),
    ],
)
def test_named_shared_payloads(relative: str, route: Route) -> None:
    assert read(named(relative)).route == route


@pytest.mark.parametrize(
    ("relative", "number", "on_pull_request", "author"),
    [
        pytest.param(
            "issue_comment/created.on-pull-request.all-contributors-hello.json",
            1,
            True,
            "jakebolam",
            id="on-pull-request",
        ),
        pytest.param(
            "issue_comment/created.on-pull-request.shopify-cla-action.json",
            2,
            True,
            "BPScott",
            id="on-pull-request-href-only",
        ),
        pytest.param("issue_comment/created.payload.json", 1, False, "Codertocat", id="on-issue"),
        pytest.param(
            "issue_comment/created.slash-command.create-issue-branch.json",
            None,
            False,
            "robvanderleek",
            id="no-comment-user-falls-back-to-sender",
        ),
    ],
)
def test_shared_comments(
    relative: str, number: int | None, on_pull_request: bool, author: str
) -> None:
    route = read(named(relative)).route
    assert isinstance(route, CommentCommand)
    assert route.on_pull_request is on_pull_request
    assert route.author == author
    assert number is None or route.number == number


def test_recorded_headers_give_the_delivery() -> None:
    path = named("push/to-branch.reallyfastci.json")
    headers = json.loads(path.with_name("to-branch.reallyfastci.headers.json").read_bytes())
    recorded = headers["headers"]
    delivery = parse_delivery(
        event=recorded["x-github-event"],
        delivery_id=recorded["x-github-delivery"],
        body=path.read_bytes(),
    )
    assert (delivery.id, delivery.event) == ("82f638c0-00f1-11ea-8a5a-03fe5a4959a9", "push")
    assert delivery.repository == "ailisp/gcbapp-buildconfig-example"


DELIVERY_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
REPO = {
    "full_name": "acme/widget",
    "clone_url": "https://github.com/acme/widget.git",
    "default_branch": "main",
    "extra": {"ignored": True},
}
ACME = RepoRef("acme", "widget")
CLONE = "https://github.com/acme/widget.git"


def pull(action: str = "closed", *, merged: bool = True, base: str = "main") -> dict[str, Any]:
    """A pull_request payload for #12 into ``base``."""
    return {
        "action": action,
        "number": 12,
        "pull_request": {"number": 12, "merged": merged, "base": {"ref": base}, "body": None},
        "repository": REPO,
        "installation": {"id": 7},
    }


def push(ref: str = "refs/heads/main", **extra: Any) -> dict[str, Any]:
    """A push payload to ``ref``."""
    return {"ref": ref, "deleted": False, "repository": REPO, **extra}


def comment(action: str = "created", **issue: Any) -> dict[str, Any]:
    """An issue_comment payload on #5 by mona."""
    return {
        "action": action,
        "issue": {"number": 5, **issue},
        "comment": {"body": "/release-regent release-as 2.0.0", "user": {"login": "mona"}},
        "repository": REPO,
        "sender": {"login": "mona"},
    }


def body(payload: Any) -> bytes:
    """The JSON bytes of ``payload``."""
    return json.dumps(payload).encode()


def reconcile(branch: str, reason: str, installation_id: int | None = 7) -> ReconcileBranch:
    """The expected ReconcileBranch of acme/widget (default branch main)."""
    return ReconcileBranch(ACME, branch, "main", installation_id, CLONE, reason)


def replaced(payload: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """``payload`` with ``fields`` replaced (None removes a field)."""
    merged = {**payload, **fields}
    return {key: value for key, value in merged.items() if value is not None}


RULES = [
    ("pull_request", pull(), reconcile("main", "pull request #12 was merged into main")),
    (
        "pull_request",
        replaced(pull(), repository={**REPO, "default_branch": None, "master_branch": "main"}),
        reconcile("main", "pull request #12 was merged into main"),
    ),
    (
        "pull_request",
        pull(merged=False),
        Ignored("pull request #12 was closed without merging: only a merge starts a release run"),
    ),
    (
        "pull_request",
        pull("opened", merged=False),
        Ignored("pull request #12 (opened) is ignored: only a merge starts a release run"),
    ),
    (
        "pull_request",
        pull(base="develop"),
        reconcile("develop", "pull request #12 was merged into develop"),
    ),
    ("push", push(), reconcile("main", "a push updated main", None)),
    (
        "push",
        push(installation={"id": 9}, commits=None, head_commit=None),
        reconcile("main", "a push updated main", 9),
    ),
    (
        "push",
        push(deleted=True),
        Ignored("the push deleted refs/heads/main: only pushes to a base branch count"),
    ),
    (
        "push",
        push("refs/tags/v1.0.0"),
        Ignored(
            "the push to refs/tags/v1.0.0 is not to a branch: only pushes to a base branch count"
        ),
    ),
    (
        "push",
        push("refs/heads/release-regent/main"),
        Ignored("the push to release-regent/main is Release Regent's own release branch"),
    ),
    (
        "push",
        push("refs/heads/release/1.x"),
        reconcile("release/1.x", "a push updated release/1.x", None),
    ),
    (
        "issue_comment",
        comment(pull_request={"url": "https://api.github.com/repos/acme/widget/pulls/5"}),
        CommentCommand(
            ACME, None, CLONE, "main", 5, True, "/release-regent release-as 2.0.0", "mona"
        ),
    ),
    (
        "issue_comment",
        replaced(comment(), comment={"body": None, "user": {"login": "lisa"}}),
        CommentCommand(ACME, None, CLONE, "main", 5, False, "", "lisa"),
    ),
    (
        "issue_comment",
        comment("deleted"),
        Ignored("a comment was deleted: only new comments are read for commands"),
    ),
    (
        "ping",
        {"zen": "Design for failure.", "hook_id": 1, "hook": {}},
        Ping("Design for failure.", 1),
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
        InstallationChange("added", 3, "acme", ("acme/widget", "acme/old")),
    ),
    (
        "installation",
        {"action": "deleted", "installation": None, "repositories": None},
        InstallationChange("deleted", None, None, ()),
    ),
    (
        "release",
        {"action": "published", "repository": REPO},
        Ignored(
            "release events are ignored: Release Regent acts on pull_request, push, "
            "issue_comment, ping, installation, installation_repositories"
        ),
    ),
    ("workflow_dispatch", {"ref": "refs/heads/main"}, Ignored),
    ("check_run", {"action": "completed", "repository": REPO}, Ignored),
]


@pytest.mark.parametrize(
    ("event", "payload", "route"),
    [pytest.param(*rule, id=f"{index}-{rule[0]}") for index, rule in enumerate(RULES)],
)
def test_rules(event: str, payload: dict[str, Any], route: Route | type) -> None:
    delivery = parse_delivery(event=event, delivery_id=DELIVERY_ID, body=body(payload))
    if isinstance(route, type):
        assert isinstance(delivery.route, route)
    else:
        assert delivery.route == route


def test_the_delivery_names() -> None:
    upper = " 72D3162E-CC78-11E3-81AB-4C9367DC0958 "
    delivery = parse_delivery(event=" push ", delivery_id=upper, body=body(push()))
    assert delivery == Delivery(
        DELIVERY_ID, "push", None, "acme/widget", reconcile("main", "a push updated main", None)
    )


REFUSED = [
    ("push", DELIVERY_ID, b"{not json", "the body is not JSON", "not-json"),
    ("push", DELIVERY_ID, b"", "the body is not JSON", "empty-body"),
    ("push", DELIVERY_ID, b"payload=%7B%7D", "content type to application/json", "form-encoded"),
    ("push", DELIVERY_ID, b"[1, 2]", "the body is a JSON array, not the JSON object", "array"),
    ("push", DELIVERY_ID, b'"text"', "a JSON string", "string"),
    ("push", DELIVERY_ID, b"null", "a JSON null", "null"),
    ("push", DELIVERY_ID, b"12", "a JSON number", "number"),
    ("push", DELIVERY_ID, b'{"ref": "\xff"}', "the body is not UTF-8", "not-utf8"),
    ("push", DELIVERY_ID, b"\xef\xbb\xbf{}", "the body is not JSON", "utf8-bom"),
    ("push", DELIVERY_ID, b"[" * 100_000, "the body is not JSON", "too-deep"),
    (None, DELIVERY_ID, body(push()), "no X-GitHub-Event header", "missing-event"),
    ("  ", DELIVERY_ID, body(push()), "no X-GitHub-Event header", "blank-event"),
    ("push", None, body(push()), "no X-GitHub-Delivery header", "missing-delivery"),
    (
        "push",
        "x" * 300,
        body(push()),
        r"'xxxxx.*'\.\.\. \(300 characters\) is not a GitHub",
        "long-id",
    ),
    ("push", "abc.1", body(push()), "'abc.1' is not a GitHub delivery id", "dotted-id"),
    ("push", "abc_1", body(push()), "'abc_1' is not a GitHub delivery id", "underscored-id"),
    (
        "push",
        DELIVERY_ID[:8] + "\n" + DELIVERY_ID[9:],
        body(push()),
        "not a GitHub delivery id",
        "id-newline-inside",
    ),
    ("push", "{" + DELIVERY_ID + "}", body(push()), "not a GitHub delivery id", "braced-id"),
    ("push", DELIVERY_ID.replace("-", ""), body(push()), "not a GitHub delivery", "no-hyphens"),
    ("Push", DELIVERY_ID, body(push()), "'Push' is not an event name", "capitalised-event"),
    ("p" * 300, DELIVERY_ID, body(push()), r"\(300 characters\) is not an event", "long-event"),
    ("push\x1b[31m", DELIVERY_ID, body(push()), "is not an event name", "ansi-event"),
    ("push", "", body(push()), "no X-GitHub-Delivery header", "empty-delivery"),
    (
        "push",
        DELIVERY_ID,
        body(replaced(push(), repository=None)),
        "no repository.full_name",
        "push-no-repository",
    ),
    (
        "push",
        DELIVERY_ID,
        body(push(repository={**REPO, "default_branch": None})),
        "no repository.default_branch",
        "push-no-default-branch",
    ),
    ("push", DELIVERY_ID, body(replaced(push(), ref=None)), "no ref", "push-no-ref"),
    ("push", DELIVERY_ID, body(replaced(push(), ref=12)), "no ref", "push-ref-not-text"),
    (
        "push",
        DELIVERY_ID,
        body(push(repository={**REPO, "clone_url": None})),
        "no repository.clone_url",
        "push-no-clone-url",
    ),
    (
        "push",
        DELIVERY_ID,
        body(push(repository={**REPO, "full_name": "widget"})),
        "repository.full_name 'widget' is not owner/name",
        "push-bad-full-name",
    ),
    (
        "pull_request",
        DELIVERY_ID,
        body(replaced(pull(), repository=None)),
        "repository",
        "pr-no-repository",
    ),
    (
        "pull_request",
        DELIVERY_ID,
        body(replaced(pull(), pull_request={"merged": True})),
        "no pull_request.base.ref",
        "pr-no-base",
    ),
    (
        "issue_comment",
        DELIVERY_ID,
        body(replaced(comment(), issue=None)),
        "no issue.number",
        "no-issue",
    ),
    (
        "issue_comment",
        DELIVERY_ID,
        body(replaced(comment(), repository=None)),
        "no repository.full_name",
        "comment-no-repository",
    ),
    (
        "issue_comment",
        DELIVERY_ID,
        body(replaced(comment(), comment={"body": "x"}, sender=None)),
        "no sender.login",
        "comment-no-author",
    ),
    (
        "installation",
        DELIVERY_ID,
        b"{}",
        "the installation payload has no action",
        "installation-no-action",
    ),
]


@pytest.mark.parametrize(
    ("event", "delivery_id", "raw", "says"),
    [pytest.param(*case[:4], id=case[4]) for case in REFUSED],
)
def test_refused(event: str | None, delivery_id: str | None, raw: bytes, says: str) -> None:
    with pytest.raises(PayloadError, match=says) as raised:
        parse_delivery(event=event, delivery_id=delivery_id, body=raw)
    assert raised.value.status == 400


def test_a_body_over_the_limit() -> None:
    with pytest.raises(BodyTooLarge, match="more than the 26214400") as raised:
        parse_delivery(event="push", delivery_id=DELIVERY_ID, body=b" " * (MAX_BODY_BYTES + 1))
    assert raised.value.status == 413
