"""The AWS Lambda door: ``handler`` receives GitHub's deliveries, ``worker`` handles them.

``handler`` takes API Gateway HTTP API (payload 2.0), REST API (1.0) and Function URL events:
it turns one into headers and the raw body bytes, lets the ``WebhookReceiver`` verify, parse
and de-duplicate it, and then either answers (ping, ignored, refused) or hands the delivery
on. With ``REGENT_SQS_QUEUE_URL`` set it is put on that SQS FIFO queue (one message group per
repository, de-duplicated by delivery id; the payload reduced to the fields the router reads, so
it fits SQS's 256 KB) and answered 202; ``worker``, the queue's event
source, rebuilds and handles each message. Without a queue the delivery is handled inline
and answered 200, which risks GitHub's 10 s timeout (docs/deploy.md).

Each invocation writes its counters (deliveries by event and outcome, handled ones by App
installation, GitHub requests' times) to stdout as CloudWatch embedded-metric-format lines
(``emf.py``), /metrics' names.

Settings are the environment merged with the JSON object in the Secrets Manager secret named
by ``REGENT_SECRETS_ARN`` (plain environment variables win), read once per container. The
heavy worker (PyGithub, GitPython) is built on first use and kept for the container's life.
boto3 is imported only here, and only when a queue or secret is used.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from regent.core.errors import RegentError, UsageError
from regent.core.routing import PayloadError
from regent.core.tracing import current_tracer
from regent.runtimes.json_logs import delivery_context, failure
from regent.runtimes.webhook.aws_sqs import queue_message, rebuild_delivery, sqs_id
from regent.runtimes.webhook.delivery import Delivery, delivery_run
from regent.runtimes.webhook.door import Handle, WebhookReceiver, default_handle
from regent.runtimes.webhook.emf import EmfMetrics, counted, event_label, observed_handle
from regent.runtimes.webhook.state import DoorState, handled_inline
from regent.webhook import BadDelivery, BodyTooLarge, Reply, WebhookError
from regent.webhook.replies import accepted, not_posted, not_queued, refused

log = logging.getLogger(__name__)

QUEUE_SETTING = "REGENT_SQS_QUEUE_URL"
SECRETS_SETTING = "REGENT_SECRETS_ARN"
_JSON_HEADERS = {"content-type": "application/json"}

LambdaEvent = Mapping[str, Any]
LambdaResult = dict[str, Any]


def _default_client(service: str) -> Any:
    import boto3  # noqa: PLC0415

    return boto3.client(service)


@dataclass
class Container(DoorState):
    """What one Lambda container keeps between invocations: settings, receiver, clients."""

    client: Callable[[str], Any] = _default_client
    """Makes a boto3 client for a service name ("sqs", "secretsmanager")."""
    emf: EmfMetrics = field(default_factory=EmfMetrics)
    """The invocation's counters, written as CloudWatch EMF lines when it ends."""
    _secret_values: dict[str, str] | None = field(default=None, repr=False)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.build_handle is default_handle:  # the real worker: its GitHub requests timed
            self.build_handle = partial(observed_handle, metrics=self.emf)

    def aws(self, service: str) -> Any:
        """One boto3 client per service, made on first use."""
        if service not in self._clients:
            self._clients[service] = self.client(service)
        return self._clients[service]

    @property
    def queue_url(self) -> str:
        """The SQS FIFO queue to put deliveries on; empty: handle them inline."""
        return self.environ.get(QUEUE_SETTING, "").strip()

    def environment(self) -> Mapping[str, str]:
        """The environment merged with the Secrets Manager secret's values (plain ones win)."""
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
        door="lambda",
    ):
        reply = _receive(door, event, headers)
    door.emf.delivery(event_label(headers.get("x-github-event")), reply.outcome)
    door.emf.flush()
    return _response(reply)


def _receive(door: Container, event: LambdaEvent, headers: Mapping[str, str]) -> Reply:
    method = _method(event)
    if method != "POST":
        log.warning("%s request refused: only POST is accepted", method or "a non-HTTP")
        return not_posted(method)
    try:
        body = _body(event)
    except BadDelivery as error:
        return refused(error)

    def forward(receiver: WebhookReceiver, received: Delivery) -> Reply:
        if door.queue_url:
            return _enqueue(door, receiver, received, body)
        return handled_inline(receiver, received, counted(door.run, door.emf))

    return door.dispatch(headers, body, forward)


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
    """The raw body bytes (base64-decoded when the event says so; AWS passes at most 6 MB, so
    its size is checked with its signature, by the receiver)."""
    text = event.get("body") or ""
    if not isinstance(text, str):
        raise BadDelivery("the event's body is not text")
    if not event.get("isBase64Encoded"):
        return text.encode("utf-8")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadDelivery("the event's body is marked base64 but does not decode") from None


def _enqueue(door: Container, receiver: WebhookReceiver, delivery: Delivery, body: bytes) -> Reply:
    try:
        message = queue_message(delivery, body)
    except BodyTooLarge as error:  # permanent: a redelivery is just as large
        receiver.forget(delivery)
        log.error("delivery %s refused: %s", delivery.id, error, extra=failure(error))
        return refused(error)
    try:
        door.aws("sqs").send_message(
            QueueUrl=door.queue_url,
            MessageBody=message,
            MessageGroupId=sqs_id(delivery.repository or f"delivery-{delivery.id}"),
            MessageDeduplicationId=sqs_id(delivery.id),
        )
    except Exception as error:  # any failure to queue is answered 503
        receiver.forget(delivery)
        log.error("delivery %s could not be queued: %s", delivery.id, error, extra=failure(error))
        return not_queued(delivery.id)
    log.info("delivery %s queued for %s", delivery.id, delivery.repository or "no repository")
    return accepted(delivery.id)


def _response(reply: Reply) -> LambdaResult:
    headers = dict(_JSON_HEADERS)
    if reply.status == 405:
        headers["allow"] = "POST"
    return {"statusCode": reply.status, "headers": headers, "body": json.dumps(dict(reply.body))}


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
        handle = counted(door.handle(), door.emf)
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
    current_tracer().flush()  # before the container is frozen
    door.emf.flush()
    return _batch_failures(failures)


def _work(handle: Handle, message_id: str, message: str) -> bool:
    """Handle one record; False when it should be retried."""
    try:
        delivery = rebuild_delivery(message)
    except (WebhookError, PayloadError) as error:
        log.error("message %s dropped: %s", message_id, error, extra=failure(error))
        return True
    with delivery_run(delivery, door="lambda"):
        try:
            outcome = handle(delivery)
        except RegentError as error:
            again = "; retried" if error.retryable else "; not retried"
            log.error("delivery %s failed: %s%s", delivery.id, error, again, extra=failure(error))
            return not error.retryable
        except Exception:
            log.exception("delivery %s failed; retried", delivery.id)
            return False
        log.info("delivery %s handled: %s", delivery.id, outcome)
        return True


def _batch_failures(message_ids: list[str]) -> LambdaResult:
    return {"batchItemFailures": [{"itemIdentifier": item} for item in message_ids]}
