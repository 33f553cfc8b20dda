"""Retries: how long to wait (pure), and PyGithub's GithubRetry taught our budget and counting.

Idempotent requests (GET, PUT, PATCH, DELETE) are retried inside urllib3 on 5xx, dropped
connections and timeouts. Any request rejected by a rate limit (403/429) is retried, POST
included, since GitHub did not act on it. A POST that fails otherwise is not retried here: it
may have taken effect, so the caller re-checks first (see github_writes).
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from github.GithubRetry import GithubRetry
from urllib3.connectionpool import ConnectionPool
from urllib3.response import BaseHTTPResponse, HTTPResponse

from regent.adapters.github.meter import APP_AUTH, CallMeter

log = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"})
RATE_LIMIT_STATUSES = frozenset({403, 429})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts per request, backoff, and the wait one operation may spend."""

    attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    jitter: float = 0.5
    max_wait: float = 180.0
    secondary_wait: float = 60.0
    timeout: int = 15


class WaitTooLong(Exception):
    """GitHub asked for (or the backoff needs) more waiting than the operation has left."""

    def __init__(self, *, wait: float, status: int | None, retry_at: float) -> None:
        super().__init__(f"waiting {wait:.0f}s exceeds the allowed wait")
        self.wait = wait
        self.status = status
        self.retry_at = retry_at


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, whatever the case of its name."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def requested_wait(
    status: int | None, headers: Mapping[str, str], *, now: float, policy: RetryPolicy
) -> float | None:
    """Seconds GitHub asks us to wait before retrying, or None when it did not ask.

    ``Retry-After`` wins; an exhausted primary limit waits for ``X-RateLimit-Reset`` (plus one
    second, as the reset falls somewhere in that second); a secondary limit without
    ``Retry-After`` waits ``policy.secondary_wait``, as GitHub advises.
    """
    retry_after = _retry_after_seconds(header(headers, "Retry-After"), now=now)
    if retry_after is not None:
        return retry_after
    if status not in RATE_LIMIT_STATUSES:
        return None
    reset = header(headers, "X-RateLimit-Reset")
    if header(headers, "X-RateLimit-Remaining") == "0" and reset and reset.isdigit():
        return max(0.0, int(reset) - now) + 1.0
    return policy.secondary_wait


def backoff_delay(retry_number: int, *, policy: RetryPolicy, rand: float) -> float:
    """Exponential backoff before retry ``retry_number`` (1, 2, ...), less up to ``jitter``."""
    delay = min(policy.backoff_max, policy.backoff_base * 2.0 ** max(0, retry_number - 1))
    return delay * (1.0 - policy.jitter * rand)


def planned_delay(
    status: int | None,
    headers: Mapping[str, str],
    *,
    retry_number: int,
    now: float,
    policy: RetryPolicy,
    rand: float,
) -> float:
    """The pause before the next attempt: what GitHub asked for, else the backoff."""
    asked = requested_wait(status, headers, now=now, policy=policy)
    if asked is not None:
        return asked
    return backoff_delay(retry_number, policy=policy, rand=rand)


def _retry_after_seconds(value: str | None, *, now: float) -> float | None:
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _no_guard(status: int | None, headers: Mapping[str, str]) -> None:
    """Every retry may go."""


@dataclass(frozen=True, slots=True)
class RetryHooks:
    """What retries touch outside themselves: the meter, the clock, sleeping and chance, and
    the guard told of each failed attempt before its retry (raising stops it: the breaker)."""

    meter: CallMeter
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    guard: Callable[[int | None, Mapping[str, str]], None] = _no_guard

    def book(self, delay: float, *, status: int | None, policy: RetryPolicy) -> None:
        """Book ``delay`` on the operation's wait; WaitTooLong when not enough is left."""
        if not self.meter.try_wait(delay, limit=policy.max_wait):
            raise WaitTooLong(wait=delay, status=status, retry_at=self.clock() + delay)

    def pause(self, delay: float, *, status: int | None, policy: RetryPolicy) -> None:
        """Book ``delay``, then sleep it."""
        self.book(delay, status=status, policy=policy)
        if delay > 0:
            self.sleep(delay)


class CountedRetry(GithubRetry):
    """GithubRetry that counts every retried attempt and keeps within the operation's wait."""

    def __init__(
        self, *, policy: RetryPolicy, hooks: RetryHooks, delay: float = 0.0, **kwargs: Any
    ) -> None:
        self.policy = policy
        self.hooks = hooks
        self.delay = delay
        kwargs.setdefault("total", policy.attempts - 1)
        kwargs.setdefault("other", 0)
        kwargs.setdefault("allowed_methods", IDEMPOTENT_METHODS)
        kwargs.setdefault("status_forcelist", [429, *range(500, 600)])
        kwargs.setdefault("raise_on_status", False)
        kwargs.setdefault("secondary_rate_wait", policy.secondary_wait)
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> Self:
        kw.update(policy=self.policy, hooks=self.hooks)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() == "POST" and status_code in RATE_LIMIT_STATUSES:
            return bool(self.total)
        return super().is_retry(method, status_code, has_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: HTTPResponse | None = None,  # type: ignore[override]
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> CountedRetry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        assert isinstance(retry, CountedRetry)
        status = response.status if response is not None else None
        headers = dict(response.headers) if response is not None else {}
        hooks = self.hooks
        hooks.guard(status, headers)
        delay = planned_delay(
            status,
            headers,
            retry_number=len(retry.history),
            now=hooks.clock(),
            policy=self.policy,
            rand=hooks.rand(),
        )
        hooks.book(delay, status=status, policy=self.policy)
        log.info(
            "GitHub %s on %s %s; retrying in %.1fs",
            status if status is not None else type(error).__name__,
            method,
            _path(url),
            delay,
        )
        hooks.meter.record(APP_AUTH if _is_app_url(url) else None)
        retry.delay = delay
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if self.delay > 0:
            self.hooks.sleep(self.delay)


def _path(url: str | None) -> str:
    return (url or "").split("?", 1)[0]


def _is_app_url(url: str | None) -> bool:
    path = _path(url)
    return path.startswith("/app/") or path.endswith("/installation")
