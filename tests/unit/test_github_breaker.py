"""The circuit breaker's state machine, on a fake clock, and how exchanges feed it."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from regent.adapters.github.breaker import (
    Breaker,
    Breakers,
    BreakerSettings,
    BreakerState,
    GitHubBreakerOpenError,
    Outcome,
    answer_outcome,
)
from regent.adapters.github.exchanges import CallScope, Exchange, call_scope
from regent.core.errors import UsageError
from regent.core.model import RepoRef

CLOSED, OPEN, HALF = BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def run(steps: str, *, failures: int = 3, cooldown: float = 30.0) -> list[str]:
    """Apply steps (``f`` failed request, ``a`` answer, ``n`` neutral, ``w`` wait the cool-down,
    ``s`` wait 1 s, ``?`` ask to send) and return the state after each (``!`` refused)."""
    clock = Clock()
    breaker = Breaker("installation 7", BreakerSettings(failures, cooldown), clock=clock)
    seen = []
    for step in steps:
        if step == "?":
            try:
                breaker.admit()
            except GitHubBreakerOpenError:
                seen.append("!")
                continue
        elif step == "w":
            clock.now += cooldown
        elif step == "s":
            clock.now += 1
        else:
            outcome = {"f": Outcome.FAILED, "a": Outcome.ANSWERED, "n": Outcome.NEUTRAL}[step]
            breaker.record(outcome)
        seen.append(breaker.state.value[0])
    return seen


@pytest.mark.parametrize(
    ("steps", "states"),
    [
        ("?f?f?f?", "ccccco!"),  # the third consecutive failure opens; the next is refused
        ("ffaff?", "cccccc"),  # an answer resets the count
        ("ffnf?", "ccco!"),  # a spent primary limit neither counts nor resets
        ("fffs?", "ccoo!"),  # still cooling down a second later
        ("fffw?", "ccooh"),  # after the cool-down: one probe goes, half-open
        ("fffw??", "ccooh!"),  # a second request while the probe is out is refused
        ("fffw?a?", "ccoohcc"),  # the probe answered: closed, requests go
        ("fffw?f?", "ccooho!"),  # the probe failed: open again for a whole cool-down
        ("fffw?fw?", "ccoohooh"),  # ... then another probe
        ("fffw?w?", "ccoohhh"),  # a probe that never reports: another after a cool-down
    ],
)
def test_state_machine(steps: str, states: str) -> None:
    assert "".join(run(steps)) == states


def test_a_refusal_names_the_breaker_and_when_it_probes() -> None:
    clock = Clock()
    breaker = Breaker("installation 7", BreakerSettings(1, 30.0), clock=clock)
    breaker.record(Outcome.FAILED)
    with pytest.raises(GitHubBreakerOpenError) as raised:
        breaker.admit()
    error = raised.value
    assert error.retryable
    assert error.breaker == "installation 7"
    assert error.probe_at == 1_030.0
    assert "circuit breaker for installation 7 opened after 1 consecutive" in str(error)
    assert "00:17:10 UTC" in str(error)  # 1030 s after the epoch


def test_attempts_of_one_exchange_count_as_failed_requests() -> None:
    breaker = Breaker("token", BreakerSettings(5, 30.0), clock=Clock())
    breaker.record(Outcome.FAILED, attempts=4)
    assert breaker.state is CLOSED
    breaker.record(Outcome.FAILED, attempts=1)
    assert breaker.state is OPEN


def exchange(status: int | None, *, attempts: int = 1, owner: str = "acme") -> Exchange:
    return Exchange(
        method="GET",
        path=f"/repos/{owner}/widget",
        route="/repos/{owner}/{repo}",
        status=status,
        seconds=0.1,
        attempts=attempts,
        scope=CallScope(RepoRef(owner, "widget"), "read"),
    )


@pytest.mark.parametrize(
    ("status", "retried", "headers", "outcome"),
    [
        (None, False, {}, Outcome.FAILED),
        (502, True, {}, Outcome.FAILED),
        (500, False, {}, Outcome.FAILED),
        (200, True, {}, Outcome.ANSWERED),
        (404, False, {}, Outcome.ANSWERED),
        (422, False, {}, Outcome.ANSWERED),
        (403, False, {}, Outcome.ANSWERED),  # a permission refusal
        (403, False, {"Retry-After": "60"}, Outcome.FAILED),  # secondary limit
        (403, True, {}, Outcome.FAILED),  # a 403 urllib3 retried: a secondary limit
        (429, False, {}, Outcome.FAILED),
        (403, False, {"X-RateLimit-Remaining": "0"}, Outcome.NEUTRAL),  # primary limit spent
        (429, True, {"x-ratelimit-remaining": "0"}, Outcome.NEUTRAL),
    ],
)
def test_answer_outcomes(
    status: int | None, retried: bool, headers: dict[str, str], outcome: Outcome
) -> None:
    assert answer_outcome(status, headers, retried=retried) is outcome


def test_breakers_are_per_key_fed_by_retries_and_exchanges() -> None:
    breakers = Breakers(BreakerSettings(3, 30.0), clock=Clock())
    installations = {"acme": 1, "other": 2}

    def key_of(repo: RepoRef) -> str:
        return f"installation {installations[repo.owner]}"

    guard, gate, heard = (
        breakers.retry_guard(key_of),
        breakers.gate(key_of),
        breakers.listener(key_of),
    )
    acme = CallScope(RepoRef("acme", "widget"), "read")
    with call_scope(acme.repo, acme.operation):
        guard(502, {})
        guard(None, {})  # no answer
        with pytest.raises(GitHubBreakerOpenError, match="installation 1"):
            guard(503, {})  # the third failed request opens it: its retry is refused
    assert breakers.states() == {"installation 1": OPEN}
    with pytest.raises(GitHubBreakerOpenError, match="installation 1"):
        gate(acme)
    gate(CallScope(RepoRef("other", "widget"), "read"))  # another installation goes on
    gate(None)  # a request outside a port operation is not guarded
    guard(502, {})  # a retry outside a port operation is not counted
    assert breakers.states() == {"installation 1": OPEN, "installation 2": CLOSED}
    heard(exchange(502, owner="other"))
    assert breakers.states()["installation 2"] is CLOSED  # one failed request of three


def test_an_answer_after_retries_closes_and_resets_the_count() -> None:
    breakers = Breakers(BreakerSettings(3, 30.0), clock=Clock())
    guard, heard = (
        breakers.retry_guard(lambda repo: "the token"),
        breakers.listener(lambda repo: "the token"),
    )
    with call_scope(RepoRef("acme", "widget"), "read"):
        guard(502, {})
        guard(502, {})
        heard(exchange(200, attempts=3))
        guard(502, {})
        guard(502, {})
    assert breakers.states() == {"the token": CLOSED}


def test_refused_exchanges_are_not_counted_again() -> None:
    breakers = Breakers(BreakerSettings(1, 30.0), clock=Clock())
    heard = breakers.listener(lambda repo: "the token")
    heard(replace(exchange(None), error=GitHubBreakerOpenError.__name__))
    assert breakers.states() == {}  # a request the breaker kept unsent is no failure
    heard(exchange(None))
    assert breakers.states() == {"the token": OPEN}


def test_concurrent_failures_open_once_and_count_every_request() -> None:
    breaker = Breaker("token", BreakerSettings(1000, 30.0), clock=Clock())
    threads = [
        threading.Thread(target=lambda: [breaker.record(Outcome.FAILED) for _ in range(100)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert breaker.state is CLOSED  # 800 < 1000
    breaker.record(Outcome.FAILED, attempts=200)
    assert breaker.state is OPEN


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, BreakerSettings(5, 30.0)),
        ({"REGENT_BREAKER_FAILURES": "3"}, BreakerSettings(3, 30.0)),
        ({"REGENT_BREAKER_COOLDOWN_SECONDS": "2.5"}, BreakerSettings(5, 2.5)),
        ({"REGENT_BREAKER_FAILURES": " "}, BreakerSettings(5, 30.0)),
    ],
)
def test_settings_from_the_environment(environ: dict[str, str], expected: BreakerSettings) -> None:
    assert BreakerSettings.from_environ(environ) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REGENT_BREAKER_FAILURES", "0"),
        ("REGENT_BREAKER_FAILURES", "2.5"),
        ("REGENT_BREAKER_FAILURES", "many"),
        ("REGENT_BREAKER_COOLDOWN_SECONDS", "-1"),
        ("REGENT_BREAKER_COOLDOWN_SECONDS", "nan"),
    ],
)
def test_bad_settings_are_named(name: str, value: str) -> None:
    with pytest.raises(UsageError, match=f"{name}='{value}' is not"):
        BreakerSettings.from_environ({name: value})
