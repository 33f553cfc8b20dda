"""The AWS Lambda door: ``handler`` receives GitHub's deliveries, ``worker`` handles them.

``handler`` takes API Gateway HTTP API (payload 2.0), REST API (1.0) and Function URL events:
it turns one into headers and the raw body bytes, lets the ``WebhookReceiver`` verify, parse
and de-duplicate it, and then either answers (ping, ignored, refused) or hands the delivery
on. With ``REGENT_SQS_QUEUE_URL`` set it is put on that SQS FIFO queue (one message group per
repository, de-duplicated by delivery id) and answered 202; ``worker``, the queue's event
source, rebuilds and handles each message. Without a queue the delivery is handled inline
and answered 200, which risks GitHub's 10 s timeout (docs/deploy.md).

Settings are the environment merged with the JSON object in the Secrets Manager secret named
by ``REGENT_SECRETS_ARN`` (plain environment variables win), read once per container. The
heavy worker (PyGithub, GitPython) is built on first use and kept for the container's life.
boto3 is imported only here, and only when a queue or secret is used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regent.core.errors import RegentError, UsageError
from regent.core.webhooks import (
    MAX_BODY_BYTES,
    BodyTooLarge,
    Delivery,
    PayloadError,
    parse_delivery,
)
from regent.runtimes.json_logs import delivery_context, use_json_logs
from regent.runtimes.webhook_door import (
    Handle,
    Reply,
    WebhookReceiver,
    accepted,
    build_worker,
    handle_with,
)
from regent.runtimes.webhook_settings import WebhookSettings, read_webhook_settings

log = logging.getLogger(__name__)

QUEUE_SETTING = "REGENT_SQS_QUEUE_URL"
SECRETS_SETTING = "REGENT_SECRETS_ARN"
SQS_MAX_MESSAGE_BYTES = 256 * 1024
"""SQS's classic message size limit (the smallest any region or emulator enforces)."""
SQS_ID_MAX = 128
_SQS_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}")
_BULKY_FIELDS = ("commits", "head_commit")
"""Push payload fields no route reads, dropped when a message would not fit in SQS."""
_JSON_HEADERS = {"content-type": "application/json"}

LambdaEvent = Mapping[str, Any]
LambdaResult = dict[str, Any]


def _default_client(service: str) -> Any:
    import boto3  # noqa: PLC0415

    return boto3.client(service)


def _default_handle(settings: WebhookSettings) -> Handle:
    return handle_with(build_worker(settings))


@dataclass
class Container:
    """What one Lambda container keeps between invocations: settings, receiver, clients."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    client: Callable[[str], Any] = _default_client
    """Makes a boto3 client for a service name ("sqs", "secretsmanager")."""
    build_handle: Callable[[WebhookSettings], Handle] = _default_handle
    json_logs: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _logging: bool = field(default=False, repr=False)
    _secret_values: dict[str, str] | None = field(default=None, repr=False)
    _settings: WebhookSettings | None = field(default=None, repr=False)
    _receiver: WebhookReceiver | None = field(default=None, repr=False)
    _handle: Handle | None = field(default=None, repr=False)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)

    def start_logging(self) -> None:
        """JSON-line logs, set up on the first invocation."""
        if self.json_logs and not self._logging:
            use_json_logs()
            self._logging = True

    def settings(self) -> WebhookSettings:
        """The settings, read once; a ``UsageError`` naming every missing or invalid one."""
        with self._lock:
            if self._settings is None:
                self._settings = read_webhook_settings(self._merged_environ())
            return self._settings

    def receiver(self) -> WebhookReceiver:
        """The receiver (and its memory of recent delivery ids) for this container."""
        settings = self.settings()
        with self._lock:
            if self._receiver is None:
                self._receiver = WebhookReceiver(secrets=settings.webhook_secrets)
            return self._receiver

    def handle(self) -> Handle:
        """The worker-side handler, built on first use (PyGithub, GitPython) and kept."""
        settings = self.settings()
        with self._lock:
            if self._handle is None:
                self._handle = self.build_handle(settings)
            return self._handle

    def aws(self, service: str) -> Any:
        """One boto3 client per service, made on first use."""
        if service not in self._clients:
            self._clients[service] = self.client(service)
        return self._clients[service]

    @property
    def queue_url(self) -> str:
        """The SQS FIFO queue to put deliveries on; empty: handle them inline."""
        return self.environ.get(QUEUE_SETTING, "").strip()

    def _merged_environ(self) -> dict[str, str]:
        plain = {name: value for name, value in self.environ.items() if value.strip()}
        return self._secrets() | plain

    def _secrets(self) -> dict[str, str]:
        arn = self.environ.get(SECRETS_SETTING, "").strip()
        if not arn:
            return {}
        if self._secret_values is None:
            try:
                client = self.aws("secretsmanager")
            except Exception as error:  # no region, no credentials: say which setting needs it
                raise UsageError(
                    f"the webhook service cannot start: {SECRETS_SETTING} {arn} cannot be read "
                    f"(no Secrets Manager client: {error})"
                ) from None
            self._secret_values = _read_secret(client, arn)
        return self._secret_values


def _read_secret(client: Any, arn: str) -> dict[str, str]:
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

    try:
        text = client.get_secret_value(SecretId=arn).get("SecretString")
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        raise UsageError(
            f"the webhook service cannot start: {SECRETS_SETTING} {arn} cannot be read ({code}); "
            "check the secret exists and the function's role may call GetSecretValue on it"
        ) from None
    except BotoCoreError as error:
        raise UsageError(
            f"the webhook service cannot start: {SECRETS_SETTING} {arn} cannot be read ({error})"
        ) from None
    try:
        values = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise UsageError(
            f"the webhook service cannot start: the secret {SECRETS_SETTING} names does not hold "
            "a JSON object in its SecretString (keys GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET)"
        )
    return {
        str(name): value if isinstance(value, str) else json.dumps(value)
        for name, value in values.items()
        if value is not None
    }


container = Container()
"""This container's state; tests put a fresh ``Container`` here."""


def handler(event: LambdaEvent, context: object) -> LambdaResult:
    """API Gateway (HTTP or REST API) or Function URL event -> the HTTP answer."""
    door = container
    door.start_logging()
    headers = _headers(event)
    with delivery_context(
        delivery_id=headers.get("x-github-delivery", "?"),
        repository=None,
        event=headers.get("x-github-event"),
    ):
        return _response(_receive(door, event, headers))


def _receive(door: Container, event: LambdaEvent, headers: Mapping[str, str]) -> Reply:
    method = _method(event)
    if method != "POST":
        log.warning("%s request refused: only POST is accepted", method or "a non-HTTP")
        return Reply(405, {"message": f"{method or 'this request'} is not accepted; GitHub POSTs"})
    try:
        body = _body(event)
        receiver = door.receiver()
    except PayloadError as error:
        return Reply(error.status, {"message": str(error)})
    except UsageError as error:
        log.error("%s", error)
        return Reply(500, {"message": str(error)})
    received = receiver.receive(headers, body)
    if isinstance(received, Reply):
        return received
    with delivery_context(
        delivery_id=received.id, repository=received.repository, event=received.event
    ):
        if door.queue_url:
            return _enqueue(door, receiver, received, body)
        return _handle_inline(door, receiver, received)


def _method(event: LambdaEvent) -> str:
    http = _mapping(_mapping(event.get("requestContext")).get("http"))
    method = http.get("method") or event.get("httpMethod") or ""
    return str(method).upper()


def _headers(event: LambdaEvent) -> dict[str, str]:
    """Lower-case names; a REST API's multi-value headers give their last value."""
    found: dict[str, str] = {}
    for name, values in _mapping(event.get("multiValueHeaders")).items():
        if isinstance(values, list) and values:
            found[str(name).lower()] = str(values[-1])
    for name, value in _mapping(event.get("headers")).items():
        if value is not None:
            found[str(name).lower()] = str(value)
    return found


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _body(event: LambdaEvent) -> bytes:
    """The raw body bytes (base64-decoded when the event says so); 413 over the limit."""
    text = event.get("body") or ""
    if not isinstance(text, str):
        raise PayloadError("the event's body is not text")
    encoded = bool(event.get("isBase64Encoded"))
    if len(text) > (MAX_BODY_BYTES * 4 // 3 + 4 if encoded else MAX_BODY_BYTES * 4):
        raise BodyTooLarge(f"the body is over the {MAX_BODY_BYTES} bytes GitHub ever sends")
    if not encoded:
        return text.encode("utf-8")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise PayloadError("the event's body is marked base64 but does not decode") from None


def _enqueue(door: Container, receiver: WebhookReceiver, delivery: Delivery, body: bytes) -> Reply:
    try:
        message = queue_message(delivery, body)
        door.aws("sqs").send_message(
            QueueUrl=door.queue_url,
            MessageBody=message,
            MessageGroupId=sqs_id(delivery.repository or f"delivery-{delivery.id}"),
            MessageDeduplicationId=sqs_id(delivery.id),
        )
    except Exception as error:  # any failure to queue is answered 503
        receiver.forget(delivery)
        log.error("delivery %s could not be queued: %s", delivery.id, error)
        return Reply(
            503,
            {"message": "the delivery could not be queued; redeliver it", "delivery": delivery.id},
        )
    log.info("delivery %s queued for %s", delivery.id, delivery.repository or "no repository")
    return accepted(delivery)


def _handle_inline(door: Container, receiver: WebhookReceiver, delivery: Delivery) -> Reply:
    try:
        outcome = door.handle()(delivery)
    except RegentError as error:
        receiver.forget(delivery)
        log.error("delivery %s failed: %s", delivery.id, error)
        status = 503 if error.retryable else 500 if isinstance(error, UsageError) else 422
        return Reply(status, {"message": str(error), "delivery": delivery.id})
    except Exception:
        receiver.forget(delivery)
        log.exception("delivery %s failed", delivery.id)
        return Reply(500, {"message": "the delivery failed; see the logs", "delivery": delivery.id})
    log.info("delivery %s handled: %s", delivery.id, outcome)
    return Reply(200, {"message": "handled", "delivery": delivery.id, "outcome": outcome})


def _response(reply: Reply) -> LambdaResult:
    headers = dict(_JSON_HEADERS)
    if reply.status == 405:
        headers["allow"] = "POST"
    return {"statusCode": reply.status, "headers": headers, "body": json.dumps(dict(reply.body))}


def sqs_id(text: str) -> str:
    """``text`` as an SQS group or de-duplication id: itself when allowed, else a digest."""
    if _SQS_ID.fullmatch(text):
        return text
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def queue_message(delivery: Delivery, body: bytes) -> str:
    """The SQS message body: what ``parse_delivery`` needs to rebuild the delivery.

    A payload too big for SQS loses the push fields no route reads (``commits``,
    ``head_commit``); one still too big is a ``ValueError``.
    """
    text = body.decode("utf-8")
    message = _message(delivery, text, trimmed=False)
    if len(message.encode("utf-8")) <= SQS_MAX_MESSAGE_BYTES:
        return message
    payload = json.loads(text)
    for name in _BULKY_FIELDS:
        payload.pop(name, None)
    message = _message(delivery, json.dumps(payload, ensure_ascii=False), trimmed=True)
    if len(message.encode("utf-8")) > SQS_MAX_MESSAGE_BYTES:
        raise ValueError(
            f"the {delivery.event} payload is over the {SQS_MAX_MESSAGE_BYTES} bytes SQS takes"
        )
    return message


def _message(delivery: Delivery, text: str, *, trimmed: bool) -> str:
    return json.dumps(
        {
            "event": delivery.event,
            "delivery_id": delivery.id,
            "headers": {"x-github-event": delivery.event, "x-github-delivery": delivery.id},
            "body": text,
            "trimmed": trimmed,
        },
        ensure_ascii=False,
    )


def rebuild_delivery(message: str) -> Delivery:
    """The delivery in a queue message (verified before it was queued: the queue is trusted)."""
    try:
        entry = json.loads(message)
        headers = _mapping(entry.get("headers")) if isinstance(entry, dict) else {}
        body = entry["body"] if isinstance(entry, dict) else None
    except (ValueError, KeyError):
        headers, body = {}, None
    if not isinstance(body, str):
        raise PayloadError("the queue message is not a Release Regent delivery (no body)")
    return parse_delivery(
        event=headers.get("x-github-event"),
        delivery_id=headers.get("x-github-delivery"),
        body=body.encode("utf-8"),
    )


def worker(event: LambdaEvent, context: object) -> LambdaResult:
    """SQS event -> the records to retry (``batchItemFailures``), in order per repository.

    A record failing with a retryable error or an unexpected exception is retried (then, after
    the queue's ``maxReceiveCount``, dead-lettered), and so is every later record of its
    message group in the batch, keeping each repository's deliveries in order. A record that
    cannot succeed (not a delivery, bad configuration in the repository) is logged and dropped.
    """
    door = container
    door.start_logging()
    records = [r for r in event.get("Records") or [] if isinstance(r, Mapping)]
    failures: list[str] = []
    failed_groups: set[str] = set()
    try:
        handle = door.handle()
    except Exception as error:  # no worker: every record is retried
        log.error("no worker (%s); the %d deliveries are retried", error, len(records))
        return _batch_failures([str(r.get("messageId")) for r in records])
    for record in records:
        message_id = str(record.get("messageId"))
        group = str(_mapping(record.get("attributes")).get("MessageGroupId", ""))
        if group and group in failed_groups:
            log.info("message %s waits for the earlier failure in its group %s", message_id, group)
            failures.append(message_id)
            continue
        if not _work(handle, message_id, str(record.get("body", ""))):
            failures.append(message_id)
            if group:
                failed_groups.add(group)
    return _batch_failures(failures)


def _work(handle: Handle, message_id: str, message: str) -> bool:
    """Handle one record; False when it should be retried."""
    try:
        delivery = rebuild_delivery(message)
    except PayloadError as error:
        log.error("message %s dropped: %s", message_id, error)
        return True
    with delivery_context(
        delivery_id=delivery.id, repository=delivery.repository, event=delivery.event
    ):
        try:
            outcome = handle(delivery)
        except RegentError as error:
            again = "; retried" if error.retryable else "; not retried"
            log.error("delivery %s failed: %s%s", delivery.id, error, again)
            return not error.retryable
        except Exception:
            log.exception("delivery %s failed; retried", delivery.id)
            return False
        log.info("delivery %s handled: %s", delivery.id, outcome)
        return True


def _batch_failures(message_ids: list[str]) -> LambdaResult:
    return {"batchItemFailures": [{"itemIdentifier": item} for item in message_ids]}
