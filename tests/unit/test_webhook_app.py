"""The webhook application over HTTP (Starlette's TestClient): the receiving side is real, the
handler is a recorder injected at the edge."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from regent.runtimes.webhook.app import INLINE_BODY_BYTES, create_app
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.settings import WebhookSettings
from regent.webhook import MAX_BODY_BYTES
from regent.webhook import event as webhook_event
from tests.delivery_ids import delivery_id, name_of

SECRET = "It's a Secret to Everybody"
WAIT_S = 10.0


class Recorder:
    """A handler recording what it handles; ``gate(id)`` holds that delivery until released."""

    def __init__(self, outcome: str = "release_pr_opened") -> None:
        self.outcome = outcome
        self.handled: list[str] = []
        self.running: set[str] = set()
        self.overlaps: list[tuple[str, ...]] = []
        self.gates: dict[str, threading.Event] = {}
        self.started: dict[str, threading.Event] = {}
        self.lock = threading.Condition()

    def gate(self, delivery_id: str) -> threading.Event:
        self.started[delivery_id] = threading.Event()
        self.gates[delivery_id] = threading.Event()
        return self.gates[delivery_id]

    def __call__(self, delivery: Delivery) -> str:
        name = name_of(delivery.id)
        with self.lock:
            self.running.add(name)
            self.overlaps.append(tuple(sorted(self.running)))
        if name in self.gates:
            self.started[name].set()
            assert self.gates[name].wait(WAIT_S)
        with self.lock:
            self.running.discard(name)
            self.handled.append(name)
            self.lock.notify_all()
        return self.outcome

    def wait_for(self, count: int) -> list[str]:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.handled) >= count, WAIT_S), self.handled
            return list(self.handled)


def settings(tmp_path: Path) -> WebhookSettings:
    return WebhookSettings(
        app_id=1,
        private_key="-----BEGIN unused-----",
        webhook_secrets=("old secret", SECRET),
        cache_dir=tmp_path / "cache",
    )


def merged_pull(repo: str = "acme/widget", number: int = 7) -> dict[str, Any]:
    return {
        "action": "closed",
        "number": number,
        "pull_request": {"number": number, "merged": True, "base": {"ref": "main"}},
        "repository": {
            "full_name": repo,
            "default_branch": "main",
            "clone_url": f"https://github.com/{repo}.git",
        },
        "installation": {"id": 5},
    }


def signed(
    event: str, name: str, payload: dict[str, Any] | bytes, *, secret: str = SECRET
) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a delivery signed with ``secret``; ``name`` stands for its id."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery_id(name),
        "X-Hub-Signature-256": f"sha256={digest}",
    }
    return body, headers


Post = Callable[..., Any]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(tmp_path: Path, recorder: Recorder) -> Iterator[TestClient]:
    with TestClient(create_app(settings(tmp_path), handle=recorder, workers=4)) as test_client:
        yield test_client


def post(
    client: TestClient, event: str, name: str, payload: dict[str, Any] | bytes, **kw: Any
) -> Any:
    body, headers = signed(event, name, payload, **kw)
    return client.post("/webhook", content=body, headers=headers)


def limit_body(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Bodies over ``size`` bytes are too large (announced or found while reading)."""
    monkeypatch.setattr(webhook_event, "MAX_BODY_BYTES", size)


def metric_lines(client: TestClient) -> list[str]:
    reply = client.get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain")
    return [line for line in reply.text.splitlines() if not line.startswith("#")]


def test_a_signed_merge_is_accepted_and_handled_once(
    client: TestClient, recorder: Recorder
) -> None:
    reply = post(client, "pull_request", "d-1", merged_pull())
    assert reply.status_code == 202
    assert reply.json() == {"message": "accepted", "delivery": delivery_id("d-1")}
    assert recorder.wait_for(1) == ["d-1"]
    time.sleep(0.05)
    assert recorder.handled == ["d-1"]


def test_a_large_delivery_is_received_off_the_event_loop_the_same_way(
    client: TestClient, recorder: Recorder
) -> None:
    large = merged_pull() | {"padding": "x" * (INLINE_BODY_BYTES + 1)}
    reply = post(client, "pull_request", "d-large", large)
    assert reply.status_code == 202
    assert recorder.wait_for(1) == ["d-large"]
    forged = signed("pull_request", "d-forged", large, secret="wrong")[0]
    refused = client.post(
        "/webhook",
        content=forged,
        headers=signed("pull_request", "d-forged", merged_pull())[1],
    )
    assert refused.status_code == 401


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        pytest.param({}, "no X-Hub-Signature-256", id="unsigned"),
        pytest.param({"X-Hub-Signature-256": "sha256=" + "0" * 64}, "does not match", id="wrong"),
        pytest.param({"X-Hub-Signature": "sha1=" + "0" * 40}, "no X-Hub-Signature-256", id="sha1"),
    ],
)
def test_an_unverified_delivery_is_401_and_not_handled(
    client: TestClient, recorder: Recorder, headers: dict[str, str], why: str
) -> None:
    body = json.dumps(merged_pull()).encode()
    base = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": delivery_id("d-x")}
    reply = client.post("/webhook", content=body, headers=base | headers)
    assert reply.status_code == 401
    assert why in reply.json()["message"]
    time.sleep(0.05)
    assert recorder.handled == []


def test_a_delivery_signed_with_another_secret_is_401(
    client: TestClient, recorder: Recorder
) -> None:
    reply = post(client, "pull_request", "d-1", merged_pull(), secret="guess")
    assert reply.status_code == 401
    assert recorder.handled == []


@pytest.mark.parametrize(
    ("event", "body"),
    [
        pytest.param("pull_request", b"{not json", id="not-json"),
        pytest.param("pull_request", b"[1, 2]", id="array"),
        pytest.param("push", json.dumps({"ref": "refs/heads/main"}).encode(), id="no-repository"),
        pytest.param("", json.dumps(merged_pull()).encode(), id="no-event-header"),
        pytest.param("Pull Request", json.dumps(merged_pull()).encode(), id="not-an-event-name"),
    ],
)
def test_a_malformed_delivery_is_400(
    client: TestClient, recorder: Recorder, event: str, body: bytes
) -> None:
    reply = post(client, event, "d-bad", body)
    assert reply.status_code == 400
    assert reply.json()["message"]
    assert recorder.handled == []


def test_a_body_over_the_limit_is_413_while_streaming(
    client: TestClient, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_body(monkeypatch, 64)
    body, headers = signed("pull_request", "d-big", merged_pull())
    assert len(body) > 64

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused while reading
        yield body[:40]
        yield body[40:]

    reply = client.post("/webhook", content=chunks(), headers=headers)
    assert reply.status_code == 413
    assert "64 bytes" in reply.json()["message"]
    assert recorder.handled == []


def test_the_limit_is_the_25_mib_github_ever_sends() -> None:
    assert MAX_BODY_BYTES == 25 * 1024 * 1024


def test_an_endless_body_is_413_after_reading_just_past_the_limit(
    tmp_path: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Straight through ASGI (no test client to buffer the body): a body that never ends."""
    limit, chunk = 64, 10
    limit_body(monkeypatch, limit)
    app = create_app(settings(tmp_path), handle=recorder, workers=1)
    _, signed_headers = signed("pull_request", "d-endless", merged_pull())
    headers = [(name.lower().encode(), value.encode()) for name, value in signed_headers.items()]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/webhook",
        "raw_path": b"/webhook",
        "root_path": "",
        "query_string": b"",
        "headers": headers,  # no Content-Length: only reading can find it too large
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    receives = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal receives
        receives += 1
        assert receives < 1000, "the body is being read without end"
        return {"type": "http.request", "body": b"x" * chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))

    start = next(message for message in sent if message["type"] == "http.response.start")
    assert start["status"] == 413
    assert receives == limit // chunk + 1  # 70 bytes: the first chunk past 64
    assert recorder.handled == []


def test_a_content_length_over_the_limit_is_413_up_front(
    client: TestClient, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit_body(monkeypatch, 64)
    body, headers = signed("pull_request", "d-big", merged_pull())
    reply = client.post("/webhook", content=body, headers=headers)
    assert reply.status_code == 413
    assert recorder.handled == []


def test_a_ping_is_answered_pong(client: TestClient, recorder: Recorder) -> None:
    reply = post(client, "ping", "d-ping", {"zen": "Keep it logically awesome.", "hook_id": 3})
    assert reply.status_code == 200
    assert reply.json()["message"] == "pong"
    assert recorder.handled == []


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        pytest.param("issues", {"action": "opened"}, id="unrouted-event"),
        pytest.param("pull_request", merged_pull() | {"action": "opened"}, id="opened-pull"),
    ],
)
def test_an_ignored_event_is_200_and_not_handled(
    client: TestClient, recorder: Recorder, event: str, payload: dict[str, Any]
) -> None:
    reply = post(client, event, "d-ign", payload)
    assert reply.status_code == 200
    assert "ignored" in reply.json()["message"]
    time.sleep(0.05)
    assert recorder.handled == []


def test_a_redelivered_id_is_acknowledged_and_handled_once(
    client: TestClient, recorder: Recorder
) -> None:
    assert post(client, "pull_request", "d-1", merged_pull()).status_code == 202
    recorder.wait_for(1)
    again = post(client, "pull_request", "d-1", merged_pull())
    assert again.status_code == 200
    assert "already received" in again.json()["message"]
    time.sleep(0.1)
    assert recorder.handled == ["d-1"]


def test_one_repository_in_order_and_repositories_in_parallel(
    client: TestClient, recorder: Recorder
) -> None:
    first = recorder.gate("a-1")
    other = recorder.gate("b-1")
    assert post(client, "pull_request", "a-1", merged_pull("acme/a")).status_code == 202
    assert recorder.started["a-1"].wait(WAIT_S)
    assert post(client, "pull_request", "a-2", merged_pull("acme/a")).status_code == 202
    assert post(client, "pull_request", "b-1", merged_pull("acme/b")).status_code == 202
    assert recorder.started["b-1"].wait(WAIT_S)  # b runs while a-1 still runs
    assert recorder.running == {"a-1", "b-1"}
    other.set()
    first.set()
    assert sorted(recorder.wait_for(3)) == ["a-1", "a-2", "b-1"]
    assert recorder.handled.index("a-1") < recorder.handled.index("a-2")
    assert all(not ("a-1" in seen and "a-2" in seen) for seen in recorder.overlaps)


def test_a_delivery_for_a_branch_already_waiting_is_folded_into_it(
    client: TestClient, recorder: Recorder
) -> None:
    gate = recorder.gate("a-1")
    assert post(client, "pull_request", "a-1", merged_pull("acme/a")).status_code == 202
    assert recorder.started["a-1"].wait(WAIT_S)
    assert post(client, "pull_request", "a-2", merged_pull("acme/a")).status_code == 202
    folded = post(client, "pull_request", "a-3", merged_pull("acme/a"))
    assert folded.status_code == 200
    assert folded.json() == {"message": "folded into a waiting delivery"}
    assert client.get("/healthz").json() == {"status": "ok", "queue_depth": 1}
    gate.set()
    assert recorder.wait_for(2) == ["a-1", "a-2"]
    time.sleep(0.05)
    assert recorder.handled == ["a-1", "a-2"]


def test_healthz_reports_the_queue_depth(client: TestClient) -> None:
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "queue_depth": 0}


def test_metrics_count_deliveries_by_event_and_outcome(
    client: TestClient, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    post(client, "pull_request", "d-1", merged_pull())
    recorder.wait_for(1)
    post(client, "pull_request", "d-1", merged_pull())
    post(client, "ping", "d-ping", {"zen": "z"})
    post(client, "issues", "d-ign", {"action": "opened"})
    post(client, "pull_request", "d-forged", merged_pull(), secret="guess")
    post(client, "made_up_event", "d-forged-2", merged_pull(), secret="guess")
    post(client, "push", "d-bad", b"{")
    limit_body(monkeypatch, 8)
    post(client, "push", "d-big", merged_pull())
    lines = metric_lines(client)
    for expected in [
        'regent_deliveries_total{event="pull_request",outcome="accepted"} 1.0',
        'regent_deliveries_total{event="pull_request",outcome="release_pr_opened"} 1.0',
        'regent_deliveries_total{event="pull_request",outcome="duplicate"} 1.0',
        'regent_deliveries_total{event="ping",outcome="pong"} 1.0',
        'regent_deliveries_total{event="other",outcome="ignored"} 1.0',
        'regent_deliveries_total{event="pull_request",outcome="rejected_signature"} 1.0',
        'regent_deliveries_total{event="other",outcome="rejected_signature"} 1.0',
        'regent_deliveries_total{event="push",outcome="rejected_payload"} 1.0',
        'regent_deliveries_total{event="push",outcome="too_large"} 1.0',
        "regent_delivery_processing_seconds_count 1.0",
        "regent_github_api_calls_total 0.0",
        "regent_queue_depth 0.0",
    ]:
        assert expected in lines, expected


def test_a_failing_handler_is_counted_as_failed(tmp_path: Path) -> None:
    failed = threading.Event()

    def handle(delivery: Delivery) -> str:
        failed.set()
        raise RuntimeError("boom")

    with TestClient(create_app(settings(tmp_path), handle=handle)) as client:
        assert post(client, "push", "d-1", push_payload()).status_code == 202
        assert failed.wait(WAIT_S)
        deadline = time.monotonic() + WAIT_S
        line = 'regent_deliveries_total{event="push",outcome="failed"} 1.0'
        while line not in metric_lines(client) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert line in metric_lines(client)


def push_payload() -> dict[str, Any]:
    pull = merged_pull()
    return {"ref": "refs/heads/main", "repository": pull["repository"]}


def test_shutdown_leaves_waiting_work_in_the_journal_and_a_new_app_replays_it(
    tmp_path: Path,
) -> None:
    stuck = Recorder()
    gate = stuck.gate("a-1")
    app = create_app(settings(tmp_path), handle=stuck, workers=2, shutdown_timeout=0.2)
    with TestClient(app) as client:
        assert post(client, "pull_request", "a-1", merged_pull("acme/a")).status_code == 202
        assert stuck.started["a-1"].wait(WAIT_S)
        assert post(client, "pull_request", "a-2", merged_pull("acme/a")).status_code == 202
    journal = tmp_path / "cache" / "journal"
    entries = {name: f"{delivery_id(name)}.json" for name in ("a-1", "a-2")}
    assert sorted(path.name for path in journal.glob("*.json")) == sorted(entries.values())
    gate.set()  # the run in progress ends after shutdown: its entry goes, a-2 stays
    assert stuck.wait_for(1) == ["a-1"]
    deadline = time.monotonic() + WAIT_S
    while (journal / entries["a-1"]).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [path.name for path in journal.glob("*.json")] == [entries["a-2"]]
    assert stuck.handled == ["a-1"]

    fresh = Recorder()
    with TestClient(create_app(settings(tmp_path), handle=fresh)) as client:
        assert fresh.wait_for(1) == ["a-2"]
    assert list(journal.glob("*.json")) == []


def test_healthz_is_503_and_deliveries_503_once_shutting_down(tmp_path: Path) -> None:
    recorder = Recorder()
    app = create_app(settings(tmp_path), handle=recorder)
    with TestClient(app) as client:
        pass  # started and shut down
    reply = client.get("/healthz")  # the lifespan has ended: shutting down
    assert reply.status_code == 503
    delivered = post(client, "pull_request", "d-late", merged_pull())
    assert delivered.status_code == 503
    assert delivered.headers["Retry-After"] == "30"
    lines = metric_lines(client)
    assert 'regent_deliveries_total{event="pull_request",outcome="shutting_down"} 1.0' in lines
    assert recorder.handled == []
