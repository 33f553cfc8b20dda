"""Installations paused until GitHub will answer them again, on a fake clock."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from regent.adapters.github.breaker import BreakerState, GitHubBreakerOpenError
from regent.core.errors import GitHubRateLimitError, GitHubUnavailableError, RegentError
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.pauses import InstallationPauses, PauseMetrics, paused_until
from regent.runtimes.webhook.queue import ATTEMPTS, Journal, Queued, RepoQueues
from tests.delivery_ids import delivery_id, name_of


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("error", "until"),
    [
        (
            GitHubRateLimitError("spent", status=403, retry_at=datetime.fromtimestamp(5_061, UTC)),
            5_061.0,
        ),
        (GitHubBreakerOpenError("installation 7", failures=5, probe_at=5_030.0), 5_030.0),
        (GitHubRateLimitError("spent", status=403, retry_at=None), None),
        (GitHubUnavailableError("502 after retrying", status=502), None),
        (RegentError("a config error"), None),
    ],
)
def test_which_errors_pause_an_installation(error: RegentError, until: float | None) -> None:
    assert paused_until(error) == until


def test_a_pause_lasts_until_its_moment_and_the_later_one_wins() -> None:
    clock = Clock()
    pauses = InstallationPauses(clock=clock)
    pauses.pause(7, until=5_060.0)
    pauses.pause(7, until=5_030.0)  # an earlier moment never shortens it
    assert pauses.waits(7) == 60.0
    assert pauses.waits(8) == 0.0
    assert pauses.waits(None) == 0.0
    assert pauses.paused() == {7: 5_060.0}
    assert pauses.requeued == 2
    clock.now = 5_060.0
    assert pauses.waits(7) == 0.0
    assert pauses.paused() == {}
    assert pauses.requeued == 2  # what was re-queued stays counted


def delivery(repo: str, name: str, *, installation: int) -> Queued:
    """A push to ``repo`` from ``installation``; ``name`` stands for its delivery id."""
    payload = {
        "ref": "refs/heads/main",
        "after": "a" * 40,
        "repository": {
            "full_name": repo,
            "default_branch": "main",
            "clone_url": f"https://github.com/{repo}.git",
        },
        "installation": {"id": installation},
    }
    body = json.dumps(payload).encode()
    return Queued(Delivery.restored(event="push", delivery_id=delivery_id(name), body=body), body)


class Handler:
    """Records when each delivery ran; ``limited`` deliveries meet a spent rate limit first."""

    def __init__(self, limited: dict[str, int], *, pause_s: float) -> None:
        self.limited = limited
        self.pause_s = pause_s
        self.runs: list[tuple[str, float]] = []
        self.done = threading.Condition()

    def __call__(self, handled: Delivery) -> None:
        name = name_of(handled.id)
        with self.done:
            self.runs.append((name, time.monotonic()))
            self.done.notify_all()
        if self.limited.get(name, 0) > 0:
            self.limited[name] -= 1
            reset = datetime.fromtimestamp(time.time() + self.pause_s, UTC)
            raise GitHubRateLimitError("rate limit spent", status=403, retry_at=reset)

    def wait_for(self, count: int) -> None:
        with self.done:
            assert self.done.wait_for(lambda: len(self.runs) >= count, 10.0), self.runs


def test_a_spent_limit_pauses_its_installation_and_requeues_uncounted(tmp_path: Path) -> None:
    handler = Handler({"a": ATTEMPTS + 1}, pause_s=0.3)
    pauses = InstallationPauses()
    queues = RepoQueues(handler, workers=2, journal=Journal(tmp_path), pauses=pauses)
    queues.start()
    started = time.monotonic()
    queues.submit(delivery("acme/widget", "a", installation=7))
    handler.wait_for(1)
    deadline = time.monotonic() + 5.0
    while 7 not in pauses.paused() and time.monotonic() < deadline:
        time.sleep(0.01)
    queues.submit(delivery("acme/gadget", "b", installation=7))  # same installation: waits
    queues.submit(delivery("other/widget", "c", installation=8))  # another: goes on
    handler.wait_for(ATTEMPTS + 4)
    queues.shutdown(timeout=5.0)
    names = [name for name, _ in handler.runs]
    assert names.count("a") == ATTEMPTS + 2  # more tries than ATTEMPTS: none was counted
    assert names[-1] in ("a", "b")
    assert names.index("c") < names.index("b")  # installation 8 did not wait for 7
    b_ran = dict(handler.runs)["b"]
    assert b_ran - started >= 0.3  # b waited for the pause
    assert pauses.requeued == ATTEMPTS + 1
    assert list(tmp_path.glob("*.json")) == []  # every delivery handled, none left


def test_metrics_show_breakers_pauses_and_requeued_deliveries() -> None:
    clock = Clock()
    pauses = InstallationPauses(clock=clock)
    pauses.pause(7, until=5_060.0)
    collector = PauseMetrics(pauses)
    collector.breakers = lambda: {
        "installation 7": BreakerState.OPEN,
        "installation 8": BreakerState.CLOSED,
    }
    registry = CollectorRegistry()
    registry.register(collector)
    text = generate_latest(registry).decode()
    assert 'regent_breaker_state{installation="7"} 2.0' in text
    assert 'regent_breaker_state{installation="8"} 0.0' in text
    assert 'regent_installation_paused{installation="7"} 1.0' in text
    assert "regent_requeued_deliveries_total 1.0" in text
    clock.now = 5_060.0
    assert "regent_installation_paused{" not in generate_latest(registry).decode()
