"""How long to wait before retrying GitHub, and which requests urllib3 may retry (no network)."""

from __future__ import annotations

import pytest
from github.GithubException import GithubException
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.response import HTTPResponse

from regent.adapters.github.meter import APP_AUTH, CallMeter
from regent.adapters.github.retry import (
    CountedRetry,
    RetryHooks,
    RetryPolicy,
    WaitTooLong,
    backoff_delay,
    planned_delay,
    requested_wait,
)

NOW = 1_700_000_000.0
POLICY = RetryPolicy(backoff_base=1.0, backoff_max=30.0, jitter=0.5, secondary_wait=60.0)


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        pytest.param(403, {"Retry-After": "7"}, 7.0, id="retry-after-seconds"),
        pytest.param(429, {"retry-after": " 2 "}, 2.0, id="retry-after-any-case"),
        pytest.param(
            403, {"Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"}, 20.0, id="retry-after-date"
        ),
        pytest.param(403, {"Retry-After": "Mon, 01 Jan 2001 00:00:00 GMT"}, 0.0, id="date-passed"),
        pytest.param(
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 30)},
            31.0,
            id="primary-waits-for-reset-plus-one",
        ),
        pytest.param(
            429,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) - 5)},
            1.0,
            id="primary-reset-passed",
        ),
        pytest.param(
            403,
            {"Retry-After": "3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "9999999999"},
            3.0,
            id="retry-after-wins",
        ),
        pytest.param(403, {"X-RateLimit-Remaining": "12"}, 60.0, id="secondary-without-header"),
        pytest.param(503, {"Retry-After": "4"}, 4.0, id="unavailable-with-retry-after"),
        pytest.param(502, {}, None, id="server-error-asks-nothing"),
        pytest.param(None, {}, None, id="dropped-connection"),
        pytest.param(429, {"Retry-After": "soon"}, 60.0, id="unreadable-retry-after"),
    ],
)
def test_requested_wait(status: int | None, headers: dict[str, str], expected: float) -> None:
    assert requested_wait(status, headers, now=NOW, policy=POLICY) == expected


@pytest.mark.parametrize(
    ("retry_number", "rand", "expected"),
    [
        pytest.param(1, 0.0, 1.0, id="first"),
        pytest.param(2, 0.0, 2.0, id="doubles"),
        pytest.param(4, 0.0, 8.0, id="doubles-again"),
        pytest.param(10, 0.0, 30.0, id="capped"),
        pytest.param(3, 1.0, 2.0, id="full-jitter-halves"),
        pytest.param(3, 0.5, 3.0, id="some-jitter"),
        pytest.param(0, 0.0, 1.0, id="never-below-base"),
    ],
)
def test_backoff_delay(retry_number: int, rand: float, expected: float) -> None:
    assert backoff_delay(retry_number, policy=POLICY, rand=rand) == expected


def test_planned_delay_prefers_what_github_asked_for() -> None:
    asked = planned_delay(429, {"Retry-After": "9"}, retry_number=3, now=NOW, policy=POLICY, rand=0)
    backoff = planned_delay(502, {}, retry_number=3, now=NOW, policy=POLICY, rand=0)
    assert (asked, backoff) == (9.0, 4.0)


def counted_retry(*, max_wait: float = 10.0, attempts: int = 3) -> tuple[CountedRetry, CallMeter]:
    meter = CallMeter()
    hooks = RetryHooks(meter, clock=lambda: NOW, sleep=lambda _: None, rand=lambda: 0.0)
    policy = RetryPolicy(attempts=attempts, backoff_base=0.5, max_wait=max_wait, secondary_wait=1)
    return CountedRetry(policy=policy, hooks=hooks), meter


def response(
    status: int, headers: dict[str, str] | None = None, body: bytes = b"{}"
) -> HTTPResponse:
    return HTTPResponse(body=body, headers=headers or {}, status=status, preload_content=False)


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        pytest.param("GET", 502, True, id="get-server-error"),
        pytest.param("PATCH", 503, True, id="patch-server-error"),
        pytest.param("PUT", 500, True, id="put-server-error"),
        pytest.param("DELETE", 504, True, id="delete-server-error"),
        pytest.param("POST", 502, False, id="post-server-error-is-rechecked-instead"),
        pytest.param("POST", 403, True, id="post-rate-limit-403"),
        pytest.param("POST", 429, True, id="post-rate-limit-429"),
        pytest.param("GET", 429, True, id="get-rate-limit"),
        pytest.param("GET", 404, False, id="not-found"),
        pytest.param("GET", 422, False, id="validation"),
    ],
)
def test_which_answers_urllib3_retries(method: str, status: int, retried: bool) -> None:
    retry, _ = counted_retry()
    assert retry.is_retry(method, status) is retried


def test_each_retry_is_counted_for_the_running_operation_and_planned() -> None:
    retry, meter = counted_retry()
    with meter.operation("branch_head"):
        second = retry.increment("GET", "/repos/a/b/git/ref/heads/main", response(502))
        third = second.increment("GET", "/repos/a/b/git/ref/heads/main", response(503))
    assert meter.counts()["branch_head"] == 2
    assert (second.delay, third.delay) == (0.5, 1.0)


def test_app_token_retries_are_counted_as_app_auth() -> None:
    retry, meter = counted_retry()
    with meter.operation("read_file"):
        retry.increment("POST", "/app/installations/4/access_tokens", response(429))
    assert meter.counts()[APP_AUTH] == 1


def test_a_wait_beyond_the_operation_budget_stops_retrying() -> None:
    retry, meter = counted_retry(max_wait=5)
    with meter.operation("ensure_release"), pytest.raises(WaitTooLong) as stopped:
        retry.increment("POST", "/repos/a/b/releases", response(429, {"Retry-After": "30"}))
    assert (stopped.value.wait, stopped.value.status, stopped.value.retry_at) == (30, 429, NOW + 30)
    assert meter.counts().total == 0


def test_waits_add_up_within_one_operation() -> None:
    retry, meter = counted_retry(max_wait=5, attempts=5)
    with meter.operation("comment"):
        again = retry.increment("GET", "/x", response(429, {"Retry-After": "3"}))
        with pytest.raises(WaitTooLong):
            again.increment("GET", "/x", response(429, {"Retry-After": "3"}))
    with meter.operation("comment"):
        retry.increment("GET", "/x", response(429, {"Retry-After": "3"}))


def test_a_post_whose_answer_was_lost_is_not_retried_by_urllib3() -> None:
    retry, _ = counted_retry()
    with pytest.raises(ProtocolError):
        retry.increment("POST", "/repos/a/b/pulls", error=ProtocolError("Connection aborted."))
    with pytest.raises(ReadTimeoutError):
        retry.increment("POST", "/repos/a/b/pulls", error=ReadTimeoutError(None, "/", "slow"))


def test_a_get_whose_answer_was_lost_is_retried() -> None:
    retry, meter = counted_retry()
    again = retry.increment("GET", "/repos/a/b/pulls", error=ProtocolError("Connection aborted."))
    assert again.delay == 0.5
    assert meter.counts().total == 1


def test_a_permission_403_is_not_retried() -> None:
    retry, _ = counted_retry()
    body = b'{"message": "Resource not accessible by integration"}'
    with pytest.raises(GithubException) as refused:
        retry.increment("POST", "/repos/a/b/pulls", response(403, body=body))
    assert refused.value.status == 403


def test_new_retries_keep_the_policy_and_hooks() -> None:
    retry, _ = counted_retry()
    again = retry.new()
    assert (again.policy, again.hooks, again.total) == (retry.policy, retry.hooks, retry.total)
