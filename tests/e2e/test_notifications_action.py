"""Failure notifications through the Action: a run that fails opens one issue (and tells Slack
and a signed webhook), a second failure comments on it, the next success closes it; a notifier
that fails never hides the run's own error."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.lifecycle_harness import Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.notification_receiver import Receiver, notification_receiver

pytestmark = pytest.mark.e2e

ISSUES = "/repos/acme/widget/issues"
LABELLED = f"{ISSUES}?state=all&labels=release-regent%3A%20failure"
PR_READ_ONLY = "pr-read-only"
HOOK_KEY = "notification-signing-key"
CONFIG = """\
notifications:
  github_issue: true
  slack: {webhook_url_env: RELEASE_SLACK_URL}
  webhook: {url_env: RELEASE_HOOK_URL, secret_env: RELEASE_HOOK_KEY}
"""
RUN_ID = "4242"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with notification_receiver() as running:
        yield running


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Runner]:
    """A runner on ``acme/widget`` with one feature merged since v1.0.0, notifying, and a
    token that may not open the release pull request."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        (life.checkout / ".release-regent.yml").write_text(CONFIG, encoding="utf-8")
        permissions = {
            "contents": "write",
            "pull_requests": "read",
            "issues": "write",
            "metadata": "read",
        }
        reply = life.client.post(
            "/_sim/tokens", {"token": PR_READ_ONLY, "permissions": permissions}
        )
        assert reply.status == 201, reply.body
        yield Runner(life, tmp_path / "runs")


def _env(receiver: Receiver, **more: str) -> dict[str, str]:
    return {
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": RUN_ID,
        "RELEASE_SLACK_URL": f"{receiver.url}/slack/T0/B0/secret",
        "RELEASE_HOOK_URL": f"{receiver.url}/hook",
        "RELEASE_HOOK_KEY": HOOK_KEY,
    } | more


def _issues(runner: Runner) -> list[dict[str, Any]]:
    return list(runner.lifecycle.client.get(LABELLED).body)


def _comments(runner: Runner, number: int) -> list[str]:
    reply = runner.lifecycle.client.get(f"{ISSUES}/{number}/comments")
    return [comment["body"] for comment in reply.body]


def _issue_requests(runner: Runner) -> list[tuple[str, str]]:
    return [
        (r["method"], r["path"])
        for r in runner.lifecycle.requests()
        if r["path"].startswith(ISSUES) and "/labels" not in r["path"]
    ]


def test_a_failure_opens_one_issue_a_second_comments_and_a_success_closes_it(
    started: Runner, receiver: Receiver
) -> None:
    payload = push_payload(started.lifecycle)
    failed = started.run("push", payload, env=_env(receiver, INPUT_TOKEN=PR_READ_ONLY))
    assert failed.code == 1, failed.stdout
    assert "the token needs `pull-requests: write`" in failed.last_line
    [issue] = _issues(started)
    assert issue["title"] == "Release Regent: release failed on main"
    assert issue["state"] == "open"
    assert "the token needs `pull-requests: write`" in issue["body"]
    assert "https://github.example/acme/widget/actions/runs/4242" in issue["body"]
    assert "- write the release branch (" in issue["body"]
    assert "- open the release pull request (1 request)" in issue["body"]
    slack, hook = receiver.posted
    assert slack.path == "/slack/T0/B0/secret"
    assert json.loads(slack.body)["text"].startswith(":x: Release Regent: release failed on `main`")
    expected = hmac.new(HOOK_KEY.encode(), hook.body, hashlib.sha256).hexdigest()
    assert hook.headers["X-Regent-Signature-256"] == f"sha256={expected}"
    event = json.loads(hook.body)
    assert (event["event"], event["repository"], event["door"]) == (
        "release_failed",
        "acme/widget",
        "action",
    )

    again = started.run("push", payload, env=_env(receiver, INPUT_TOKEN=PR_READ_ONLY))
    assert again.code == 1
    [same] = _issues(started)
    assert same["number"] == issue["number"]
    [comment] = _comments(started, issue["number"])
    assert comment.startswith("It failed again.")

    started.lifecycle.forget_requests()
    fixed = started.run("push", payload, env=_env(receiver))
    assert (fixed.code, fixed.outputs["prs_created"]) == (0, "true"), fixed.stdout
    number = issue["number"]
    assert _issue_requests(started) == [
        ("GET", ISSUES),
        ("POST", f"{ISSUES}/{number}/comments"),
        ("PATCH", f"{ISSUES}/{number}"),
    ]
    [closed] = _issues(started)
    assert closed["state"] == "closed"
    assert _comments(started, issue["number"])[-1].startswith("Release Regent ran on `main`")
    recovered = json.loads(receiver.posted[-1].body)
    assert recovered["event"] == "release_recovered"
    assert len(receiver.posted) == 6


def test_a_success_with_nothing_failing_costs_one_listing(
    started: Runner, receiver: Receiver
) -> None:
    started.lifecycle.forget_requests()
    run = started.run("push", push_payload(started.lifecycle), env=_env(receiver))
    assert run.code == 0, run.stdout
    assert _issue_requests(started) == [("GET", ISSUES)]
    assert receiver.posted == []


def test_notifiers_that_fail_are_logged_and_the_run_keeps_its_own_error(
    started: Runner, receiver: Receiver
) -> None:
    receiver.status = 500
    env = _env(receiver, INPUT_TOKEN=PR_READ_ONLY, RELEASE_HOOK_KEY="")
    client = started.lifecycle.client
    no_issues = {"contents": "write", "pull_requests": "read", "metadata": "read"}
    assert (
        client.post("/_sim/tokens", {"token": "no-issues", "permissions": no_issues}).status == 201
    )
    run = started.run(
        "push", push_payload(started.lifecycle), env=env | {"INPUT_TOKEN": "no-issues"}
    )
    assert run.code == 1
    assert run.last_line.startswith("::error::")
    assert "the token needs `pull-requests: write`" in run.last_line
    assert "the github_issue notifier failed for acme/widget" in run.stdout
    slack_failed = "the slack notifier failed for acme/widget: the Slack incoming webhook at"
    assert f"{slack_failed} 127.0.0.1 answered 500" in run.stdout
    assert "the webhook notifier failed for acme/widget: RELEASE_HOOK_KEY is not set" in run.stdout
    assert "/slack/T0/B0/secret" not in run.stdout
    assert _issues(started) == []
