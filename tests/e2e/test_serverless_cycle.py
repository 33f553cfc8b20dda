"""The serverless doors doing real work: the simulator's deliveries through the Lambda handler,
an SQS FIFO queue (moto) and the Lambda worker, and through the Azure Functions route, each with
the real delivery worker against the simulator: a release PR opened, then released."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import azure.functions as func
import boto3
import pytest
from moto import mock_aws

from regent.runtimes.webhook import aws_lambda, azure_functions
from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Landed, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.serve_process import serve_environment

pytestmark = pytest.mark.e2e

APP_ID = 4242
INSTALLATION = 77
SECRET = "serverless webhook secret"
REGION = "us-east-1"
PENDING = "release-regent: pending"
RELEASED = "release-regent: released"

Deliver = Callable[[Landed], None]


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


@pytest.fixture
def environment(lifecycle: Lifecycle, tmp_path: Path) -> dict[str, str]:
    """A GitHub App installed on acme/widget, and the settings a serverless door reads."""
    key = private_pem()
    app = {"app_id": APP_ID, "public_key": key, "installations": {REPO.full_name: INSTALLATION}}
    assert lifecycle.client.post("/_sim/apps", app).status == 201
    return serve_environment(
        app_id=APP_ID,
        key=key,
        secret=SECRET,
        api_url=lifecycle.sim.url,
        cache=tmp_path / "cache",
        git_url=lifecycle.git_dir.parents[1].as_uri(),
    )


def signed(landed: Landed, *, padding: int = 0) -> tuple[dict[str, str], bytes]:
    """The merge's ``pull_request`` delivery as GitHub sends it: headers and the signed body;
    ``padding`` characters more of PR body and label descriptions make it that much larger."""
    event = landed.pull_request_event()
    body = str(event["body"]).encode("utf-8")
    if padding:
        payload = json.loads(body)
        pull = payload["pull_request"]
        pull["body"] = (pull["body"] or "") + "ü" * (padding // 2)
        pull["labels"] = [
            {"name": f"area {n}", "description": "d" * 1000} for n in range(padding // 2000)
        ] + pull["labels"]
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return dict(event["headers"]) | {"X-Hub-Signature-256": f"sha256={digest}"}, body


def release_cycle(lifecycle: Lifecycle, deliver: Deliver) -> None:
    """Merge a feature, deliver: a release PR; merge it, deliver: the tag and the release."""
    deliver(
        lifecycle.land("feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash")
    )
    opened = lifecycle.snapshot().open_release
    assert opened is not None
    assert (opened.version, PENDING in opened.labels) == ("1.1.0", True)
    merged = lifecycle.merge_release_pull(method="squash")
    deliver(merged)
    snapshot = lifecycle.snapshot()
    assert snapshot.tags["v1.1.0"] == merged.tip
    assert [release.tag for release in snapshot.releases] == ["v1.1.0"]
    released = next(p for p in snapshot.release_pulls if p.number == opened.number)
    assert RELEASED in released.labels


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Fake AWS credentials, moto, and the FIFO queue of deliveries; its URL."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "false"}
        yield str(sqs.create_queue(QueueName="deliveries.fifo", Attributes=attributes)["QueueUrl"])


@pytest.mark.parametrize("padding", [0, 400_000], ids=["as-sent", "over-sqs-limit"])
def test_lambda_receiver_queue_and_worker(
    lifecycle: Lifecycle,
    environment: dict[str, str],
    aws: str,
    monkeypatch: pytest.MonkeyPatch,
    padding: int,
) -> None:
    """The cycle through SQS, also with merged PRs whose payloads exceed SQS's 256 KB: the
    receiver queues what the router reads and the worker still opens and releases."""
    sqs = boto3.client("sqs", region_name=REGION)
    container = aws_lambda.Container(
        environ=environment | {"REGENT_SQS_QUEUE_URL": aws},
        client=lambda service: boto3.client(service, region_name=REGION),
        json_logs=False,
    )
    monkeypatch.setattr(aws_lambda, "container", container)

    def deliver(landed: Landed) -> None:
        headers, body = signed(landed, padding=padding)
        assert len(body) > padding
        event = {
            "version": "2.0",
            "headers": {name.lower(): value for name, value in headers.items()},
            "requestContext": {"http": {"method": "POST", "path": "/webhook"}},
            "body": body.decode("utf-8"),
            "isBase64Encoded": False,
        }
        answer = aws_lambda.handler(event, None)
        assert answer["statusCode"] == 202, answer
        got = sqs.receive_message(QueueUrl=aws, MaxNumberOfMessages=10, AttributeNames=["All"])
        records = [
            {"messageId": m["MessageId"], "body": m["Body"], "attributes": m["Attributes"]}
            for m in got["Messages"]
        ]
        assert len(records) == 1
        assert records[0]["attributes"]["MessageGroupId"] == REPO.full_name
        assert aws_lambda.worker({"Records": records}, None) == {"batchItemFailures": []}
        for message in got["Messages"]:  # what Lambda's SQS event source does on success
            sqs.delete_message(QueueUrl=aws, ReceiptHandle=message["ReceiptHandle"])

    release_cycle(lifecycle, deliver)


@pytest.mark.parametrize("padding", [0, 400_000], ids=["as-sent", "over-sqs-limit"])
def test_azure_function_route(
    lifecycle: Lifecycle,
    environment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    padding: int,
) -> None:
    """The cycle through the Azure route, which queues nothing: large payloads are handled."""
    monkeypatch.setattr(
        azure_functions, "door", azure_functions.Door(environ=environment, json_logs=False)
    )

    def deliver(landed: Landed) -> None:
        headers, body = signed(landed, padding=padding)
        request = func.HttpRequest(
            method="POST", url="https://regent.example/api/webhook", headers=headers, body=body
        )
        response = azure_functions.respond(request)
        answer: dict[str, Any] = json.loads(response.get_body())
        assert response.status_code == 200, answer
        assert answer["message"] == "handled"

    release_cycle(lifecycle, deliver)
