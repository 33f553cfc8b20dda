"""GitHub failures as RegentErrors with actionable messages, and secrets kept out (no network)."""

from __future__ import annotations

import logging

import pytest
import requests
from github.GithubException import BadCredentialsException, GithubException

from regent.adapters.github.errors import (
    CONTENTS_WRITE,
    PULLS_WRITE,
    Action,
    github_message,
    translate,
)
from regent.adapters.github.retry import RetryPolicy, WaitTooLong
from regent.adapters.secrets import MASK, SECRETS, Redactor
from regent.core.errors import (
    GitHubAuthError,
    GitHubError,
    GitHubNotFoundError,
    GitHubPermissionError,
    GitHubRateLimitError,
    GitHubUnavailableError,
    GitHubValidationError,
    RegentError,
    TagConflictError,
)

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
POLICY = RetryPolicy(max_wait=120)
OPEN_PR = Action("open the release pull request", PULLS_WRITE, "branch release-regent/main")
TAG = Action("tag abc as v1.2.0", CONTENTS_WRITE, "commit abc in acme/widget")


def failed(status: int, message: str = "", headers: dict[str, str] | None = None, **more: object):
    return GithubException(status, {"message": message, **more}, headers or {})


def test_bad_credentials_say_the_token_is_invalid_or_expired() -> None:
    error = translate(
        BadCredentialsException(401, {"message": "Bad credentials"}),
        OPEN_PR,
        now=NOW,
        policy=POLICY,
    )
    assert isinstance(error, GitHubAuthError)
    assert "invalid or expired" in error.message
    assert "401: Bad credentials" in error.message
    assert not error.retryable


@pytest.mark.parametrize(
    ("action", "permission"),
    [
        pytest.param(OPEN_PR, "pull-requests: write", id="pulls"),
        pytest.param(TAG, "contents: write", id="contents"),
    ],
)
def test_a_refusal_names_the_missing_permission_and_where_to_grant_it(
    action: Action, permission: str
) -> None:
    error = translate(
        failed(403, "Resource not accessible by integration"), action, now=NOW, policy=POLICY
    )
    assert isinstance(error, GitHubPermissionError)
    assert error.permission == permission
    assert f"`{permission}`" in error.message
    assert "`permissions:` block" in error.message
    assert "App's settings" in error.message
    assert action.doing in error.message


def test_not_found_says_what_was_not_found() -> None:
    error = translate(failed(404, "Not Found"), TAG, now=NOW, policy=POLICY)
    assert isinstance(error, GitHubNotFoundError)
    assert "found no commit abc in acme/widget" in error.message


def test_validation_carries_githubs_message_and_field_errors() -> None:
    errors = [
        {
            "resource": "PullRequest",
            "code": "custom",
            "message": "A pull request already exists for acme:rr.",
        }
    ]
    error = translate(
        failed(422, "Validation Failed", errors=errors), OPEN_PR, now=NOW, policy=POLICY
    )
    assert isinstance(error, GitHubValidationError)
    assert error.message.endswith("Validation Failed (A pull request already exists for acme:rr.)")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"message": "Reference already exists"}, "Reference already exists", id="message"
        ),
        pytest.param(
            {
                "message": "Validation Failed",
                "errors": [{"resource": "Release", "field": "tag_name", "code": "already_exists"}],
            },
            "Validation Failed (Release tag_name already_exists)",
            id="field-error",
        ),
        pytest.param(
            {"message": "Bad", "errors": ["one", "two"]}, "Bad (one; two)", id="string-errors"
        ),
        pytest.param("plain text", "plain text", id="not-json"),
        pytest.param(None, "no explanation given", id="empty"),
    ],
)
def test_github_message(data: object, expected: str) -> None:
    assert github_message(GithubException(422, data, {})) == expected


@pytest.mark.parametrize(
    ("status", "headers", "message", "retry_at"),
    [
        pytest.param(
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 600)},
            "API rate limit exceeded",
            "2023-11-14 22:23:21 UTC",
            id="primary",
        ),
        pytest.param(
            403,
            {"Retry-After": "60"},
            "You have exceeded a secondary rate limit",
            "2023-11-14 22:14:20 UTC",
            id="secondary",
        ),
        pytest.param(
            429, {}, "Too Many Requests", "2023-11-14 22:14:20 UTC", id="429-without-headers"
        ),
    ],
)
def test_a_rate_limit_says_when_to_retry(
    status: int, headers: dict[str, str], message: str, retry_at: str
) -> None:
    error = translate(
        failed(status, message, headers), OPEN_PR, now=NOW, policy=RetryPolicy(secondary_wait=60)
    )
    assert isinstance(error, GitHubRateLimitError)
    assert error.retryable
    assert f"Retry after {retry_at}" in error.message
    assert error.retry_at is not None


def test_waiting_too_long_for_a_rate_limit_names_the_limit_and_the_time() -> None:
    error = translate(
        WaitTooLong(wait=3600, status=403, retry_at=NOW + 3600), OPEN_PR, now=NOW, policy=POLICY
    )
    assert isinstance(error, GitHubRateLimitError)
    assert "allowed up to 120s" in error.message
    assert "Retry after 2023-11-14 23:13:20 UTC" in error.message


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(failed(502, "Bad Gateway"), id="server-error"),
        pytest.param(requests.ConnectionError("Connection aborted."), id="dropped"),
        pytest.param(requests.ReadTimeout("timed out"), id="timeout"),
        pytest.param(WaitTooLong(wait=400, status=503, retry_at=NOW + 400), id="long-retry-after"),
    ],
)
def test_outages_are_unavailable_and_retryable(failure: Exception) -> None:
    error = translate(failure, OPEN_PR, now=NOW, policy=POLICY)
    assert isinstance(error, GitHubUnavailableError)
    assert error.retryable
    assert "open the release pull request" in error.message


def test_other_statuses_are_github_errors() -> None:
    error = translate(failed(409, "Git Repository is empty."), TAG, now=NOW, policy=POLICY)
    assert type(error) is GitHubError
    assert error.status == 409


def test_regent_errors_pass_through() -> None:
    conflict = TagConflictError("v1", wanted="a" * 40, found="b" * 40)
    assert translate(conflict, TAG, now=NOW, policy=POLICY) is conflict
    assert isinstance(conflict, RegentError)
    assert "a" * 40 in conflict.message
    assert "b" * 40 in conflict.message


def test_tokens_never_reach_error_messages() -> None:
    SECRETS.add("sim-secret-token-value")
    leak = "Bad credentials for sim-secret-token-value and ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    error = translate(failed(401, leak), OPEN_PR, now=NOW, policy=POLICY)
    assert "sim-secret-token-value" not in error.message
    assert "ghp_" not in error.message
    assert MASK in error.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("token=known-secret-1234", f"token={MASK}", id="known"),
        pytest.param(
            "ghs_16C7e42F292c6912E7710c838347Ae178B4a", MASK, id="installation-token-shape"
        ),
        pytest.param(
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", MASK, id="fine-grained-pat"
        ),
        pytest.param(
            '{"token": "v1.abc", "expires_at": "x"}',
            f'{{"token": "{MASK}", "expires_at": "x"}}',
            id="json-token",
        ),
        pytest.param("Authorization: Bearer eyJhbGciOi.x.y", f"Authorization: {MASK}", id="header"),
        pytest.param("short ro token", "short ro token", id="short-secrets-not-registered"),
        pytest.param("nothing secret", "nothing secret", id="clean"),
    ],
)
def test_redaction(text: str, expected: str) -> None:
    redactor = Redactor()
    redactor.add("known-secret-1234")
    redactor.add("ro")
    assert redactor.redact(text) == expected


def test_the_redactor_cleans_log_records(caplog: pytest.LogCaptureFixture) -> None:
    redactor = Redactor()
    redactor.add("known-secret-1234")
    logger = logging.getLogger("tests.redaction")
    logger.addFilter(redactor)
    try:
        with caplog.at_level(logging.INFO, logger="tests.redaction"):
            logger.info("sent %s", "known-secret-1234")
    finally:
        logger.removeFilter(redactor)
    assert caplog.messages == [f"sent {MASK}"]
