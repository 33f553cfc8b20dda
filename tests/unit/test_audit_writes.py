"""What each write to GitHub is recorded as (object, action, after), and what the trail
remembers for ``before``: exchanges as the connection reports them, without a network."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regent.adapters.audit_log import AuditLog
from regent.adapters.github.audit import AuditTrail
from regent.adapters.github.audit_writes import describe
from regent.adapters.github.exchanges import CallScope, Exchange
from regent.adapters.github.routes import route_template
from regent.core.model import RepoRef
from regent.core.run_context import RunContext, running

API = "/repos/acme/widget"
SCOPE = CallScope(RepoRef("acme", "widget"), "an_operation")


def exchange(
    method: str, path: str, *, sent: Any = None, answer: Any = None, status: int = 200
) -> Exchange:
    return Exchange(
        method=method,
        path=path,
        route=route_template(path),
        status=status,
        seconds=0.01,
        attempts=1,
        scope=SCOPE,
        sent=None if sent is None else json.dumps(sent),
        answer=None if answer is None else json.dumps(answer),
    )


CASES = [
    (
        "label-add",
        exchange("POST", f"{API}/issues/12/labels", sent={"labels": ["x"]}, answer=[{"name": "x"}]),
        ("labels", "#12", "add", {"labels": ["x"]}),
    ),
    (
        "label-remove",
        exchange("DELETE", f"{API}/issues/12/labels/release-regent%3A%20pending"),
        ("labels", "#12", "remove", {"removed": "release-regent: pending"}),
    ),
    (
        "label-create",
        exchange("POST", f"{API}/labels", sent={"name": "x", "color": "ededed"}),
        ("label", "x", "create", {"name": "x", "color": "ededed"}),
    ),
    (
        "asset-upload",
        exchange(
            "POST",
            f"{API}/releases/5/assets?name=a.whl",
            answer={"id": 9, "name": "a.whl", "size": 3},
        ),
        ("asset", "9", "create", {"name": "a.whl", "size": 3, "release": "5"}),
    ),
    (
        "asset-delete",
        exchange("DELETE", f"{API}/releases/assets/9"),
        ("asset", "9", "delete", None),
    ),
    (
        "release-published",
        exchange(
            "PATCH",
            f"{API}/releases/7",
            sent={"draft": False},
            answer={"id": 7, "tag_name": "v1.0.0", "name": "v1.0.0", "draft": False},
        ),
        ("release", "7", "update", {"tag_name": "v1.0.0", "name": "v1.0.0", "draft": False}),
    ),
    (
        "tag-object",
        exchange(
            "POST",
            f"{API}/git/tags",
            sent={"tag": "v1", "object": "abc", "message": "m", "type": "commit"},
            answer={"sha": "def"},
        ),
        ("tag_object", "def", "create", {"sha": "def", "tag": "v1", "object": "abc"}),
    ),
    (
        "issue-opened",
        exchange(
            "POST",
            f"{API}/issues",
            sent={"title": "t", "body": "b"},
            answer={"number": 3, "title": "t", "state": "open"},
        ),
        (
            "issue",
            "3",
            "create",
            {
                "title": "t",
                "state": "open",
                "body": {
                    "sha256": "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d",
                    "length": 1,
                },
            },
        ),
    ),
    (
        "issue-closed",
        exchange(
            "PATCH",
            f"{API}/issues/3",
            sent={"state": "closed"},
            answer={"number": 3, "title": "t", "state": "closed"},
        ),
        ("issue", "3", "update", {"title": "t", "state": "closed"}),
    ),
    (
        "reaction",
        exchange("POST", f"{API}/issues/comments/44/reactions", sent={"content": "+1"}),
        ("reaction", "comment 44", "create", {"content": "+1"}),
    ),
    (
        "file-written",
        exchange("PUT", f"{API}/contents/docs/a.md", sent={"branch": "main", "content": "eA=="}),
        (
            "file",
            "docs/a.md",
            "update",
            {
                "branch": "main",
                "content": {
                    "sha256": hashlib.sha256(b"eA==").hexdigest(),
                    "length": 4,
                },
            },
        ),
    ),
    (
        "auto-merge",
        exchange(
            "POST",
            "/graphql",
            sent={
                "query": "mutation Mutation($input: X!) "
                "{ enablePullRequestAutoMerge(input: $input) { pullRequest { number } } }",
                "variables": {"input": {"pullRequestId": "PR_1", "mergeMethod": "SQUASH"}},
            },
            answer={"data": {"enablePullRequestAutoMerge": {"pullRequest": {"number": 12}}}},
        ),
        (
            "pull_request",
            "12",
            "enablePullRequestAutoMerge",
            {"input": {"pullRequestId": "PR_1", "mergeMethod": "SQUASH"}},
        ),
    ),
]


@pytest.mark.parametrize(("write", "described"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_what_a_write_is_recorded_as(write: Exchange, described: tuple[Any, ...]) -> None:
    kind, name, action, after = describe(
        write, json.loads(write.sent or "null"), json.loads(write.answer or "null")
    )
    assert (kind, name, action, after) == described


def trail(tmp_path: Path) -> tuple[AuditTrail, Path]:
    path = tmp_path / "audit.jsonl"
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return AuditTrail(AuditLog(path), clock=lambda: moment), path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="ascii").splitlines()]


def test_before_is_what_this_run_last_read(tmp_path: Path) -> None:
    audit, path = trail(tmp_path)
    pull = {"number": 12, "title": "old", "state": "open", "head": {"ref": "rr/main", "sha": "a"}}
    edited = {**pull, "title": "new"}
    run = RunContext(door="serve", delivery_id="d-1", sender="alice", installation_id=7)
    with running(run):
        audit.heard(exchange("GET", f"{API}/pulls/12", answer=pull))
        audit.heard(exchange("PATCH", f"{API}/pulls/12", sent={"title": "new"}, answer=edited))
        audit.heard(exchange("PATCH", f"{API}/pulls/12", sent={"state": "closed"}, answer=edited))
    with running(RunContext(door="serve", delivery_id="d-2")):
        audit.heard(exchange("PATCH", f"{API}/pulls/12", sent={"title": "x"}, answer=edited))
    first, second, other_run = lines(path)
    assert first["before"]["title"] == "old"
    assert first["after"]["title"] == "new"
    assert second["before"]["title"] == "new"
    assert other_run["before"] is None
    assert first["time"] == "2026-01-02T03:04:05.000Z"
    assert (first["actor"], first["installation_id"], first["correlation_id"]) == (
        "alice",
        7,
        "d-1",
    )
    assert first["repository"] == "acme/widget"
    assert first["operation"] == "an_operation"


def test_reads_and_read_only_posts_leave_no_record(tmp_path: Path) -> None:
    audit, path = trail(tmp_path)
    audit.heard(exchange("GET", f"{API}/pulls"))
    audit.heard(exchange("POST", f"{API}/releases/generate-notes", sent={"tag_name": "v1"}))
    audit.heard(exchange("POST", "/graphql", sent={"query": "query { viewer { login } }"}))
    assert not path.exists() or path.read_text() == ""


def test_a_write_without_an_answer_is_recorded_as_such(tmp_path: Path) -> None:
    audit, path = trail(tmp_path)
    lost = Exchange(
        method="DELETE",
        path=f"{API}/git/refs/heads/rr/main",
        route=route_template(f"{API}/git/refs/heads/rr/main"),
        status=None,
        seconds=15.0,
        attempts=1,
        scope=None,
        error="ReadTimeout",
    )
    audit.heard(lost)
    (record,) = lines(path)
    assert record["outcome"] == "no_answer"
    assert record["object"] == {"kind": "branch", "id": "rr/main"}
    assert record["request"]["status"] is None
