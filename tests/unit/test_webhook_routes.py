"""Webhook deliveries and their routes: a delivery is routed by the one router (core.routing;
its rules are tested in test_routing.py with the event table), and its names and refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regent.core.model import RepoRef
from regent.core.routing import Ignored, Installation, PayloadError, Ping, Reconcile, Route
from regent.runtimes.webhook.delivery import Delivery
from regent.webhook import BadDelivery
from regent.webhook.replies import refused
from tests.shared_data import SHARED_FIXTURES

parse_delivery = Delivery.restored

WEBHOOKS = SHARED_FIXTURES / "webhooks"


def read(path: Path) -> Delivery:
    """The delivery of a payload file, its event being its folder's name."""
    return parse_delivery(event=path.parent.name, delivery_id=DELIVERY_ID, body=path.read_bytes())


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
            Reconcile(
                repo=RepoRef("robvanderleek", "create-issue-branch"),
                base_branch="main",
                reason="pull request #117 was merged into main",
                default_branch="main",
                installation_id=1301612,
            ),
            id="merged-into-main",
        ),
        pytest.param(
            "pull_request/closed.not-merged.gitpoap-bot.json",
            Ignored("pull request #2 was closed without merging: nothing reached master"),
            id="closed-not-merged",
        ),
        pytest.param(
            "push/payload.json",
            Ignored("the push deleted refs/tags/simple-tag: only pushes to a base branch count"),
            id="tag-deletion",
        ),
        pytest.param(
            "push/to-branch.reallyfastci.json",
            Reconcile(
                repo=RepoRef("ailisp", "gcbapp-buildconfig-example"),
                base_branch="ailisp-patch-1",
                reason="a push updated ailisp-patch-1",
                default_branch="master",
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
            Installation("created", 957387, "Codertocat", ("Codertocat/Hello-World",)),
            id="installation-created",
        ),
        pytest.param(
            "installation/suspend.payload.json",
            Installation("suspend", 16598467, "Codertocat", ()),
            id="installation-suspend-no-list",
        ),
    ],
)
def test_named_shared_payloads(relative: str, route: Route) -> None:
    delivery = read(named(relative))
    payload = json.loads(named(relative).read_bytes())
    assert delivery.route == route
    assert delivery.event == named(relative).parent.name
    assert delivery.action == payload.get("action")
    assert delivery.repository == payload.get("repository", {}).get("full_name")


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


def replaced(payload: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """``payload`` with ``fields`` replaced (None removes a field)."""
    merged = {**payload, **fields}
    return {key: value for key, value in merged.items() if value is not None}


def test_the_delivery_names() -> None:
    upper = " 72D3162E-CC78-11E3-81AB-4C9367DC0958 "
    delivery = parse_delivery(event=" push ", delivery_id=upper, body=body(push()))
    expected = Reconcile(ACME, "main", "a push updated main", "main")
    assert delivery == Delivery(DELIVERY_ID, "push", None, "acme/widget", expected)


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
        body(replaced(comment(pull_request={}), repository=None)),
        "no repository.full_name",
        "comment-no-repository",
    ),
    (
        "issue_comment",
        DELIVERY_ID,
        body(replaced(comment(pull_request={}), comment={"body": "x"}, sender=None)),
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
    with pytest.raises((PayloadError, BadDelivery), match=says) as raised:
        parse_delivery(event=event, delivery_id=delivery_id, body=raw)
    assert refused(raised.value).status == 400
