"""Tenants: allow and deny lists in every door's receiver, per-installation caps in serve's
queues (the excess waits, never dropped), and per-installation usage in /metrics and /usage."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from regent.core.errors import UsageError
from regent.runtimes.webhook.app import create_app
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.queue import Queued, RepoQueues
from regent.runtimes.webhook.settings import WebhookSettings, read_webhook_settings
from regent.runtimes.webhook.state import DoorState, handled_inline
from regent.runtimes.webhook.tenants import (
    InstallationQuotas,
    QuotaSettings,
    TenantLists,
)
from tests.app_keys import private_pem
from tests.delivery_ids import delivery_id, name_of
from tests.unit.test_webhook_app import SECRET, merged_pull, signed

WAIT_S = 10.0

LISTS = TenantLists(
    allow_installations=frozenset({1, 2}),
    deny_installations=frozenset({2}),
    allow_repositories=("acme/*", "umbrella/gadget"),
    deny_repositories=("acme/secret",),
)


@pytest.mark.parametrize(
    ("installation", "repository", "refused"),
    [
        (1, "acme/widget", None),
        (1, "ACME/Widget", None),  # GitHub's names ignore case
        (1, "umbrella/gadget", None),
        (1, "umbrella/other", "repository umbrella/other is not allowed"),
        (1, "acme/secret", "repository acme/secret is denied"),
        (2, "acme/widget", "installation 2 is denied"),  # deny wins over allow
        (3, "acme/widget", "installation 3 is not allowed"),
        (None, "acme/widget", "no installation is not allowed"),
    ],
)
def test_the_lists_decide_what_is_served(
    installation: int | None, repository: str, refused: str | None
) -> None:
    reason = LISTS.refusal(installation=installation, repository=repository)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None
        assert refused in reason


def test_no_list_serves_everything() -> None:
    assert TenantLists().refusal(installation=None, repository=None) is None
    assert TenantLists().refusal(installation=7, repository="a/b") is None


def environment(**extra: str) -> dict[str, str]:
    return {
        "GITHUB_APP_ID": "1",
        "GITHUB_APP_PRIVATE_KEY": private_pem(),
        "GITHUB_WEBHOOK_SECRET": SECRET,
    } | extra


def test_the_settings_read_the_lists_and_caps() -> None:
    settings = read_webhook_settings(
        environment(
            REGENT_ALLOW_INSTALLATIONS="1, 2",
            REGENT_DENY_REPOSITORIES="Acme/Secret,umbrella/*",
            REGENT_INSTALLATION_CONCURRENCY="3",
            REGENT_INSTALLATION_DELIVERIES_PER_MINUTE="30",
        )
    )
    assert settings.tenants.allow_installations == {1, 2}
    assert settings.tenants.deny_repositories == ("acme/secret", "umbrella/*")
    assert settings.quotas == QuotaSettings(concurrency=3, per_minute=30)
    assert read_webhook_settings(environment()).quotas == QuotaSettings(concurrency=2, per_minute=0)


def test_bad_lists_and_caps_stop_start_up_naming_each() -> None:
    with pytest.raises(UsageError) as raised:
        read_webhook_settings(
            environment(
                REGENT_DENY_INSTALLATIONS="12,acme",
                REGENT_ALLOW_REPOSITORIES="acme,*/widget,acme/w*",
                REGENT_INSTALLATION_CONCURRENCY="0",
                REGENT_INSTALLATION_DELIVERIES_PER_MINUTE="-1",
            )
        )
    message = str(raised.value)
    assert "REGENT_DENY_INSTALLATIONS holds 'acme'; give App installation ids" in message
    assert "REGENT_ALLOW_REPOSITORIES holds 'acme', '*/widget', 'acme/w*'" in message
    assert "REGENT_INSTALLATION_CONCURRENCY is '0'; give a whole number of at least 1" in message
    assert "REGENT_INSTALLATION_DELIVERIES_PER_MINUTE is '-1'" in message


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_concurrency_cap_holds_a_delivery_until_one_ends() -> None:
    clock = Clock()
    quotas = InstallationQuotas(QuotaSettings(concurrency=2), clock=clock)
    quotas.started(7, waited_since=clock.now)
    assert quotas.wait(7) == 0
    quotas.started(7, waited_since=clock.now)
    waiting_since = clock.now
    clock.now += 1
    assert quotas.wait(7) is None
    assert quotas.wait(8) == 0  # another installation is not held
    assert quotas.wait(None) == 0
    quotas.finished(7)
    assert quotas.wait(7) == 0
    quotas.started(7, waited_since=waiting_since)  # it waited while 7 was at its cap
    quotas.started(8, waited_since=waiting_since)
    clock.now += 1
    quotas.finished(7)
    quotas.started(7, waited_since=clock.now)  # it came after: not held
    assert quotas.held() == {(7, "concurrency"): 1}


def test_the_per_minute_cap_frees_a_slot_a_minute_after_each_start() -> None:
    clock = Clock()
    quotas = InstallationQuotas(QuotaSettings(concurrency=10, per_minute=2), clock=clock)
    for _ in range(2):
        quotas.started(7, waited_since=clock.now)
        quotas.finished(7)
        clock.now += 10
    waiting_since = clock.now
    assert quotas.wait(7) == pytest.approx(40.0)  # the first slot frees 60 s after its start
    clock.now += 40
    assert quotas.wait(7) == 0
    quotas.started(7, waited_since=waiting_since)
    assert quotas.held() == {(7, "per_minute"): 1}


def push(repo: str, name: str, installation: int) -> Queued:
    payload = {
        "ref": "refs/heads/main",
        "after": "a" * 40,
        "repository": {"full_name": repo, "default_branch": "main"},
        "installation": {"id": installation},
    }
    body = json.dumps(payload).encode()
    return Queued(Delivery.restored(event="push", delivery_id=delivery_id(name), body=body), body)


class Peaks:
    """A handler keeping each installation's most deliveries at once; each takes a while."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.running: Counter[int] = Counter()
        self.peak: Counter[int] = Counter()
        self.started: dict[str, float] = {}
        self.handled: list[str] = []
        self.lock = threading.Condition()

    def __call__(self, delivery: Delivery) -> None:
        installation = getattr(delivery.route, "installation_id", 0)
        with self.lock:
            self.running[installation] += 1
            self.peak[installation] = max(self.peak[installation], self.running[installation])
            self.started[name_of(delivery.id)] = time.monotonic()
        time.sleep(self.seconds)
        with self.lock:
            self.running[installation] -= 1
            self.handled.append(name_of(delivery.id))
            self.lock.notify_all()

    def wait_for(self, count: int) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.handled) >= count, WAIT_S), self.handled


def test_the_queues_run_no_more_than_the_cap_of_an_installation_at_once() -> None:
    peaks = Peaks(0.05)
    quotas = InstallationQuotas(QuotaSettings(concurrency=2))
    queues = RepoQueues(peaks, workers=6, quotas=quotas)
    queues.start()
    for n in range(8):
        queues.submit(push(f"acme/r{n}", f"a{n}", 7))
    queues.submit(push("umbrella/gadget", "b0", 8))
    peaks.wait_for(9)
    assert queues.shutdown(timeout=WAIT_S) == []
    assert peaks.peak == {7: 2, 8: 1}
    assert quotas.held()[(7, "concurrency")] >= 1


def test_the_queues_start_no_more_than_the_per_minute_cap_in_a_window() -> None:
    peaks = Peaks(0.0)
    window = 0.5
    quotas = InstallationQuotas(QuotaSettings(concurrency=4, per_minute=2), window=window)
    queues = RepoQueues(peaks, workers=4, quotas=quotas)
    queues.start()
    began = time.monotonic()
    for n in range(5):
        queues.submit(push(f"acme/r{n}", f"a{n}", 7))
    peaks.wait_for(5)
    assert queues.shutdown(timeout=WAIT_S) == []
    starts = sorted(at - began for at in peaks.started.values())
    assert starts[2] >= window * 0.9, starts  # the third waits for the first's slot
    assert starts[4] >= 2 * window * 0.9, starts
    assert quotas.held() == {(7, "per_minute"): 3}


def settings(tmp_path: Path, tenants: TenantLists) -> WebhookSettings:
    return WebhookSettings(
        app_id=1,
        private_key="-----BEGIN unused-----",
        webhook_secrets=(SECRET,),
        cache_dir=tmp_path / "cache",
        tenants=tenants,
    )


class Outcomes:
    def __init__(self) -> None:
        self.handled: list[str] = []
        self.lock = threading.Condition()

    def __call__(self, delivery: Delivery) -> str:
        with self.lock:
            self.handled.append(name_of(delivery.id))
            self.lock.notify_all()
        return "release_pr_opened"

    def wait_for(self, count: int) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.handled) >= count, WAIT_S), self.handled


@pytest.fixture
def outcomes() -> Outcomes:
    return Outcomes()


@pytest.fixture
def client(tmp_path: Path, outcomes: Outcomes) -> Iterator[TestClient]:
    lists = TenantLists(deny_installations=frozenset({6}), deny_repositories=("acme/secret",))
    app = create_app(settings(tmp_path, lists), handle=outcomes, workers=2)
    with TestClient(app) as test_client:
        yield test_client


def merged(repo: str, installation: int) -> dict[str, Any]:
    payload = merged_pull(repo)
    payload["installation"] = {"id": installation}
    return payload


def test_serve_refuses_a_denied_delivery_403_logged_under_its_id(
    client: TestClient, outcomes: Outcomes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="regent")
    for name, repo, installation in (("d1", "acme/widget", 6), ("d2", "acme/secret", 5)):
        body, headers = signed("pull_request", name, merged(repo, installation))
        reply = client.post("/webhook", content=body, headers=headers)
        assert reply.status_code == 403
        assert "not served here" in reply.json()["message"]
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert [getattr(r, "error", None) for r in refusals] == [
        "installation 6 is denied (REGENT_DENY_INSTALLATIONS)",
        "repository acme/secret is denied (REGENT_DENY_REPOSITORIES)",
    ]
    assert delivery_id("d1") in refusals[0].getMessage()
    assert outcomes.handled == []
    lines = client.get("/metrics").text
    assert 'regent_deliveries_total{event="pull_request",outcome="refused_tenant"} 2.0' in lines


def test_serve_counts_each_installations_usage(client: TestClient, outcomes: Outcomes) -> None:
    for name, repo, installation in (("u1", "acme/widget", 5), ("u2", "acme/gadget", 5)):
        body, headers = signed("pull_request", name, merged(repo, installation))
        assert client.post("/webhook", content=body, headers=headers).status_code == 202
    outcomes.wait_for(2)
    report = client.get("/usage").json()
    assert report["installations"] == {"5": {"deliveries": 2, "reconciles": 2, "api_calls": 0}}
    assert report["totals"] == {"deliveries": 2, "reconciles": 2, "api_calls": 0}
    assert report["since"].endswith("+00:00")
    lines = client.get("/metrics").text
    assert 'regent_installation_usage_total{installation="5",kind="reconciles"} 2.0' in lines
    assert 'regent_installation_waiting{installation="5"}' not in lines  # none waits


def test_a_serverless_door_applies_the_same_lists(outcomes: Outcomes) -> None:
    door = DoorState(
        environ=environment(REGENT_ALLOW_REPOSITORIES="acme/*"),
        build_handle=lambda _: outcomes,
        json_logs=False,
    )

    def answer(name: str, repo: str) -> int:
        body, headers = signed("pull_request", name, merged(repo, 5))
        lower = {key.lower(): value for key, value in headers.items()}
        reply = door.dispatch(
            lower, body, lambda receiver, got: handled_inline(receiver, got, door.run)
        )
        return reply.status

    assert answer("s1", "umbrella/gadget") == 403
    assert answer("s2", "acme/widget") == 200
    assert outcomes.handled == ["s2"]
