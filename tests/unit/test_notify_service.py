"""ReleaseNotices: one issue per branch, commented on, closed by a success; notifiers that fail
are logged and never raise; secrets redacted; retryable errors said so."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from regent.core.errors import GitHubUnavailableError, RegentError
from regent.core.notifications import (
    FAILURE_LABEL,
    NotificationEvent,
    ReleaseFailure,
    ReleaseRecovery,
    RunLink,
)
from regent.core.notifications_ports import TrackedIssue
from regent.services.notify import ReleaseNotices
from regent.services.notify_issues import FailureIssues


@dataclass
class Issue:
    number: int
    title: str
    labels: tuple[str, ...]
    body: str
    comments: list[str] = field(default_factory=list)
    open: bool = True


@dataclass
class Tracker:
    """The IssueTracker port over a list, counting its requests."""

    issues: list[Issue] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    broken: bool = False

    def open_issues(self, *, label: str) -> tuple[TrackedIssue, ...]:
        self._request("list")
        return tuple(
            TrackedIssue(i.number, i.title) for i in self.issues if i.open and label in i.labels
        )

    def open_issue(self, *, title: str, body: str, labels: Sequence[str]) -> TrackedIssue:
        self._request("open")
        issue = Issue(len(self.issues) + 1, title, tuple(labels), body)
        self.issues.append(issue)
        return TrackedIssue(issue.number, title)

    def comment_on_issue(self, number: int, body: str) -> None:
        self._request("comment")
        self.issues[number - 1].comments.append(body)

    def close_issue(self, number: int) -> None:
        self._request("close")
        self.issues[number - 1].open = False

    def _request(self, what: str) -> None:
        if self.broken:
            raise RegentError("GitHub refused: issues: write is missing")
        self.requests.append(what)


@dataclass
class Recorder:
    name: str = "recorder"
    events: list[NotificationEvent] = field(default_factory=list)
    broken: bool = False

    def notify(self, event: NotificationEvent) -> None:
        if self.broken:
            raise OSError("connection refused")
        self.events.append(event)


LINK = RunLink(door="action", run_url="https://github.com/acme/widget/actions/runs/7")


def notices(tracker: Tracker | None, *notifiers: Recorder, writes: dict[str, int] | None = None):
    return ReleaseNotices(
        repository="acme/widget",
        link=LINK,
        issues=FailureIssues(tracker) if tracker is not None else None,
        notifiers=notifiers,
        writes=lambda: writes or {},
        redact=lambda text: text.replace("s3cr3t-token", "***"),
    )


def test_a_failure_opens_one_issue_then_comments_then_a_success_closes_it() -> None:
    tracker = Tracker()
    told = notices(tracker, writes={"write_release_branch": 2})
    told.failed("main", RegentError("the tag v1.0.0 points elsewhere"))
    told.failed("main", RegentError("the tag v1.0.0 points elsewhere"))
    [issue] = tracker.issues
    assert issue.title == "Release Regent: release failed on main"
    assert issue.labels == (FAILURE_LABEL,)
    assert "- write the release branch (2 requests)" in issue.body
    assert len(issue.comments) == 1
    assert issue.comments[0].startswith("It failed again.")
    told.succeeded("main")
    assert not issue.open
    assert issue.comments[-1].startswith("Release Regent ran on `main` without error")
    assert tracker.requests == ["list", "open", "list", "comment", "list", "comment", "close"]


def test_each_branch_has_its_own_issue_and_a_success_elsewhere_leaves_it_open() -> None:
    tracker = Tracker()
    told = notices(tracker)
    told.failed("main", RegentError("a"))
    told.failed("release/1.x", RegentError("b"))
    told.succeeded("release/1.x")
    assert [(i.title, i.open) for i in tracker.issues] == [
        ("Release Regent: release failed on main", True),
        ("Release Regent: release failed on release/1.x", False),
    ]


def test_a_success_with_no_open_issue_costs_one_listing_and_tells_nobody() -> None:
    tracker, slack = Tracker(), Recorder()
    notices(tracker, slack).succeeded("main")
    assert tracker.requests == ["list"]
    assert slack.events == []


def test_other_notifiers_hear_of_failures_and_of_the_recovery_the_issue_tracked() -> None:
    tracker, slack = Tracker(), Recorder()
    told = notices(tracker, slack)
    told.failed("main", GitHubUnavailableError("GitHub answered 502"))
    told.succeeded("main")
    failed, recovered = slack.events
    assert isinstance(failed, ReleaseFailure)
    assert failed.retryable
    assert isinstance(recovered, ReleaseRecovery)


def test_without_the_issue_only_failures_are_told() -> None:
    slack = Recorder()
    told = notices(None, slack)
    told.failed("main", ValueError("boom"))
    told.succeeded("main")
    [event] = slack.events
    assert isinstance(event, ReleaseFailure)
    assert event.error == "unexpected error: ValueError: boom"
    assert not event.retryable


def test_failing_notifiers_are_logged_and_the_others_still_told(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken_issue, broken, working = Tracker(broken=True), Recorder("slack", broken=True), Recorder()
    with caplog.at_level(logging.ERROR, logger="regent.services.notify"):
        notices(broken_issue, broken, working).failed("main", RegentError("the real error"))
    assert len(working.events) == 1
    assert [r.getMessage() for r in caplog.records] == [
        "the github_issue notifier failed for acme/widget: GitHub refused: issues: write is "
        "missing",
        "the slack notifier failed for acme/widget: unexpected error: OSError: connection refused",
    ]


def test_secrets_in_the_error_are_redacted_before_anyone_is_told() -> None:
    tracker, slack = Tracker(), Recorder()
    notices(tracker, slack).failed("main", RegentError("git said: token s3cr3t-token refused"))
    assert "s3cr3t-token" not in tracker.issues[0].body
    [event] = slack.events
    assert isinstance(event, ReleaseFailure)
    assert event.error == "git said: token *** refused"
