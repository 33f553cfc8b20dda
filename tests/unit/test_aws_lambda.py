"""The AWS Lambda door: API Gateway / Function URL events in, SQS (moto) out, the SQS worker.

Real receiver, signatures and parsing; AWS is moto; only the worker's handler is a recording
fake (injected where ``build_worker`` would be called).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from regent.core.errors import ConfigError, GitHubUnavailableError
from regent.core.routing import Reconcile
from regent.runtimes.webhook import aws_lambda
from regent.runtimes.webhook.aws_lambda import Container, handler, worker
from regent.runtimes.webhook.aws_sqs import (
    ROUTED_FIELDS,
    queue_message,
    rebuild_delivery,
    routed_fields,
    sqs_id,
)
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import Handle
from regent.runtimes.webhook.settings import WebhookSettings
from regent.webhook import MAX_BODY_BYTES
from tests.delivery_ids import delivery_id, name_of
from tests.shared_data import SHARED_FIXTURES

SECRET = "s3cret-for-tests"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----"
ENV = {"GITHUB_APP_ID": "123", "GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": SECRET}
REPO = "octo-org/widgets"


def push_payload(repo: str = REPO, branch: str = "main") -> bytes:
    return json.dumps(
        {
            "ref": f"refs/heads/{branch}",
            "deleted": False,
            "repository": {
                "full_name": repo,
                "default_branch": "main",
                "clone_url": f"https://github.com/{repo}.git",
            },
            "installation": {"id": 42},
            "commits": [{"id": "a" * 40, "message": "feat: ünïcode"}],
        },
        ensure_ascii=False,
    ).encode("utf-8")


PING = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 7}).encode()


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def github_headers(body: bytes, *, event: str = "push", delivery: str = "d-1") -> dict[str, str]:
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery_id(delivery),
        "X-Hub-Signature-256": sign(body),
        "Content-Type": "application/json",
    }


def v2_event(
    body: bytes, headers: dict[str, str], *, b64: bool = False, method: str = "POST"
) -> dict[str, Any]:
    """API Gateway HTTP API, payload format 2.0 (lower-case header names)."""
    return {
        "version": "2.0",
        "routeKey": "POST /webhook",
        "rawPath": "/webhook",
        "headers": {name.lower(): value for name, value in headers.items()},
        "requestContext": {"http": {"method": method, "path": "/webhook"}},
        "body": base64.b64encode(body).decode() if b64 else body.decode("utf-8"),
        "isBase64Encoded": b64,
    }


def v1_event(
    body: bytes, headers: dict[str, str], *, b64: bool = False, method: str = "POST"
) -> dict[str, Any]:
    """API Gateway REST API, payload format 1.0 (headers as sent, plus multiValueHeaders)."""
    return {
        "resource": "/webhook",
        "path": "/webhook",
        "httpMethod": method,
        "headers": dict(headers),
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "requestContext": {"httpMethod": method, "stage": "prod"},
        "body": base64.b64encode(body).decode() if b64 else body.decode("utf-8"),
        "isBase64Encoded": b64,
    }


def function_url_event(body: bytes, headers: dict[str, str], *, b64: bool = True) -> dict[str, Any]:
    """Lambda Function URL: the 2.0 shape, with the URL's domain."""
    event = v2_event(body, headers, b64=b64)
    event["routeKey"] = "$default"
    event["requestContext"]["domainName"] = "abc123.lambda-url.eu-west-1.on.aws"
    return event


class Recorder:
    """The worker-side handler's stand-in: records what it is given, fails on request."""

    def __init__(self) -> None:
        self.handled: list[Delivery] = []
        self.built = 0
        self.fail: dict[str, Exception] = {}

    def build(self, settings: WebhookSettings) -> Handle:
        self.built += 1

        def handle(delivery: Delivery) -> str:
            self.handled.append(delivery)
            if name_of(delivery.id) in self.fail:
                raise self.fail[name_of(delivery.id)]
            return "release-pr-updated"

        return handle


class Calls:
    """Counts AWS API calls by operation, through botocore's event hooks."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}

    def client(self, service: str) -> Any:
        made = boto3.client(service, region_name="us-east-1")
        made.meta.events.register("before-call.*.*", self._seen)
        return made

    def _seen(self, model: Any, **_: Any) -> None:
        self.count[model.name] = self.count.get(model.name, 0) + 1


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def queue_url(aws: None) -> str:
    sqs = boto3.client("sqs", region_name="us-east-1")
    return str(
        sqs.create_queue(
            QueueName="deliveries.fifo",
            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "false"},
        )["QueueUrl"]
    )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def install(
    monkeypatch: pytest.MonkeyPatch, recorder: Recorder, calls: Calls
) -> Callable[[dict[str, str]], Container]:
    def put(environ: dict[str, str]) -> Container:
        door = Container(
            environ=environ, client=calls.client, build_handle=recorder.build, json_logs=False
        )
        monkeypatch.setattr(aws_lambda, "container", door)
        return door

    return put


def messages(queue_url: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name="us-east-1")
    got = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"], WaitTimeSeconds=0
    )
    return list(got.get("Messages", []))


def reply(result: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    assert result["headers"]["content-type"] == "application/json"
    return result["statusCode"], json.loads(result["body"])


@pytest.mark.parametrize(
    ("shape", "make"),
    [
        ("http-api-v2", v2_event),
        ("http-api-v2-base64", lambda b, h: v2_event(b, h, b64=True)),
        ("rest-api-v1", v1_event),
        ("rest-api-v1-base64", lambda b, h: v1_event(b, h, b64=True)),
        ("function-url", function_url_event),
    ],
)
def test_a_signed_delivery_is_queued_by_repository_and_answered_202(
    shape: str,
    make: Callable[[bytes, dict[str, str]], dict[str, Any]],
    queue_url: str,
    install: Callable[[dict[str, str]], Container],
    recorder: Recorder,
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    body = push_payload()

    status, answer = reply(handler(make(body, github_headers(body, delivery=shape)), None))

    assert (status, answer) == (202, {"message": "accepted", "delivery": delivery_id(shape)})
    [message] = messages(queue_url)
    assert message["Attributes"]["MessageGroupId"] == REPO
    assert message["Attributes"]["MessageDeduplicationId"] == delivery_id(shape)
    queued = json.loads(message["Body"])
    assert queued["event"] == "push"
    assert queued["delivery_id"] == delivery_id(shape)
    assert json.loads(queued["body"]) == routed_fields(json.loads(body), ROUTED_FIELDS)
    assert "commits" not in queued["body"]  # queued: what the router reads, nothing more
    assert set(queued) == {"event", "delivery_id", "body"}
    assert recorder.built == 0, "the receiving path never builds the worker"


def test_a_bad_signature_is_401_and_nothing_is_queued(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    body = push_payload()
    headers = github_headers(body) | {"X-Hub-Signature-256": sign(body, "another secret")}

    status, answer = reply(handler(v2_event(body, headers), None))

    assert status == 401
    assert "X-Hub-Signature-256" in answer["message"]
    assert messages(queue_url) == []


def test_a_ping_is_answered_200_and_not_queued(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})

    status, answer = reply(handler(v1_event(PING, github_headers(PING, event="ping")), None))

    assert (status, answer["message"]) == (200, "pong")
    assert messages(queue_url) == []


@pytest.mark.parametrize("make", [v2_event, v1_event], ids=["v2", "v1"])
def test_only_post_is_accepted(
    make: Callable[..., dict[str, Any]], install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV)
    result = handler(make(PING, github_headers(PING, event="ping"), method="GET"), None)

    assert result["statusCode"] == 405
    assert result["headers"]["allow"] == "POST"


def test_a_body_over_the_limit_is_413(install: Callable[[dict[str, str]], Container]) -> None:
    install(ENV)
    big = b"{" + b" " * MAX_BODY_BYTES + b"}"
    event = v2_event(b"{}", github_headers(big), b64=True)
    event["body"] = base64.b64encode(big).decode()

    status, _ = reply(handler(event, None))

    assert status == 413


def test_a_body_marked_base64_that_is_not_is_400(
    install: Callable[[dict[str, str]], Container],
) -> None:
    install(ENV)
    event = v2_event(PING, github_headers(PING, event="ping"))
    event["isBase64Encoded"] = True
    event["body"] = "not base64!"

    assert handler(event, None)["statusCode"] == 400


def test_a_redelivered_id_is_200_duplicate_within_one_container(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    body = push_payload()
    event = v2_event(body, github_headers(body, delivery="same"))

    first, _ = reply(handler(event, None))
    second, answer = reply(handler(event, None))

    assert (first, second) == (202, 200)
    assert "already received" in answer["message"]
    assert len(messages(queue_url)) == 1


def test_a_failure_to_queue_is_503_and_a_redelivery_gets_through(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    door = install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url + "-missing"})
    body = push_payload()
    event = v2_event(body, github_headers(body, delivery="retry-me"))

    status, answer = reply(handler(event, None))
    assert (status, answer["delivery"]) == (503, delivery_id("retry-me"))

    door.environ = ENV | {"REGENT_SQS_QUEUE_URL": queue_url}
    status, _ = reply(handler(event, None))
    assert status == 202
    assert len(messages(queue_url)) == 1


def test_without_a_queue_the_delivery_is_handled_inline(
    install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    install(ENV)
    body = push_payload()

    status, answer = reply(handler(v2_event(body, github_headers(body)), None))
    reply(handler(v2_event(body, github_headers(body, delivery="d-2")), None))

    assert (status, answer["outcome"]) == (200, "release-pr-updated")
    assert [name_of(d.id) for d in recorder.handled] == ["d-1", "d-2"]
    assert isinstance(recorder.handled[0].route, Reconcile)
    assert recorder.built == 1, "the worker is built once per container"


def test_an_inline_retryable_failure_is_503_and_forgotten(
    install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    install(ENV)
    recorder.fail["d-1"] = GitHubUnavailableError("GitHub is down", status=502)
    body = push_payload()
    event = v2_event(body, github_headers(body))

    assert handler(event, None)["statusCode"] == 503
    del recorder.fail["d-1"]
    assert handler(event, None)["statusCode"] == 200


def test_secrets_manager_supplies_the_secrets_once_per_container(
    aws: None, install: Callable[[dict[str, str]], Container], calls: Calls
) -> None:
    arn = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name="regent-app",
        SecretString=json.dumps({"GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": SECRET}),
    )["ARN"]
    install({"GITHUB_APP_ID": "123", "REGENT_SECRETS_ARN": arn})

    for delivery in ("p-1", "p-2"):
        event = v2_event(PING, github_headers(PING, event="ping", delivery=delivery))
        assert handler(event, None)["statusCode"] == 200

    assert calls.count == {"GetSecretValue": 1}


def test_plain_environment_variables_win_over_the_secret(
    aws: None, install: Callable[[dict[str, str]], Container]
) -> None:
    arn = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name="regent-app",
        SecretString=json.dumps({"GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": "old"}),
    )["ARN"]
    install(ENV | {"REGENT_SECRETS_ARN": arn, "GITHUB_WEBHOOK_SECRET": SECRET})

    event = v2_event(PING, github_headers(PING, event="ping"))
    assert handler(event, None)["statusCode"] == 200


def test_missing_settings_are_500_naming_them(
    install: Callable[[dict[str, str]], Container], caplog: pytest.LogCaptureFixture
) -> None:
    install({"GITHUB_APP_ID": "123"})

    status, answer = reply(handler(v2_event(PING, github_headers(PING, event="ping")), None))

    assert status == 500
    assert "GITHUB_APP_PRIVATE_KEY" in answer["message"]
    assert "GITHUB_WEBHOOK_SECRET" in answer["message"]
    assert any("GITHUB_WEBHOOK_SECRET" in r.getMessage() for r in caplog.records)


def test_an_unreadable_secret_is_500_naming_the_setting(
    aws: None, install: Callable[[dict[str, str]], Container]
) -> None:
    install({"GITHUB_APP_ID": "123", "REGENT_SECRETS_ARN": "arn:aws:secretsmanager:nope"})

    status, answer = reply(handler(v2_event(PING, github_headers(PING, event="ping")), None))

    assert status == 500
    assert "REGENT_SECRETS_ARN" in answer["message"]


def test_log_lines_are_json_with_the_delivery_id(
    install: Callable[[dict[str, str]], Container], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(logging.getLogger("regent"), "level", logging.getLogger("regent").level)
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    door = install(ENV)
    door.json_logs = True
    body = push_payload()
    bad = github_headers(body, delivery="json-1") | {"X-Hub-Signature-256": "sha256=00"}

    handler(v2_event(body, bad), None)
    handler(v2_event(body, github_headers(body, delivery="json-2")), None)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines
    assert {name_of(line["delivery_id"]) for line in lines} == {"json-1", "json-2"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("72d3162e-cc78-11e3-81ab-4c9367dc0958", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
        ("owner/repo.name_x", "owner/repo.name_x"),
        ("with space", hashlib.sha256(b"with space").hexdigest()),
        ("x" * 129, hashlib.sha256(b"x" * 129).hexdigest()),
        ("ünïcode", hashlib.sha256("ünïcode".encode()).hexdigest()),
    ],
)
def test_sqs_ids_are_kept_when_allowed_and_hashed_otherwise(text: str, expected: str) -> None:
    assert sqs_id(text) == expected


def test_a_push_too_big_for_sqs_is_queued_without_its_commits(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    payload = json.loads(push_payload())
    payload["commits"] = [{"id": f"{n:040x}", "message": "x" * 1000} for n in range(400)]
    body = json.dumps(payload).encode()

    assert handler(v2_event(body, github_headers(body)), None)["statusCode"] == 202

    [message] = messages(queue_url)
    queued = json.loads(message["Body"])
    assert "commits" not in json.loads(queued["body"])
    assert rebuild_delivery(message["Body"]).repository == REPO


def test_a_delivery_too_big_for_sqs_even_reduced_is_refused_for_good(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    body = push_payload(branch="b" * 300_000)  # only a forged (but signed) body names such a ref
    event = v2_event(body, github_headers(body, delivery="0b7f0c4e-3d58-4a55-9a8e-6e1b0c2d9f10"))

    answers = [reply(handler(event, None)) for _ in range(2)]

    for status, answer in answers:  # a redelivery gets the same answer, not "already received"
        assert status == 413
        assert "even reduced to the fields Release Regent reads" in answer["message"]
        assert "redelivering it will not help" in answer["message"]
    assert messages(queue_url) == []


# --- worker: the SQS event source ---------------------------------------------------------


def sqs_record(body: bytes, delivery: str, *, event: str = "push", group: str = REPO) -> Any:
    message = queue_message(
        rebuild_delivery(
            json.dumps(
                {"event": event, "delivery_id": delivery_id(delivery), "body": body.decode()}
            )
        ),
        body,
    )
    return {
        "messageId": f"m-{delivery}",
        "body": message,
        "attributes": {"MessageGroupId": group, "MessageDeduplicationId": delivery},
        "eventSource": "aws:sqs",
    }


def test_the_worker_handles_records_in_order(
    install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    install(ENV)
    other = push_payload("octo-org/gears")
    records = [
        sqs_record(push_payload(), "a"),
        sqs_record(other, "b", group="octo-org/gears"),
        sqs_record(push_payload(), "c"),
    ]

    assert worker({"Records": records}, None) == {"batchItemFailures": []}
    assert [(name_of(d.id), d.repository) for d in recorder.handled] == [
        ("a", REPO),
        ("b", "octo-org/gears"),
        ("c", REPO),
    ]


def test_a_retryable_failure_is_retried_with_the_rest_of_its_group(
    install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    install(ENV)
    recorder.fail["a"] = GitHubUnavailableError("GitHub answered 502 three times", status=502)
    recorder.fail["b"] = RuntimeError("unexpected")
    records = [
        sqs_record(push_payload(), "a"),
        sqs_record(push_payload("octo-org/gears"), "b", group="octo-org/gears"),
        sqs_record(push_payload(), "c"),
        sqs_record(push_payload("octo-org/bolts"), "d", group="octo-org/bolts"),
    ]

    result = worker({"Records": records}, None)

    assert result == {"batchItemFailures": [{"itemIdentifier": f"m-{n}"} for n in ("a", "b", "c")]}
    assert [name_of(d.id) for d in recorder.handled] == ["a", "b", "d"]


def test_a_non_retryable_failure_is_logged_and_not_retried(
    install: Callable[[dict[str, str]], Container],
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    install(ENV)
    recorder.fail["a"] = ConfigError("unknown key 'relase'", path=".release-regent.yml", line=3)
    records = [sqs_record(push_payload(), "a"), {"messageId": "junk", "body": "not json"}]

    assert worker({"Records": records}, None) == {"batchItemFailures": []}
    assert any("relase" in r.getMessage() for r in caplog.records)
    assert any("junk" in r.getMessage() for r in caplog.records)


def test_the_worker_retries_everything_without_settings(
    install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    install({})
    result = worker({"Records": [sqs_record(push_payload(), "a")]}, None)

    assert result == {"batchItemFailures": [{"itemIdentifier": "m-a"}]}
    assert recorder.handled == []


def test_a_queued_shared_merge_payload_is_rebuilt_by_the_worker(
    queue_url: str, install: Callable[[dict[str, str]], Container], recorder: Recorder
) -> None:
    path = SHARED_FIXTURES / "webhooks" / "pull_request" / "closed.merged.gitpoap-bot.json"
    if not path.exists():
        pytest.skip(f"shared fixture {path} not present (fresh clone)")
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    body = path.read_bytes()
    event = v1_event(body, github_headers(body, event="pull_request", delivery="gp-1"), b64=True)

    assert handler(event, None)["statusCode"] == 202
    [message] = messages(queue_url)
    record = {"messageId": message["MessageId"], "body": message["Body"], "attributes": {}}

    assert worker({"Records": [record]}, None) == {"batchItemFailures": []}
    [delivery] = recorder.handled
    assert isinstance(delivery.route, Reconcile)
    assert delivery.repository == "Codertocat/Hello-World"
    assert message["Attributes"]["MessageGroupId"] == "Codertocat/Hello-World"


def test_no_secrets_manager_client_is_500_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_client(service: str) -> Any:
        raise RuntimeError("You must specify a region.")

    door = Container(
        environ={"GITHUB_APP_ID": "1", "REGENT_SECRETS_ARN": "arn:x"},
        client=no_client,
        json_logs=False,
    )
    monkeypatch.setattr(aws_lambda, "container", door)

    status, answer = reply(handler(v2_event(PING, github_headers(PING, event="ping")), None))

    assert status == 500
    assert "REGENT_SECRETS_ARN" in answer["message"]
    assert "region" in answer["message"]


def test_a_payload_holding_a_lone_surrogate_is_queued_and_rebuilt_as_sent(
    queue_url: str, install: Callable[[dict[str, str]], Container]
) -> None:
    install(ENV | {"REGENT_SQS_QUEUE_URL": queue_url})
    # a JSON escape of a lone surrogate: GitHub never sends one, but the body is signed
    body = push_payload(branch="LONE-main").replace(b"LONE", b"\\ud800")
    event = v2_event(body, github_headers(body, delivery="surrogate"))

    status, _ = reply(handler(event, None))

    assert status == 202
    [message] = messages(queue_url)
    rebuilt = rebuild_delivery(message["Body"])
    assert isinstance(rebuilt.route, Reconcile)
    assert rebuilt.route.base_branch == "\ud800-main"


def test_header_values_in_log_lines_are_cut(
    install: Callable[[dict[str, str]], Container], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(logging.getLogger("regent"), "level", logging.getLogger("regent").level)
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    door = install(ENV)
    door.json_logs = True
    body = push_payload()
    headers = github_headers(body) | {
        "X-GitHub-Delivery": "d" * 10_005,
        "X-GitHub-Event": "e" * 5_000,
    }

    status, _ = reply(handler(v2_event(body, headers), None))

    assert status == 400
    lines = stream.getvalue().splitlines()
    assert lines
    assert all(len(line) < 2_000 for line in lines)
    assert all(json.loads(line)["delivery_id"].endswith("(10005 characters)") for line in lines)
