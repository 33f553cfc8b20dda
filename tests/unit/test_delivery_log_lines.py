"""Every JSON log line written while receiving or handling a delivery names it (``delivery_id``,
``repository``, ``event``), refusals included, and a failure line carries ``error``: through
``regent serve`` (refused, failed in a worker), the Lambda handler and SQS worker, and the
Azure route, so ``jq 'select(.delivery_id == "...")'`` finds the line an operator needs."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from regent.core.errors import GitHubUnavailableError, RegentError
from regent.runtimes.json_logs import use_json_logs
from regent.runtimes.webhook import aws_lambda
from regent.runtimes.webhook.app import create_app
from regent.runtimes.webhook.aws_lambda import Container
from regent.runtimes.webhook.aws_sqs import queue_message
from regent.runtimes.webhook.azure_functions import Door
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.settings import WebhookSettings
from regent.webhook import Event
from tests.delivery_ids import delivery_id
from tests.unit.test_aws_lambda import ENV, SECRET, github_headers, push_payload, v2_event

REPO = "octo-org/widgets"
UNKNOWN = "the GitHub App is not installed on octo-org/widgets; install it there"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("regent").level)
    out = io.StringIO()
    use_json_logs(stream=out)
    yield out
    root.handlers[:], root.level = saved[0], saved[1]
    logging.getLogger("regent").setLevel(saved[2])


def lines_about(stream: io.StringIO, name: str) -> list[dict[str, Any]]:
    """The lines whose message mentions delivery ``name``'s id."""
    wanted = delivery_id(name)
    parsed = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in parsed if wanted in line["message"]]


def failing(error: Exception) -> Any:
    def handle(delivery: Delivery) -> str:
        raise error

    return handle


def serve_settings(tmp_path: Path) -> WebhookSettings:
    return WebhookSettings(
        app_id=1, private_key="unused", webhook_secrets=(SECRET,), cache_dir=tmp_path / "cache"
    )


def wait_for_line(stream: io.StringIO, name: str, words: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [line for line in lines_about(stream, name) if words in line["message"]]
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no line saying {words!r}: {stream.getvalue()}")


def test_serve_a_refused_signature_is_logged_under_the_claimed_id(
    tmp_path: Path, stream: io.StringIO
) -> None:
    body = push_payload()
    headers = github_headers(body, delivery="forged") | {
        "X-Hub-Signature-256": "sha256=" + "0" * 64
    }
    with TestClient(create_app(serve_settings(tmp_path), handle=failing(RuntimeError()))) as client:
        assert client.post("/webhook", content=body, headers=headers).status_code == 401

    [line] = lines_about(stream, "forged")
    assert line["delivery_id"] == delivery_id("forged")
    assert (line["event"], line["repository"]) == ("push", None)
    assert "X-Hub-Signature-256" in line["error"]


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        pytest.param(RegentError(UNKNOWN), UNKNOWN, id="a RegentError: its message"),
        pytest.param(RuntimeError("boom"), "RuntimeError: boom", id="a crash: its traceback"),
    ],
)
def test_serve_a_failed_delivery_line_names_it_and_carries_the_error(
    tmp_path: Path, stream: io.StringIO, error: Exception, shown: str
) -> None:
    body = push_payload()
    app = create_app(serve_settings(tmp_path), handle=failing(error), workers=1)
    with TestClient(app) as client:
        answer = client.post("/webhook", content=body, headers=github_headers(body, delivery="f"))
        assert answer.status_code == 202
        line = wait_for_line(stream, "f", "failed")

    assert (line["delivery_id"], line["repository"], line["event"]) == (
        delivery_id("f"),
        REPO,
        "push",
    )
    assert line["level"] == "error"
    assert shown in line["error"]
    assert all(line["delivery_id"] == delivery_id("f") for line in lines_about(stream, "f"))


def test_serve_a_retried_failure_says_so_under_its_delivery(
    tmp_path: Path, stream: io.StringIO
) -> None:
    body = push_payload()
    app = create_app(
        serve_settings(tmp_path), handle=failing(GitHubUnavailableError("GitHub 502")), workers=1
    )
    with TestClient(app) as client:
        client.post("/webhook", content=body, headers=github_headers(body, delivery="again"))
        line = wait_for_line(stream, "again", "trying again")
    assert (line["repository"], line["error"]) == (REPO, "GitHub 502")


def test_lambda_refusal_and_worker_failure_lines_name_the_delivery(
    stream: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    door = Container(environ=ENV, build_handle=lambda _: failing(RegentError(UNKNOWN)))
    door.json_logs = False
    monkeypatch.setattr(aws_lambda, "container", door)
    body = push_payload()
    bad = github_headers(body, delivery="bad") | {"X-Hub-Signature-256": "sha256=00"}

    aws_lambda.handler(v2_event(body, bad), None)
    event = Event(name="push", delivery_id=delivery_id("sqs"), payload=json.loads(body))
    record = {"messageId": "m-1", "body": queue_message(Delivery.routed(event), body)}
    aws_lambda.worker({"Records": [record]}, None)

    [refused] = lines_about(stream, "bad")
    assert (refused["event"], refused["repository"]) == ("push", None)
    assert "error" in refused
    [failed] = lines_about(stream, "sqs")
    assert (failed["delivery_id"], failed["repository"], failed["event"]) == (
        delivery_id("sqs"),
        REPO,
        "push",
    )
    assert failed["error"] == UNKNOWN


def test_azure_inline_failure_line_names_the_delivery(stream: io.StringIO) -> None:
    door = Door(environ=ENV, build_handle=lambda _: failing(RegentError(UNKNOWN)))
    door.json_logs = False
    body = push_payload()

    reply = door.answer(github_headers(body, delivery="az"), body)

    assert reply.status >= 400
    [failed] = lines_about(stream, "az")
    assert (failed["repository"], failed["event"], failed["error"]) == (REPO, "push", UNKNOWN)
