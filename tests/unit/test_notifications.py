"""The words of failure notifications: issue title and body, comments, Slack text, the event."""

from __future__ import annotations

import pytest

from regent.core.notifications import (
    NotificationPolicy,
    NotifierPlugin,
    ReleaseFailure,
    ReleaseRecovery,
    RunLink,
    event_json,
    failure_comment,
    failure_issue_body,
    failure_issue_title,
    recovery_comment,
    slack_text,
    what_to_do,
    workflow_run_url,
    writes_done,
)

RUN = RunLink(door="action", run_url="https://github.com/acme/widget/actions/runs/42")
DELIVERY = RunLink(door="serve", delivery_id="72d3162e-cc78-11e3-81ab-4c9367dc0958")


def failure(**changes: object) -> ReleaseFailure:
    values: dict[str, object] = {
        "repository": "acme/widget",
        "base_branch": "main",
        "error": "GitHub refused to create tag v1.2.0: the token lacks contents: write",
        "retryable": False,
        "done": ("write the release branch (3 requests)",),
        "link": RUN,
    }
    return ReleaseFailure(**(values | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("policy", "enabled"),
    [
        pytest.param(NotificationPolicy(), False, id="nothing"),
        pytest.param(NotificationPolicy(github_issue=True), True, id="issue"),
        pytest.param(NotificationPolicy(slack_url_env="SLACK"), True, id="slack"),
        pytest.param(NotificationPolicy(webhook_url_env="HOOK"), True, id="webhook"),
        pytest.param(NotificationPolicy(plugins=(NotifierPlugin("pager"),)), True, id="plugin"),
    ],
)
def test_a_policy_is_enabled_when_it_names_a_notifier(
    policy: NotificationPolicy, enabled: bool
) -> None:
    assert policy.enabled is enabled


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ("https://github.com", "https://github.com/acme/widget/actions/runs/42"),
        ("https://ghe.example/", "https://ghe.example/acme/widget/actions/runs/42"),
    ],
)
def test_workflow_run_url(server: str, expected: str) -> None:
    assert workflow_run_url(server, "acme/widget", "42") == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param({}, (), id="none"),
        pytest.param({"release_pulls": 2, "branch_head": 1}, (), id="reads only"),
        pytest.param(
            {"ensure_tag": 1, "write_release_branch": 3, "open_release_pull": 0},
            ("create the release tag (1 request)", "write the release branch (3 requests)"),
            id="writes in the order counted",
        ),
    ],
)
def test_writes_done_names_write_operations_only(
    counts: dict[str, int], expected: tuple[str, ...]
) -> None:
    assert writes_done(counts) == expected


@pytest.mark.parametrize(
    ("branch", "title"),
    [
        ("main", "Release Regent: release failed on main"),
        ("release/1.x", "Release Regent: release failed on release/1.x"),
        ("a\nb", "Release Regent: release failed on a\\nb"),
    ],
)
def test_issue_title_names_the_branch_on_one_line(branch: str, title: str) -> None:
    assert failure_issue_title(branch) == title


def test_issue_body_holds_the_error_what_was_done_what_to_do_and_the_run() -> None:
    body = failure_issue_body(failure())
    assert "`main` in acme/widget" in body
    assert "> GitHub refused to create tag v1.2.0" in body
    assert "- write the release branch (3 requests)" in body
    assert "[the workflow run](https://github.com/acme/widget/actions/runs/42)" in body
    assert "**What to do:** Fix what the error names, then re-run the workflow." in body


def test_a_delivery_is_named_by_its_id_and_nothing_done_is_said() -> None:
    body = failure_comment(failure(link=DELIVERY, done=()))
    assert body.startswith("It failed again.")
    assert "webhook delivery `72d3162e-cc78-11e3-81ab-4c9367dc0958` (serve)" in body
    assert "- none: nothing was written to GitHub" in body
    assert "then redeliver the delivery" in body


def test_user_text_in_an_error_cannot_open_markup_or_mention() -> None:
    body = failure_issue_body(failure(error="bad <!-- x --> @octocat\n# heading"))
    assert "<!--" not in body
    assert "@octocat" not in body
    assert "\n> \\# heading" in body


@pytest.mark.parametrize(
    ("retryable", "start"),
    [(True, "GitHub did not answer"), (False, "Fix what the error names")],
)
def test_what_to_do_depends_on_whether_github_was_failing(retryable: bool, start: str) -> None:
    advice = what_to_do(failure(retryable=retryable))
    assert advice.startswith(start)
    assert "closes this issue when a run on this branch succeeds" in advice


def test_recovery_comment_names_the_branch_and_run() -> None:
    text = recovery_comment(ReleaseRecovery(repository="a/b", base_branch="main", link=RUN))
    assert text.startswith("Release Regent ran on `main` without error")
    assert RUN.run_url is not None
    assert RUN.run_url in text


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        pytest.param(
            failure(error="x < y & z"),
            ":x: Release Regent: release failed on `main` in acme/widget: x &lt; y &amp; z "
            "(<https://github.com/acme/widget/actions/runs/42|workflow run>)",
            id="failure",
        ),
        pytest.param(
            ReleaseRecovery(repository="acme/widget", base_branch="main", link=DELIVERY),
            ":white_check_mark: Release Regent: `main` in acme/widget releases again "
            "(webhook delivery 72d3162e-cc78-11e3-81ab-4c9367dc0958 (serve))",
            id="recovery",
        ),
    ],
)
def test_slack_text(event: ReleaseFailure | ReleaseRecovery, expected: str) -> None:
    assert slack_text(event) == expected


def test_event_json_of_a_failure_and_a_recovery() -> None:
    failed = event_json(failure(retryable=True))
    assert failed["event"] == "release_failed"
    assert failed["schema"] == 1
    assert failed["retryable"] is True
    assert failed["done"] == ["write the release branch (3 requests)"]
    assert failed["run_url"] == RUN.run_url
    recovered = event_json(ReleaseRecovery(repository="a/b", base_branch="main", link=DELIVERY))
    assert recovered == {
        "schema": 1,
        "event": "release_recovered",
        "repository": "a/b",
        "base_branch": "main",
        "door": "serve",
        "run_url": None,
        "delivery_id": DELIVERY.delivery_id,
    }
