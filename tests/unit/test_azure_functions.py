"""The Azure Functions door: real ``func.HttpRequest`` objects through the registered route.

Real receiver, signatures and parsing; only the worker's handler is a recording fake
(injected where ``build_worker`` would be called).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import azure.functions as func
import pytest

from regent.core.errors import ConfigError, GitHubUnavailableError
from regent.core.routing import Reconcile
from regent.runtimes.webhook import azure_functions
from regent.runtimes.webhook.azure_functions import Door, app, respond
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import Handle
from regent.runtimes.webhook.settings import WebhookSettings
from tests.delivery_ids import delivery_id, name_of

SECRET = "azure-test-secret"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----"
ENV = {"GITHUB_APP_ID": "123", "GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": SECRET}
PING = json.dumps({"zen": "Design for failure.", "hook_id": 7}).encode()


def merged_pr(repo: str = "octo-org/widgets") -> bytes:
    return json.dumps(
        {
            "action": "closed",
            "number": 12,
            "pull_request": {"number": 12, "merged": True, "base": {"ref": "main"}},
            "repository": {
                "full_name": repo,
                "default_branch": "main",
                "clone_url": f"https://github.com/{repo}.git",
            },
            "installation": {"id": 42},
        }
    ).encode()


def request(
    body: bytes, *, event: str = "pull_request", delivery: str = "d-1", secret: str = SECRET
) -> func.HttpRequest:
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return func.HttpRequest(
        method="POST",
        url="https://regent.azurewebsites.net/api/webhook",
        headers={
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery_id(delivery),
            "X-Hub-Signature-256": signature,
            "Content-Type": "application/json",
        },
        body=body,
    )


class Recorder:
    """The worker-side handler's stand-in: records what it is given, fails on request."""

    def __init__(self) -> None:
        self.handled: list[Delivery] = []
        self.built = 0
        self.fail: dict[str, Exception] = {}
        self.pause = 0.0

    def build(self, settings: WebhookSettings) -> Handle:
        self.built += 1

        def handle(delivery: Delivery) -> str:
            self.handled.append(delivery)
            time.sleep(self.pause)
            self.handled.append(delivery)
            if name_of(delivery.id) in self.fail:
                raise self.fail[name_of(delivery.id)]
            return "release-pr-opened"

        return handle


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def install(
    monkeypatch: pytest.MonkeyPatch, recorder: Recorder
) -> Callable[[dict[str, str]], Door]:
    def put(environ: dict[str, str]) -> Door:
        door = Door(environ=environ, build_handle=recorder.build, json_logs=False)
        monkeypatch.setattr(azure_functions, "door", door)
        return door

    return put


@functools.cache
def registered() -> Any:
    """The app's one function, indexed once as the host does (indexing twice is refused)."""
    [function] = app.get_functions()
    return function


def the_route() -> Callable[[func.HttpRequest], func.HttpResponse]:
    function = registered()
    user_function: Callable[[func.HttpRequest], func.HttpResponse] = function.get_user_function()
    return user_function


def answer(response: func.HttpResponse) -> tuple[int, dict[str, Any]]:
    assert response.mimetype == "application/json"
    return response.status_code, json.loads(response.get_body())


def test_the_app_registers_an_anonymous_post_route_named_webhook() -> None:
    function = registered()
    trigger = json.loads(function.get_raw_bindings()[0])

    assert function.get_function_name() == "webhook"
    assert trigger["type"] == "httpTrigger"
    assert trigger["route"] == "webhook"
    assert trigger["methods"] == ["POST"]
    assert trigger["authLevel"] == "ANONYMOUS"


def test_a_signed_delivery_is_handled_through_the_route(
    install: Callable[[dict[str, str]], Door], recorder: Recorder
) -> None:
    install(ENV)

    status, body = answer(the_route()(request(merged_pr())))

    assert (status, body) == (
        200,
        {"message": "handled", "delivery": delivery_id("d-1"), "outcome": "release-pr-opened"},
    )
    [delivery, _] = recorder.handled
    assert isinstance(delivery.route, Reconcile)
    assert delivery.route.base_branch == "main"
    assert delivery.repository == "octo-org/widgets"


def test_a_bad_signature_is_401_and_nothing_is_handled(
    install: Callable[[dict[str, str]], Door], recorder: Recorder
) -> None:
    install(ENV)

    status, body = answer(respond(request(merged_pr(), secret="wrong")))

    assert status == 401
    assert "X-Hub-Signature-256" in body["message"]
    assert recorder.handled == []
    assert recorder.built == 0


def test_a_ping_is_200_without_building_the_worker(
    install: Callable[[dict[str, str]], Door], recorder: Recorder
) -> None:
    install(ENV)

    status, body = answer(respond(request(PING, event="ping")))

    assert (status, body["message"]) == (200, "pong")
    assert recorder.built == 0


def test_a_redelivery_is_not_handled_twice_and_the_worker_is_built_once(
    install: Callable[[dict[str, str]], Door], recorder: Recorder
) -> None:
    install(ENV)

    first, _ = answer(respond(request(merged_pr())))
    second, body = answer(respond(request(merged_pr())))
    third, _ = answer(respond(request(merged_pr(), delivery="d-2")))

    assert (first, second, third) == (200, 200, 200)
    assert "already received" in body["message"]
    assert recorder.built == 1
    assert len(recorder.handled) == 4


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (GitHubUnavailableError("GitHub answered 502 three times", status=502), 503),
        (ConfigError("unknown key 'relase'", path=".release-regent.yml", line=3), 422),
        (RuntimeError("unexpected"), 500),
    ],
    ids=["retryable", "bad-config", "unexpected"],
)
def test_a_failed_delivery_is_answered_and_can_be_redelivered(
    error: Exception,
    status: int,
    install: Callable[[dict[str, str]], Door],
    recorder: Recorder,
) -> None:
    install(ENV)
    recorder.fail["d-1"] = error

    assert respond(request(merged_pr())).status_code == status
    del recorder.fail["d-1"]
    assert respond(request(merged_pr())).status_code == 200


def test_missing_settings_are_500_naming_them(install: Callable[[dict[str, str]], Door]) -> None:
    install({"GITHUB_APP_ID": "x"})

    status, body = answer(respond(request(PING, event="ping")))

    assert status == 500
    assert "GITHUB_APP_ID" in body["message"]
    assert "GITHUB_WEBHOOK_SECRET" in body["message"]


def test_one_repository_runs_one_delivery_at_a_time(
    install: Callable[[dict[str, str]], Door], recorder: Recorder
) -> None:
    install(ENV)
    recorder.pause = 0.05
    requests = [
        request(merged_pr(), delivery="a"),
        request(merged_pr(), delivery="b"),
        request(merged_pr("octo-org/gears"), delivery="c"),
    ]
    threads = [threading.Thread(target=respond, args=(req,)) for req in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    widgets = [name_of(d.id) for d in recorder.handled if d.repository == "octo-org/widgets"]
    assert sorted(widgets) == ["a", "a", "b", "b"]
    assert widgets[0] == widgets[1], "a widgets run finished before the next one started"
    assert widgets[2] == widgets[3]


def test_log_lines_go_through_the_hosts_handler_as_json_with_the_delivery_id(
    install: Callable[[dict[str, str]], Door], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    host = logging.StreamHandler(stream)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [host])
    monkeypatch.setattr(logging.getLogger("regent"), "level", logging.getLogger("regent").level)
    install(ENV).json_logs = True

    respond(request(merged_pr(), delivery="log-1"))

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines
    assert {name_of(line["delivery_id"]) for line in lines} == {"log-1"}
    assert root.handlers == [host], "the host's handler is kept"
