"""Failing fast when GitHub is failing: a circuit breaker per App installation (or per token).

After ``failures`` consecutive failed requests (a 5xx, no answer, a secondary rate limit) a
breaker opens: every later request it guards fails at once, unsent, with a retryable
``GitHubBreakerOpenError`` naming it. After ``cooldown`` seconds it half-opens and lets one
request through as a probe: an answer closes it, a failure opens it again for another cool-down.

Every request sent counts, each retry urllib3 makes inside one exchange included, and a retry
is refused too once its breaker is open: a run facing an outage sends at most ``failures``
requests per breaker (plus one for each other request already in flight on it), then one probe
request per cool-down. A primary rate limit spent is no failure of GitHub's: it neither opens
nor closes a breaker (the webhook service pauses the installation instead). Any other answer,
a 404 or a 422 included, is GitHub working: it closes the breaker.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from regent.adapters.github.exchanges import CallScope, Exchange, current_scope
from regent.adapters.github.retry import header
from regent.core.errors import GitHubUnavailableError, UsageError
from regent.core.model import RepoRef

FAILURES_SETTING = "REGENT_BREAKER_FAILURES"
COOLDOWN_SETTING = "REGENT_BREAKER_COOLDOWN_SECONDS"

Clock = Callable[[], float]
KeyOf = Callable[[RepoRef], str]
"""The breaker guarding a repository's requests: ``installation 42``, or ``token``."""


class BreakerState(Enum):
    """Closed: requests go; open: they fail unsent; half-open: one probe goes."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"

    @property
    def gauge(self) -> int:
        """The state as /metrics shows it: 0 closed, 1 half-open, 2 open."""
        return {"closed": 0, "half_open": 1, "open": 2}[self.value]


class Outcome(Enum):
    """What one exchange tells a breaker."""

    ANSWERED = "answered"
    FAILED = "failed"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class BreakerSettings:
    """How many consecutive failed requests open a breaker, and how long it stays open."""

    failures: int = 5
    cooldown: float = 30.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> BreakerSettings:
        """``REGENT_BREAKER_FAILURES`` (a whole number >= 1) and
        ``REGENT_BREAKER_COOLDOWN_SECONDS`` (> 0); a UsageError names a bad value."""
        default = cls()
        failures = _number(environ, FAILURES_SETTING, default.failures, whole=True)
        cooldown = _number(environ, COOLDOWN_SETTING, default.cooldown, whole=False)
        return cls(failures=int(failures), cooldown=cooldown)


class GitHubBreakerOpenError(GitHubUnavailableError):
    """A request not sent: its breaker is open after GitHub kept failing (retryable)."""

    def __init__(self, breaker: str, *, failures: int, probe_at: float) -> None:
        moment = datetime.fromtimestamp(probe_at, UTC).strftime("%H:%M:%S UTC")
        super().__init__(
            f"GitHub is failing: the circuit breaker for {breaker} opened after {failures} "
            f"consecutive failed requests, so no more are sent; it lets one request through at "
            f"{moment}. This is usually temporary: run again later (githubstatus.com says more)"
        )
        self.breaker = breaker
        self.probe_at = probe_at


class Breaker:
    """One breaker's state machine (thread-safe; ``clock`` is injectable for tests)."""

    def __init__(self, name: str, settings: BreakerSettings, *, clock: Clock = time.time) -> None:
        self.name = name
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._since = 0.0
        """When it opened, or when its probe went."""

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state

    def admit(self) -> None:
        """Let a request go, or raise GitHubBreakerOpenError; an open breaker whose cool-down is
        over half-opens and admits this request as its probe (another after a further cool-down,
        should the probe never report)."""
        with self._lock:
            if self._state is BreakerState.CLOSED:
                return
            now = self._clock()
            probe_at = self._since + self._settings.cooldown
            if now < probe_at:
                raise GitHubBreakerOpenError(
                    self.name, failures=self._settings.failures, probe_at=probe_at
                )
            self._state = BreakerState.HALF_OPEN
            self._since = now

    def record(self, outcome: Outcome, *, attempts: int = 1) -> None:
        """Count an exchange: ``attempts`` failed requests, an answer, or neither."""
        with self._lock:
            if outcome is Outcome.ANSWERED:
                self._state = BreakerState.CLOSED
                self._failures = 0
            elif outcome is Outcome.FAILED:
                self._failures += attempts
                if (
                    self._state is BreakerState.HALF_OPEN
                    or self._failures >= self._settings.failures
                ):
                    self._state = BreakerState.OPEN
                    self._since = self._clock()


class Breakers:
    """The breakers of one connection, one per key, made on first use."""

    def __init__(
        self, settings: BreakerSettings | None = None, *, clock: Clock = time.time
    ) -> None:
        self.settings = settings or BreakerSettings()
        self._clock = clock
        self._lock = threading.Lock()
        self._breakers: dict[str, Breaker] = {}

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Breakers:
        return cls(BreakerSettings.from_environ(environ))

    def breaker(self, key: str) -> Breaker:
        with self._lock:
            found = self._breakers.get(key)
            if found is None:
                found = self._breakers[key] = Breaker(key, self.settings, clock=self._clock)
            return found

    def states(self) -> dict[str, BreakerState]:
        """Each breaker made so far and its state (for /metrics)."""
        with self._lock:
            breakers = list(self._breakers.values())
        return {breaker.name: breaker.state for breaker in breakers}

    def gate(self, key_of: KeyOf) -> Callable[[CallScope | None], None]:
        """The check before each request of a port operation (none outside one)."""

        def check(scope: CallScope | None) -> None:
            if scope is not None:
                self.breaker(key_of(scope.repo)).admit()

        return check

    def listener(self, key_of: KeyOf) -> Callable[[Exchange], None]:
        """The exchange listener that tells each request's breaker how its last attempt went
        (the attempts before it were counted as urllib3 retried them: ``retry_guard``)."""

        def heard(exchange: Exchange) -> None:
            if exchange.scope is None or exchange.error == GitHubBreakerOpenError.__name__:
                return
            outcome = answer_outcome(
                exchange.status, exchange.headers, retried=exchange.attempts > 1
            )
            self.breaker(key_of(exchange.scope.repo)).record(outcome)

        return heard

    def retry_guard(self, key_of: KeyOf) -> Callable[[int | None, Mapping[str, str]], None]:
        """Before urllib3 retries a request of a port operation: count the attempt that failed
        (its status, None without an answer), and refuse the retry if that opened the breaker."""

        def check(status: int | None, headers: Mapping[str, str]) -> None:
            scope = current_scope()
            if scope is None:
                return
            breaker = self.breaker(key_of(scope.repo))
            breaker.record(answer_outcome(status, headers, retried=True))
            breaker.admit()

        return check


def answer_outcome(status: int | None, headers: Mapping[str, str], *, retried: bool) -> Outcome:
    """Failed: no answer, a 5xx, a secondary rate limit (429, a 403 with ``Retry-After``, or a
    403 urllib3 ``retried``, which it does for rate limits only); neutral: the primary rate
    limit spent; else answered."""
    if status is None or status >= 500:
        return Outcome.FAILED
    if status not in (403, 429):
        return Outcome.ANSWERED
    if header(headers, "X-RateLimit-Remaining") == "0":
        return Outcome.NEUTRAL
    if status == 429 or header(headers, "Retry-After") is not None or retried:
        return Outcome.FAILED
    return Outcome.ANSWERED  # a permission refusal: GitHub is answering


def _number(environ: Mapping[str, str], name: str, default: float, *, whole: bool) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = 0
    if not math.isfinite(value) or value <= 0:
        kind = "a whole number of failed requests, 1 or more" if whole else "seconds above 0"
        raise UsageError(f"{name}={text!r} is not {kind} (default {default:g})")
    return value
