"""Failure notifications: who is told that a release failed or recovered, and in which words.

A run that fails tells each configured notifier a ``ReleaseFailure``; the next run of that base
branch that succeeds tells them a ``ReleaseRecovery``. The texts are built here, once, from
those values; the notifiers (a GitHub issue, Slack, a signed webhook, a plugin) only carry them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from regent.core.markdown import markdown_line, markdown_text, printable_line

FAILURE_LABEL = "release-regent: failure"
"""The label on the one open issue per repository and base branch that tracks a failure."""
SCHEMA_VERSION = 1
"""The version of the webhook event's JSON (docs/operations.md#notifications)."""
WRITE_WORDS: Mapping[str, str] = {
    "write_release_branch": "write the release branch",
    "open_release_pull": "open the release pull request",
    "update_release_pull": "update the release pull request",
    "close_release_pull": "close a release pull request",
    "set_labels": "set labels on a pull request",
    "add_labels": "add labels to a pull request",
    "remove_label": "remove a label from a pull request",
    "ensure_tag": "create the release tag",
    "ensure_release": "create the GitHub Release",
    "publish_draft": "publish the draft release",
    "upload_asset": "upload release assets",
    "delete_asset": "delete a release asset",
    "delete_branch": "delete the release branch",
    "comment": "comment on a pull request",
    "reply": "reply to a comment",
    "enable_auto_merge": "enable auto-merge on the release pull request",
}
"""The port operations that write to GitHub, in the words a maintainer reads."""


@dataclass(frozen=True, slots=True)
class NotifierPlugin:
    """A notifier a plugin provides (``notifications.plugins``): its entry point name and the
    options written beside it."""

    name: str
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NotificationPolicy:
    """Who hears of a failed release (``notifications:``); secrets are named, never held."""

    github_issue: bool = False
    slack_url_env: str | None = None
    """The variable (or secret store key) holding the Slack incoming-webhook URL."""
    webhook_url_env: str | None = None
    webhook_secret_env: str | None = None
    """The variable holding the key the webhook event is signed with (HMAC-SHA256)."""
    plugins: tuple[NotifierPlugin, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.github_issue or self.slack_url_env or self.webhook_url_env or self.plugins)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLink:
    """Where the run can be looked at: the workflow run's page, or the webhook delivery's id."""

    door: str
    run_url: str | None = None
    delivery_id: str | None = None

    def words(self) -> str:
        if self.run_url:
            return f"workflow run {self.run_url}"
        if self.delivery_id:
            return f"webhook delivery {self.delivery_id} ({self.door})"
        return f"a {self.door} run"

    def markdown(self) -> str:
        if self.run_url:
            return f"[the workflow run]({self.run_url})"
        if self.delivery_id:
            return f"webhook delivery `{self.delivery_id}` ({self.door})"
        return f"a {self.door} run"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseFailure:
    """A run for ``base_branch`` that failed: the error, what it had already written to GitHub
    and whether GitHub itself was failing (``retryable``)."""

    repository: str
    base_branch: str
    error: str
    retryable: bool
    done: tuple[str, ...]
    link: RunLink

    @property
    def kind(self) -> str:
        return "release_failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseRecovery:
    """A run for ``base_branch`` that succeeded after a failure was reported."""

    repository: str
    base_branch: str
    link: RunLink

    @property
    def kind(self) -> str:
        return "release_recovered"


NotificationEvent = ReleaseFailure | ReleaseRecovery


def workflow_run_url(server_url: str, repository: str, run_id: str) -> str:
    """The page of an Action run: ``GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/ID``."""
    return f"{server_url.rstrip('/')}/{repository}/actions/runs/{run_id}"


def writes_done(counts: Mapping[str, int]) -> tuple[str, ...]:
    """The writes a run attempted (requests counted per port operation), in words."""
    return tuple(
        f"{WRITE_WORDS[name]} ({n} request{'s' if n != 1 else ''})"
        for name, n in counts.items()
        if n and name in WRITE_WORDS
    )


def failure_issue_title(base_branch: str) -> str:
    return f"Release Regent: release failed on {printable_line(base_branch)}"


def what_to_do(failure: ReleaseFailure) -> str:
    """The next step, for a failure GitHub caused (retried) or one a maintainer must fix."""
    if failure.retryable:
        first = (
            "GitHub did not answer or refused for now (an outage or a rate limit); the next "
            "run tries again, or re-run this one when GitHub is back."
        )
    elif failure.link.run_url:
        first = "Fix what the error names, then re-run the workflow."
    else:
        first = (
            "Fix what the error names, then redeliver the delivery (the App's settings, "
            "Advanced) or push again."
        )
    return (
        f"{first} Release Regent picks up where this run stopped (each step is checked before "
        "it is made), and closes this issue when a run on this branch succeeds."
    )


def failure_issue_body(failure: ReleaseFailure) -> str:
    """The issue opened for the first failure on a branch."""
    return "\n".join(
        [
            f"Release Regent could not release `{markdown_line(failure.base_branch)}` in "
            f"{failure.repository}.",
            "",
            _failure_details(failure),
        ]
    )


def failure_comment(failure: ReleaseFailure) -> str:
    """The comment a later failure adds to the open issue."""
    return f"It failed again.\n\n{_failure_details(failure)}"


def _failure_details(failure: ReleaseFailure) -> str:
    done = (
        "\n".join(f"- {step}" for step in failure.done)
        if failure.done
        else "- none: nothing was written to GitHub"
    )
    return "\n".join(
        [
            f"**Error** ({failure.link.markdown()}):",
            "",
            _quoted(failure.error),
            "",
            "**Writes this run attempted** (the last may be the one that failed):",
            "",
            done,
            "",
            f"**What to do:** {what_to_do(failure)}",
        ]
    )


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" for line in markdown_text(text).split("\n"))


def recovery_comment(recovery: ReleaseRecovery) -> str:
    """The comment closing the issue once a run succeeds."""
    return (
        f"Release Regent ran on `{markdown_line(recovery.base_branch)}` without error "
        f"({recovery.link.markdown()}); closing."
    )


def slack_text(event: NotificationEvent) -> str:
    """A short message (Slack's mrkdwn: ``&``, ``<`` and ``>`` escaped)."""
    branch = _slack(printable_line(event.base_branch))
    where = _slack(event.repository)
    if isinstance(event, ReleaseFailure):
        error = _slack(printable_line(event.error))
        return (
            f":x: Release Regent: release failed on `{branch}` in {where}: {error} "
            f"({_slack_link(event.link)})"
        )
    return (
        f":white_check_mark: Release Regent: `{branch}` in {where} releases again "
        f"({_slack_link(event.link)})"
    )


def _slack(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(link: RunLink) -> str:
    return f"<{link.run_url}|workflow run>" if link.run_url else _slack(link.words())


def event_json(event: NotificationEvent) -> dict[str, object]:
    """The JSON object a webhook receives (schema ``SCHEMA_VERSION``)."""
    body: dict[str, object] = {
        "schema": SCHEMA_VERSION,
        "event": event.kind,
        "repository": event.repository,
        "base_branch": event.base_branch,
        "door": event.link.door,
        "run_url": event.link.run_url,
        "delivery_id": event.link.delivery_id,
    }
    if isinstance(event, ReleaseFailure):
        body |= {
            "error": event.error,
            "retryable": event.retryable,
            "done": list(event.done),
            "what_to_do": what_to_do(event),
        }
    return body
