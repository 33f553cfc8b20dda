"""The SQS message of the AWS door: a payload is queued reduced to the fields the router reads,
and the worker routes the reduced payload exactly as the whole one (Hypothesis, and every real
payload in the shared fixtures); a merged pull request of any size fits the queue."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regent.core.routing import PayloadError
from regent.runtimes.webhook.aws_sqs import (
    ROUTED_FIELDS,
    SQS_MAX_MESSAGE_BYTES,
    queue_message,
    rebuild_delivery,
    routed_fields,
)
from regent.runtimes.webhook.delivery import Delivery
from regent.webhook import WebhookError
from tests.shared_data import SHARED_FIXTURES

CLONE_URL = "https://github.com/acme/widget.git"
DELIVERY_ID = "6f1c1a3e-8d0b-4c4f-9a51-3f1f2b7c0d11"
EVENTS = ("pull_request", "push", "issue_comment", "ping", "installation", "watch")
REPOSITORY = {"full_name": "acme/widget", "default_branch": "main", "clone_url": CLONE_URL}
OLD_REPOSITORY = {"full_name": "acme/widget", "master_branch": "main", "clone_url": CLONE_URL}
MERGED = {"merged": True, "base": {"ref": "main"}, "number": 4}
COMMENT = {
    "action": "created",
    "repository": REPOSITORY,
    "issue": {"number": 3},
    "comment": {"body": "!set-version 2.0.0", "user": {"login": "octo", "type": "User"}},
    "installation": {"id": 9},
}
RELEASE_PR_EDITED = {
    "action": "edited",
    "pull_request": {"number": 4, "base": {"ref": "main"}, "head": {"ref": "release-regent/main"}},
    "changes": {"body": {"from": "notes"}},
    "repository": REPOSITORY,
    "sender": {"login": "octo", "type": "User"},
}
"""The release PR's body edited: a reconcile, read from ``head.ref`` and ``changes``."""
UNCHANGED_EDIT = {"action": "edited", "changes": {"body": {"from": "!set-version 2.0.0"}}}
"""A comment edited without changing its commands: ignored, read from ``changes``."""
KEYS = (
    "action", "number", "ref", "deleted", "pull_request", "merged", "base", "repository",
    "full_name", "default_branch", "master_branch", "clone_url", "installation", "id", "issue",
    "comment", "body", "user", "login", "sender", "zen", "hook_id", "repositories", "labels",
    "name", "account", "title", "diff_url", "type", "changes", "from", "head",
)  # fmt: skip

scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.text()
shapeless = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=3), inner, max_size=6)
    ),
    max_leaves=8,
)
junk = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=3), scalars, max_size=2)
"""Fields beside the known ones: names the router reads elsewhere, or made up (kept flat, so a
payload of many objects stays cheap to draw; ``shapeless`` nests)."""


def mostly(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """``strategy``, one time in ten a value of another type."""
    return st.integers(0, 9).flatmap(lambda n: shapeless if n == 0 else strategy)


def shaped(**fields: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """An object with ``fields`` (now and then one missing or of the wrong type), plus junk."""
    whole = st.fixed_dictionaries({n: mostly(s) for n, s in fields.items()} | {"junk": junk})
    dropped = st.lists(st.sampled_from(sorted(fields)), max_size=2) if fields else st.just([])
    return st.tuples(whole, dropped).map(
        lambda drawn: {key: value for key, value in drawn[0].items() if key not in drawn[1]}
    )


def one(*choices: object) -> st.SearchStrategy[object]:
    return st.sampled_from(choices)


login = shaped(login=one("octo", "octo", "octo", ""))
user = shaped(login=one("octo", "octo", "mona[bot]", ""), type=one("User", "User", "Bot"))
command_body = one("!set-version 2.0.0", "/release-regent explain", "!release minor", "hi", "")
names = st.lists(shaped(full_name=one("acme/widget", "x")), max_size=2)
github_shaped = shaped(
    action=one("closed", "created", "edited", "deleted", "opened", "added"),
    number=st.integers(1, 9),
    ref=one("refs/heads/main", "refs/tags/v1", "refs/heads/release-regent/main", ""),
    deleted=st.booleans(),
    zen=one("Keep it logically awesome."),
    hook_id=st.integers(1, 9),
    pull_request=shaped(
        number=st.integers(1, 9),
        merged=st.booleans(),
        title=st.text(),
        body=st.text(),
        base=shaped(ref=one("main", "topic", "")),
        head=shaped(ref=one("release-regent/main", "topic", "")),
        labels=st.lists(shaped(name=st.text()), max_size=2),
    ),
    repository=shaped(
        full_name=one("acme/widget", "acme/widget", "acme/widget", "not-a-name", ""),
        default_branch=one("main", "main", "main", ""),
        master_branch=one("master", ""),
        clone_url=one(CLONE_URL, CLONE_URL, CLONE_URL, ""),
        owner=login,
    ),
    installation=shaped(id=st.integers(1, 9), account=login),
    issue=shaped(number=st.integers(1, 9), pull_request=shaped()),
    comment=shaped(body=command_body, user=user),
    changes=shaped(body=shaped(**{"from": command_body})),
    sender=user,
    repositories=names,
    repositories_added=names,
    repositories_removed=names,
)
"""Payloads shaped like GitHub's, any field missing or of the wrong type."""


def routed(event: str, payload: object) -> Delivery | str:
    """What the router makes of ``payload``: the delivery, or the refusal's message."""
    body = json.dumps(payload).encode("utf-8")
    try:
        return Delivery.restored(event=event, delivery_id=DELIVERY_ID, body=body)
    except (WebhookError, PayloadError) as error:
        return f"{type(error).__name__}: {error}"


@settings(max_examples=400, deadline=None)
@given(event=st.sampled_from(EVENTS), payload=github_shaped | shapeless)
@example("push", {"ref": "refs/heads/main", "repository": OLD_REPOSITORY})
@example("push", {"ref": "refs/heads/main", "deleted": True, "repository": OLD_REPOSITORY})
@example("pull_request", {"action": "closed", "pull_request": MERGED, "repository": REPOSITORY})
@example("issue_comment", COMMENT)
@example("issue_comment", COMMENT | {"issue": {"number": 3, "pull_request": {}}})
@example("installation", {"action": "added", "repositories_removed": [{"full_name": "a/b"}]})
@example("pull_request", RELEASE_PR_EDITED)
@example("issue_comment", COMMENT | {"issue": {"number": 3, "pull_request": {}}} | UNCHANGED_EDIT)
def test_the_reduced_payload_routes_as_the_whole_one(event: str, payload: object) -> None:
    assert routed(event, routed_fields(payload, ROUTED_FIELDS)) == routed(event, payload)


def shared_payloads() -> list[tuple[str, Path]]:
    folder = SHARED_FIXTURES / "webhooks"
    if not folder.is_dir():
        return []
    return [
        (path.parent.name, path)
        for path in sorted(folder.glob("*/*.json"))
        if not path.name.endswith(".headers.json")
    ]


@pytest.mark.parametrize(("event", "path"), shared_payloads(), ids=lambda v: str(v)[-48:])
def test_real_payloads_route_the_same_reduced(event: str, path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(payload, dict):
        pytest.skip(f"{path.name} is not one payload")
    whole = routed(event, payload)
    assert routed(event, routed_fields(payload, ROUTED_FIELDS)) == whole


def test_shared_fixtures_are_present_or_skipped() -> None:
    if not shared_payloads():
        pytest.skip(f"shared fixtures not present at {SHARED_FIXTURES} (fresh clone)")


def merged_pull_request(*, body: str) -> bytes:
    return json.dumps(
        {
            "action": "closed",
            "number": 12,
            "pull_request": {
                "number": 12,
                "merged": True,
                "title": "feat: gears",
                "body": body,
                "labels": [{"name": "area", "description": "d" * 1000, "color": "fff"}] * 200,
                "base": {"ref": "main", "repo": {"description": "x" * 10_000}},
                "merge_commit_sha": "a" * 40,
            },
            "repository": {
                "full_name": "acme/widget",
                "default_branch": "main",
                "clone_url": "https://github.com/acme/widget.git",
                "description": "y" * 10_000,
            },
            "installation": {"id": 7},
            "sender": {"login": "octo", "avatar_url": "https://example.invalid/a.png"},
        }
    ).encode("utf-8")


def test_a_merged_pull_request_of_a_megabyte_is_queued_small() -> None:
    body = merged_pull_request(body="<!-- release-regent {" * 50_000)
    assert len(body) > 1_000_000
    delivery = Delivery.restored(event="pull_request", delivery_id=str(uuid.uuid4()), body=body)

    message = queue_message(delivery, body)

    assert len(message.encode("utf-8")) < 10_000 < SQS_MAX_MESSAGE_BYTES
    assert "release-regent {" not in message  # the PR body is not queued
    assert rebuild_delivery(message) == delivery
    queued = json.loads(json.loads(message)["body"])
    assert queued["pull_request"]["labels"][0] == {"name": "area"}
    assert queued["pull_request"]["merge_commit_sha"] == "a" * 40
