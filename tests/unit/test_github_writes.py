"""Creating writes whose answer was lost are re-checked, never blindly repeated (no network)."""

from __future__ import annotations

import pytest
import requests
from github.GithubException import GithubException

from regent.adapters.github.meter import CallMeter
from regent.adapters.github.retry import RetryHooks, RetryPolicy
from regent.adapters.github.writes import Writer, is_ambiguous

LOST = requests.ConnectionError("Connection aborted.")


class Script:
    """A send that fails as scripted, then succeeds; and a re-check with a scripted finding."""

    def __init__(self, failures: list[Exception], *, found: str | None = None) -> None:
        self.failures = failures
        self.found = found
        self.sent = 0
        self.checked = 0

    def send(self) -> str:
        self.sent += 1
        if self.failures:
            raise self.failures.pop(0)
        return "created"

    def recheck(self) -> str | None:
        self.checked += 1
        return self.found


def writer(*, attempts: int = 4, max_wait: float = 100.0) -> tuple[Writer, list[float]]:
    slept: list[float] = []
    hooks = RetryHooks(CallMeter(), clock=lambda: 0.0, sleep=slept.append, rand=lambda: 0.0)
    return Writer(RetryPolicy(attempts=attempts, backoff_base=0.5, max_wait=max_wait), hooks), slept


@pytest.mark.parametrize(
    ("error", "ambiguous"),
    [
        pytest.param(GithubException(502, {}, {}), True, id="bad-gateway"),
        pytest.param(GithubException(500, {}, {}), True, id="server-error"),
        pytest.param(LOST, True, id="dropped"),
        pytest.param(requests.ReadTimeout(), True, id="timeout"),
        pytest.param(GithubException(422, {}, {}), False, id="validation"),
        pytest.param(GithubException(403, {}, {}), False, id="forbidden"),
        pytest.param(ValueError("bug"), False, id="bug"),
    ],
)
def test_is_ambiguous(error: Exception, ambiguous: bool) -> None:
    assert is_ambiguous(error) is ambiguous


def test_a_write_that_succeeds_is_sent_once_and_not_checked() -> None:
    script = Script([])
    assert writer()[0].create(script.send, recheck=script.recheck) == "created"
    assert (script.sent, script.checked) == (1, 0)


def test_a_lost_answer_found_by_the_recheck_is_not_sent_again() -> None:
    script = Script([LOST], found="found")
    assert writer()[0].create(script.send, recheck=script.recheck) == "found"
    assert (script.sent, script.checked) == (1, 1)


def test_a_lost_write_that_did_not_happen_is_sent_again_after_a_backoff() -> None:
    script = Script([LOST, GithubException(502, {}, {})])
    write, slept = writer()
    assert write.create(script.send, recheck=script.recheck) == "created"
    assert (script.sent, script.checked) == (3, 2)
    assert slept == [0.5, 1.0]


def test_a_refusal_is_raised_at_once() -> None:
    script = Script([GithubException(422, {"message": "Validation Failed"}, {})])
    with pytest.raises(GithubException):
        writer()[0].create(script.send, recheck=script.recheck)
    assert (script.sent, script.checked) == (1, 0)


def test_the_last_failure_is_raised_when_attempts_run_out() -> None:
    script = Script([LOST, LOST, LOST])
    with pytest.raises(requests.ConnectionError):
        writer(attempts=3)[0].create(script.send, recheck=script.recheck)
    assert (script.sent, script.checked) == (3, 2)


def test_the_failure_is_raised_when_the_wait_runs_out() -> None:
    script = Script([LOST, LOST])
    write, slept = writer(max_wait=0.7)
    with pytest.raises(requests.ConnectionError):
        write.create(script.send, recheck=script.recheck)
    assert (script.sent, slept) == (2, [0.5])


def test_a_failing_recheck_is_raised() -> None:
    def recheck() -> str | None:
        raise GithubException(404, {"message": "Not Found"}, {})

    with pytest.raises(GithubException):
        writer()[0].create(Script([LOST]).send, recheck=recheck)
