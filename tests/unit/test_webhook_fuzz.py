"""Webhook receiving never fails in an unplanned way: any body, any headers, any payload shape is
a typed delivery, or a ``WebhookError`` or the router's ``PayloadError`` with a reason
(Hypothesis)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from regent.core.routing import PayloadError
from regent.runtimes.webhook import aws_lambda
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import WebhookReceiver
from regent.webhook import BadDelivery, IncomingDelivery, Reply, SignatureError, WebhookError
from regent.webhook.event import delivery_names

EVENTS = st.sampled_from(
    ["push", "pull_request", "issue_comment", "ping", "installation", "release", "other"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
KEYS = [
    "ref",
    "action",
    "repository",
    "pull_request",
    "installation",
    "comment",
    "issue",
    "deleted",
    "merged",
    "base",
    "full_name",
    "default_branch",
    "clone_url",
    "number",
    "zen",
]
PAYLOADS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=25,
)
SECRET = "fuzz secret"
DELIVERY_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
LONGEST_MESSAGE = 300
"""A refusal names the header and shows its value shortened: never longer than this."""


def parsed(event: str, body: bytes) -> Delivery | WebhookError | PayloadError:
    """The delivery, or the refusal (any other exception fails the test)."""
    try:
        return Delivery.restored(event=event, delivery_id=DELIVERY_ID, body=body)
    except (WebhookError, PayloadError) as error:
        return error


def signed(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@settings(max_examples=300, deadline=None)
@given(event=EVENTS, body=st.binary(max_size=300))
def test_any_bytes_parse_or_say_why(event: str, body: bytes) -> None:
    result = parsed(event, body)
    assert isinstance(result, Delivery) or (
        isinstance(result, BadDelivery | PayloadError) and str(result)
    )


@settings(max_examples=300, deadline=None)
@given(event=EVENTS, payload=PAYLOADS | JSON_VALUES)
def test_any_json_payload_routes_or_says_why(event: str, payload: Any) -> None:
    result = parsed(event, json.dumps(payload).encode())
    if isinstance(result, Delivery):
        assert result.event == event
    else:
        assert isinstance(result, BadDelivery | PayloadError)
        assert str(result)


def near_misses(body: bytes) -> st.SearchStrategy[str | None]:
    """Headers around the right one: it, one hex digit changed, other case, other secret, junk."""
    right = signed(body)
    flipped = right[:-1] + ("0" if right[-1] != "0" else "1")
    other = "sha256=" + hmac.new(b"other secret", body, hashlib.sha256).hexdigest()
    return st.sampled_from([right, flipped, right.upper(), right + " ", other, right[:-2]]) | (
        st.none() | st.text(max_size=80)
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data(), body=st.binary(max_size=64))
def test_exactly_the_right_signature_header_is_accepted(data: st.DataObject, body: bytes) -> None:
    header = data.draw(near_misses(body))
    headers = {"X-GitHub-Event": "push", "X-GitHub-Delivery": DELIVERY_ID}

    def verify() -> None:
        incoming = IncomingDelivery(
            headers | {"X-Hub-Signature-256": header or ""}, secrets=("rotated out", SECRET)
        )
        incoming.feed(body)
        incoming.verify()

    if header == signed(body):
        event("accepted")
        verify()
    else:
        event("refused")
        with pytest.raises(SignatureError):
            verify()


@settings(max_examples=200, deadline=None)
@given(
    headers=st.dictionaries(
        st.sampled_from(["X-GitHub-Event", "X-GitHub-Delivery", "Content-Type", "X-Other"]),
        st.text(max_size=20),
    ),
    payload=PAYLOADS,
)
def test_the_receiver_answers_every_signed_request(headers: dict[str, str], payload: Any) -> None:
    body = json.dumps(payload).encode()
    received = WebhookReceiver(secrets=(SECRET,)).receive(
        headers | {"X-Hub-Signature-256": signed(body)}, body
    )
    assert isinstance(received, Delivery | Reply)
    if isinstance(received, Reply):
        assert received.status in (200, 400)
        assert received.body["message"]


@settings(max_examples=300, deadline=None)
@given(
    event=st.none() | st.text() | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1),
    delivery=st.none() | st.text() | st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper()),
)
def test_any_event_and_delivery_header_is_accepted_as_github_sends_it_or_refused_briefly(
    event: str | None, delivery: str | None
) -> None:
    try:
        found: tuple[str, str] | str = delivery_names(event=event, delivery_id=delivery)
    except BadDelivery as error:
        found = str(error)
    if isinstance(found, str):
        assert len(found) <= LONGEST_MESSAGE
    else:
        assert found == ((event or "").strip(), (delivery or "").strip().lower())
        assert len(found[1]) == 36


def test_a_megabyte_header_is_refused_with_a_short_message() -> None:
    for name, delivery in (("a" * 2**20, DELIVERY_ID), ("push", "0" * 2**20)):
        with pytest.raises(BadDelivery) as raised:
            delivery_names(event=name, delivery_id=delivery)
        assert len(str(raised.value)) <= LONGEST_MESSAGE


LAMBDA_KEYS = [
    "version",
    "headers",
    "multiValueHeaders",
    "body",
    "isBase64Encoded",
    "httpMethod",
    "requestContext",
    "http",
    "method",
]
LAMBDA_EVENTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.dictionaries(st.sampled_from(LAMBDA_KEYS), inner, max_size=6),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(event=st.dictionaries(st.sampled_from(LAMBDA_KEYS), LAMBDA_EVENTS, max_size=7))
def test_any_lambda_event_gets_an_http_answer(event: dict[str, Any]) -> None:
    environ = {
        "GITHUB_APP_ID": "1",
        "GITHUB_APP_PRIVATE_KEY": "-----BEGIN unused-----",
        "GITHUB_WEBHOOK_SECRET": SECRET,
    }
    saved = aws_lambda.container
    aws_lambda.container = aws_lambda.Container(environ=environ, json_logs=False)
    try:
        answer = aws_lambda.handler(event, None)
    finally:
        aws_lambda.container = saved
    assert isinstance(answer["statusCode"], int)
    assert 200 <= answer["statusCode"] < 600
    assert isinstance(json.loads(answer["body"]), dict)
