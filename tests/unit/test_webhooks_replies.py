"""The HTTP answers of the webhook doors: which refusal or failure gets which status, message and
metrics outcome (one table for every door)."""

from __future__ import annotations

import pytest

from regent.core.errors import (
    ConfigError,
    GitHubUnavailableError,
    RegentError,
    UsageError,
)
from regent.core.routing import PayloadError
from regent.webhook import BadDelivery, BodyTooLarge, Reply, SignatureError
from regent.webhook.replies import (
    accepted,
    busy,
    failed,
    folded,
    handled,
    incomplete,
    not_configured,
    not_posted,
    not_queued,
    not_stored,
    refused,
    shutting_down,
    timed_out,
)

DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958"


@pytest.mark.parametrize(
    ("error", "status", "outcome"),
    [
        pytest.param(SignatureError("unsigned"), 401, "rejected_signature", id="signature"),
        pytest.param(BodyTooLarge("too large"), 413, "too_large", id="too-large"),
        pytest.param(BadDelivery("no X-GitHub-Event"), 400, "rejected_payload", id="header"),
        pytest.param(PayloadError("no ref"), 400, "rejected_payload", id="router-payload"),
    ],
)
def test_a_refusal_gets_its_status_and_says_why(
    error: RegentError, status: int, outcome: str
) -> None:
    assert refused(error) == Reply(status, {"message": str(error)}, outcome)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        pytest.param(
            GitHubUnavailableError("GitHub answered 502", status=502),
            503,
            "GitHub answered 502",
            id="retryable-redelivery-may-succeed",
        ),
        pytest.param(UsageError("bad setting"), 500, "bad setting", id="setting-to-fix"),
        pytest.param(
            ConfigError("bad .release-regent.yml"),
            422,
            "bad .release-regent.yml",
            id="cannot-succeed",
        ),
        pytest.param(
            RuntimeError("secret detail"),
            500,
            "the delivery failed; see the logs",
            id="unexpected-says-nothing-of-it",
        ),
    ],
)
def test_a_failed_delivery_gets_its_status(error: Exception, status: int, message: str) -> None:
    assert failed(error, DELIVERY) == Reply(status, {"message": message, "delivery": DELIVERY})


@pytest.mark.parametrize(
    ("reply", "status", "outcome"),
    [
        pytest.param(accepted(DELIVERY), 202, "accepted", id="accepted"),
        pytest.param(folded(), 200, "folded", id="folded"),
        pytest.param(handled(DELIVERY, "released"), 200, "answered", id="handled"),
        pytest.param(busy(8), 503, "busy", id="busy"),
        pytest.param(timed_out(10.0), 408, "timed_out", id="timed-out"),
        pytest.param(incomplete(), 400, "incomplete", id="incomplete"),
        pytest.param(shutting_down(), 503, "shutting_down", id="shutting-down"),
        pytest.param(not_stored(), 503, "not_stored", id="not-stored"),
        pytest.param(not_queued(DELIVERY), 503, "answered", id="not-queued"),
        pytest.param(not_posted("GET"), 405, "answered", id="not-posted"),
        pytest.param(not_configured(UsageError("no GITHUB_APP_ID")), 500, "answered", id="config"),
    ],
)
def test_every_answer_has_a_status_a_message_and_an_outcome(
    reply: Reply, status: int, outcome: str
) -> None:
    assert (reply.status, reply.outcome) == (status, outcome)
    assert reply.body["message"]


def test_the_waits_are_named_in_the_message() -> None:
    assert busy(8).body["message"] == "8 deliveries are arriving already; deliver again later"
    assert timed_out(2.5).body["message"] == "the body did not arrive within 2.5 seconds"
    assert handled(DELIVERY, "released").body == {
        "message": "handled",
        "delivery": DELIVERY,
        "outcome": "released",
    }
