"""Comment commands through the serverless doors, with the real delivery worker against the
simulator: the maintainer's ``!set-version`` delivery through the Lambda receiver, an SQS FIFO
queue (moto) and the Lambda worker, and through the Azure Functions route; the same answers as
``regent serve`` and the Action (tests/e2e/test_commands_serve.py, test_commands_action.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import azure.functions as func
import boto3
import pytest

from regent.runtimes.webhook import aws_lambda, azure_functions
from tests.e2e.commenting import READER, Comment, Commenters
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle
from tests.e2e.test_serverless_cycle import (  # noqa: F401 - the fixtures
    REGION,
    SECRET,
    aws,
    environment,
    lifecycle,
)

pytestmark = pytest.mark.e2e

Deliver = Callable[[dict[str, Any]], dict[str, Any]]
"""Hands one recorded event to a door; the door's JSON answer."""


def steer(life: Lifecycle, deliver: Deliver) -> None:
    """The release PR opened by a merge's delivery, pinned by the maintainer's comment; the
    reader's comment answered politely and changing nothing."""
    people = Commenters(life)
    landed = life.land("feat: a lever", [Commit("feat: a lever")], method="squash")
    deliver(landed.pull_request_event())
    opened = life.snapshot().open_release
    assert opened is not None
    assert opened.version == "1.1.0"

    pinned: Comment = people.comment(opened.number, "!set-version 2.0.0")
    deliver(pinned.event)
    release = life.snapshot().open_release
    assert release is not None
    assert release.version == "2.0.0"
    assert people.reactions(pinned.id) == ["+1"]

    denied = people.comment(opened.number, "!set-version 3.0.0", login=READER)
    deliver(denied.event)
    [reply] = people.replies(opened.number)
    assert reply.startswith(f"@{READER} `!set-version 3.0.0`: only people with write, maintain")
    release = life.snapshot().open_release
    assert release is not None
    assert release.version == "2.0.0"


def test_lambda_receiver_queue_and_worker(
    lifecycle: Lifecycle,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    aws: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    container = aws_lambda.Container(
        environ=environment | {"REGENT_SQS_QUEUE_URL": aws},
        client=lambda service: boto3.client(service, region_name=REGION),
        json_logs=False,
    )
    monkeypatch.setattr(aws_lambda, "container", container)

    def deliver(event: dict[str, Any]) -> dict[str, Any]:
        headers, body = _signed(event)
        answer = aws_lambda.handler(
            {
                "version": "2.0",
                "headers": {name.lower(): value for name, value in headers.items()},
                "requestContext": {"http": {"method": "POST", "path": "/webhook"}},
                "body": body.decode("utf-8"),
                "isBase64Encoded": False,
            },
            None,
        )
        assert answer["statusCode"] == 202, answer
        got = sqs.receive_message(QueueUrl=aws, MaxNumberOfMessages=10, AttributeNames=["All"])
        records = [
            {"messageId": m["MessageId"], "body": m["Body"], "attributes": m["Attributes"]}
            for m in got["Messages"]
        ]
        assert [r["attributes"]["MessageGroupId"] for r in records] == [REPO.full_name]
        assert aws_lambda.worker({"Records": records}, None) == {"batchItemFailures": []}
        for message in got["Messages"]:
            sqs.delete_message(QueueUrl=aws, ReceiptHandle=message["ReceiptHandle"])
        return dict(json.loads(answer["body"]))

    steer(lifecycle, deliver)


def test_azure_function_route(
    lifecycle: Lifecycle,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        azure_functions, "door", azure_functions.Door(environ=environment, json_logs=False)
    )

    def deliver(event: dict[str, Any]) -> dict[str, Any]:
        headers, body = _signed(event)
        request = func.HttpRequest(
            method="POST", url="https://regent.example/api/webhook", headers=headers, body=body
        )
        response = azure_functions.respond(request)
        answer: dict[str, Any] = json.loads(response.get_body())
        assert response.status_code == 200, answer
        assert answer["message"] == "handled"
        return answer

    steer(lifecycle, deliver)


def _signed(event: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    """A recorded event's headers and body, signed with the serverless doors' secret."""
    body = str(event["body"]).encode("utf-8")
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return dict(event["headers"]) | {"X-Hub-Signature-256": f"sha256={digest}"}, body
