"""Event.from_http and IncomingDelivery: a delivery as GitHub sends it over HTTP, checked once.

Tables of whole requests: accepted ones (secret rotation, header names in any case, ids in any
case), and refused ones with the refusal's kind, its HTTP status and what its message says.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.webhook import (
    MAX_BODY_BYTES,
    BadDelivery,
    BodyTooLarge,
    Event,
    IncomingDelivery,
    SignatureError,
    WebhookError,
)
from regent.webhook import event as event_module
from regent.webhook.replies import refused

OLD = "s3cret-old"
NEW = "s3cret-new"
SECRETS = (OLD, NEW)
DELIVERY_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
PUSH = {
    "ref": "refs/heads/main",
    "action": None,
    "repository": {"full_name": "acme/widget", "default_branch": "main"},
}
BODY = json.dumps(PUSH).encode()


def signed(body: bytes, secret: str = NEW) -> str:
    """The X-Hub-Signature-256 GitHub sends for ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def headers(body: bytes = BODY, **changes: str | None) -> dict[str, str]:
    """GitHub's headers for ``body``; a change of None leaves that header out."""
    given = {
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": DELIVERY_ID,
        "X-Hub-Signature-256": signed(body),
        "Content-Type": "application/json",
    }
    for name, value in changes.items():
        given.pop(name.replace("_", "-"), None)
        if value is not None:
            given[name.replace("_", "-")] = value
    return given


@pytest.mark.parametrize(
    ("request_headers", "body", "name", "delivery_id"),
    [
        pytest.param(headers(), BODY, "push", DELIVERY_ID, id="signed-with-the-new-secret"),
        pytest.param(
            headers(X_Hub_Signature_256=signed(BODY, OLD)),
            BODY,
            "push",
            DELIVERY_ID,
            id="signed-with-the-old-secret-while-rotating",
        ),
        pytest.param(
            {name.lower(): value for name, value in headers().items()},
            BODY,
            "push",
            DELIVERY_ID,
            id="lower-case-header-names",
        ),
        pytest.param(
            headers(X_GitHub_Delivery=f" {DELIVERY_ID.upper()} ", X_GitHub_Event=" push "),
            BODY,
            "push",
            DELIVERY_ID,
            id="upper-case-id-and-spaces",
        ),
        pytest.param(
            headers(b'{"zen": "x"}', X_GitHub_Event="ping"),
            b'{"zen": "x"}',
            "ping",
            DELIVERY_ID,
            id="ping",
        ),
        pytest.param(
            headers(Content_Length=str(len(BODY))), BODY, "push", DELIVERY_ID, id="exact-length"
        ),
    ],
)
def test_accepted(
    request_headers: dict[str, str], body: bytes, name: str, delivery_id: str
) -> None:
    event = Event.from_http(request_headers, body, secrets=SECRETS)
    assert (event.name, event.delivery_id) == (name, delivery_id)
    assert event.payload == json.loads(body)


def test_the_payload_names() -> None:
    event = Event.from_http(headers(), BODY, secrets=SECRETS)
    assert (event.action, event.repository) == (None, "acme/widget")
    closed = json.dumps({"action": "closed", "repository": {"full_name": 3}}).encode()
    event = Event.from_http(headers(closed), closed, secrets=SECRETS)
    assert (event.action, event.repository) == ("closed", None)


OVER = b" " * (MAX_BODY_BYTES + 1)
REFUSED: list[Any] = [
    pytest.param(headers(), BODY, (), SignatureError, 401, "no webhook secret", id="no-secret"),
    pytest.param(
        headers(X_Hub_Signature_256=None),
        BODY,
        SECRETS,
        SignatureError,
        401,
        "no X-Hub-Signature-256 header",
        id="unsigned",
    ),
    pytest.param(
        headers(X_Hub_Signature_256="sha1=" + "0" * 40),
        BODY,
        SECRETS,
        SignatureError,
        401,
        "only GitHub's HMAC-SHA256",
        id="sha1",
    ),
    pytest.param(
        headers(X_Hub_Signature_256=signed(BODY, "retired")),
        BODY,
        SECRETS,
        SignatureError,
        401,
        "does not match the body under any configured secret",
        id="a-retired-secret",
    ),
    pytest.param(
        headers(),
        BODY + b" ",
        SECRETS,
        SignatureError,
        401,
        "does not match",
        id="body-changed-after-signing",
    ),
    pytest.param(
        headers(OVER), OVER, SECRETS, BodyTooLarge, 413, "GitHub ever sends", id="oversize-body"
    ),
    pytest.param(
        headers(Content_Length=str(MAX_BODY_BYTES + 1), X_Hub_Signature_256=None),
        BODY,
        SECRETS,
        BodyTooLarge,
        413,
        "GitHub ever sends",
        id="oversize-announced-before-the-signature",
    ),
    pytest.param(
        headers(X_GitHub_Event=None),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        "no X-GitHub-Event header",
        id="no-event",
    ),
    pytest.param(
        headers(X_GitHub_Event="Push"),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        "'Push' is not an event name",
        id="capitalised-event",
    ),
    pytest.param(
        headers(X_GitHub_Event="p" * 300),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        r"\(300 characters\) is not an event name",
        id="long-event",
    ),
    pytest.param(
        headers(X_GitHub_Delivery=None),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        "no X-GitHub-Delivery header",
        id="no-delivery-id",
    ),
    pytest.param(
        headers(X_GitHub_Delivery="../journal"),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        "'../journal' is not a GitHub delivery id",
        id="path-as-delivery-id",
    ),
    pytest.param(
        headers(X_GitHub_Delivery="x" * 300),
        BODY,
        SECRETS,
        BadDelivery,
        400,
        r"'x{40}'\.\.\. \(300 characters\) is not a GitHub delivery id",
        id="long-delivery-id",
    ),
    pytest.param(
        headers(b"{not json"),
        b"{not json",
        SECRETS,
        BadDelivery,
        400,
        "the body is not JSON",
        id="not-json",
    ),
    pytest.param(
        headers(b"payload=%7B%7D"),
        b"payload=%7B%7D",
        SECRETS,
        BadDelivery,
        400,
        "content type to application/json",
        id="form-encoded",
    ),
    pytest.param(
        headers(b"[1]"), b"[1]", SECRETS, BadDelivery, 400, "a JSON array", id="json-array"
    ),
    pytest.param(
        headers(b"null"), b"null", SECRETS, BadDelivery, 400, "a JSON null", id="json-null"
    ),
    pytest.param(
        headers(b'{"a": "\xff"}'),
        b'{"a": "\xff"}',
        SECRETS,
        BadDelivery,
        400,
        "the body is not UTF-8",
        id="not-utf8",
    ),
    pytest.param(
        headers(b"[" * 100_000),
        b"[" * 100_000,
        SECRETS,
        BadDelivery,
        400,
        "the body is not JSON",
        id="nested-too-deep",
    ),
]


@pytest.mark.parametrize(
    ("request_headers", "body", "secrets", "refusal", "says"),
    [
        pytest.param(*case.values[:3], case.values[3:5], case.values[5], id=case.id)
        for case in REFUSED
    ],
)
def test_refused(
    request_headers: dict[str, str],
    body: bytes,
    secrets: tuple[str, ...],
    refusal: tuple[type[WebhookError], int],
    says: str,
) -> None:
    kind, status = refusal
    with pytest.raises(kind, match=says) as raised:
        Event.from_http(request_headers, body, secrets=secrets)
    message = str(raised.value)
    assert refused(raised.value).status == status
    assert len(message) < 300
    assert not any(secret in message for secret in SECRETS)


def test_the_signature_is_checked_before_the_other_headers() -> None:
    """An unsigned request learns nothing about which of its other headers are wrong."""
    with pytest.raises(SignatureError):
        IncomingDelivery(headers(X_Hub_Signature_256=None, X_GitHub_Event="?"), secrets=SECRETS)


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(event_module, "MAX_BODY_BYTES", 64)
    incoming = IncomingDelivery(headers(), secrets=SECRETS)
    incoming.feed(b"x" * 60)
    with pytest.raises(BodyTooLarge, match="64 bytes"):
        incoming.feed(b"x" * 5)


def test_a_verified_body_is_not_hashed_again() -> None:
    """``verify`` then ``event``: the signature is decided once, by the streamed hash."""
    incoming = IncomingDelivery(headers(), secrets=SECRETS)
    incoming.feed(BODY)
    incoming.verify()
    assert incoming.event(BODY).name == "push"


def test_an_unverified_body_is_verified_when_read() -> None:
    incoming = IncomingDelivery(headers(), secrets=SECRETS)
    incoming.feed(BODY + b" ")
    with pytest.raises(SignatureError):
        incoming.event(BODY + b" ")


@given(body=st.binary(max_size=512), cuts=st.lists(st.integers(0, 512), max_size=6))
def test_a_body_fed_in_chunks_decides_as_the_whole_body(body: bytes, cuts: list[int]) -> None:
    edges = [0, *sorted(min(cut, len(body)) for cut in cuts), len(body)]
    incoming = IncomingDelivery(headers(body), secrets=SECRETS)
    for start, end in itertools.pairwise(edges):
        incoming.feed(body[start:end])
    try:
        streamed: object = incoming.event(body)
    except WebhookError as error:
        streamed = type(error)
    try:
        whole: object = Event.from_http(headers(body), body, secrets=SECRETS)
    except WebhookError as error:
        whole = type(error)
    assert streamed == whole


@pytest.mark.parametrize(
    ("name", "delivery_id", "body", "says"),
    [
        pytest.param(None, DELIVERY_ID, BODY, "no X-GitHub-Event header", id="no-event"),
        pytest.param("push", "7", BODY, "not a GitHub delivery id", id="bad-id"),
        pytest.param("push", DELIVERY_ID, b"[]", "a JSON array", id="array"),
    ],
)
def test_a_restored_delivery_is_checked_for_shape(
    name: str | None, delivery_id: str, body: bytes, says: str
) -> None:
    with pytest.raises(BadDelivery, match=says):
        Event.restored(name=name, delivery_id=delivery_id, body=body)


def test_a_restored_delivery_needs_no_signature() -> None:
    event = Event.restored(name="push", delivery_id=DELIVERY_ID.upper(), body=BODY)
    assert event == Event("push", DELIVERY_ID, PUSH)
