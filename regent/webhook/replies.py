"""Which HTTP answer each end of receiving gets: the status, the JSON body and the metrics word.

Every webhook door answers from here, so a refusal reads the same and counts under the same
outcome whichever door it came through: ``refused`` maps a refusal (401 unsigned, 413 too
large, 400 for a header, body or payload field that is wrong); ``failed`` maps the failure of
a delivery worked inline (503 worth redelivering, 500 a setting to fix, 422 a delivery that
cannot succeed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from regent.core.errors import RegentError, UsageError
from regent.webhook.errors import BodyTooLarge, SignatureError


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status and JSON body, and how receiving ended (for metrics)."""

    status: int
    body: Mapping[str, object]
    outcome: str = "answered"


_REFUSALS: tuple[tuple[type[RegentError], int, str], ...] = (
    (SignatureError, 401, "rejected_signature"),
    (BodyTooLarge, 413, "too_large"),
)
"""Refusals with their own status and outcome; any other is 400 ``rejected_payload``."""


def refused(error: RegentError) -> Reply:
    """The answer refusing a delivery for ``error``: a ``WebhookError``, or the router's error
    naming a payload field the event needs (400)."""
    status, outcome = next(
        ((status, outcome) for kind, status, outcome in _REFUSALS if isinstance(error, kind)),
        (400, "rejected_payload"),
    )
    return Reply(status, {"message": str(error)}, outcome)


def accepted(delivery_id: str) -> Reply:
    """202: checked and queued; the work happens in the background."""
    return Reply(202, {"message": "accepted", "delivery": delivery_id}, "accepted")


def folded() -> Reply:
    """200: the same work is waiting already, and covers this delivery."""
    return Reply(200, {"message": "folded into a waiting delivery"}, "folded")


def busy(readers: int) -> Reply:
    """503: every body reader is taken."""
    message = f"{readers} deliveries are arriving already; deliver again later"
    return Reply(503, {"message": message}, "busy")


def timed_out(deadline: float) -> Reply:
    """408: the body did not arrive in time."""
    message = f"the body did not arrive within {deadline:g} seconds"
    return Reply(408, {"message": message}, "timed_out")


def incomplete() -> Reply:
    """400: the client closed the connection before the body ended."""
    return Reply(400, {"message": "the body ended early"}, "incomplete")


def shutting_down() -> Reply:
    """503: the service is stopping; GitHub may deliver again later."""
    return Reply(503, {"message": "shutting down; deliver again later"}, "shutting_down")


def not_stored() -> Reply:
    """503: the delivery could not be kept for its worker; GitHub may deliver it again."""
    message = "the delivery could not be stored; deliver it again later"
    return Reply(503, {"message": message}, "not_stored")


def not_queued(delivery_id: str) -> Reply:
    """503: putting the delivery on its queue failed; GitHub may deliver it again."""
    message = "the delivery could not be queued; redeliver it"
    return Reply(503, {"message": message, "delivery": delivery_id})


def not_posted(method: str) -> Reply:
    """405: GitHub POSTs its deliveries."""
    return Reply(405, {"message": f"{method or 'this request'} is not accepted; GitHub POSTs"})


def not_configured(error: UsageError) -> Reply:
    """500: the door's settings are missing or invalid (the error names every one)."""
    return Reply(500, {"message": str(error)})


def handled(delivery_id: str, outcome: str) -> Reply:
    """200: worked inline, with its outcome."""
    return Reply(200, {"message": "handled", "delivery": delivery_id, "outcome": outcome})


def failed(error: BaseException, delivery_id: str) -> Reply:
    """The answer to a delivery whose inline work failed: 503 when a redelivery may succeed,
    500 for a setting to fix or an unexpected failure, 422 when it cannot succeed."""
    if not isinstance(error, RegentError):
        message = "the delivery failed; see the logs"
        return Reply(500, {"message": message, "delivery": delivery_id})
    status = 503 if error.retryable else 500 if isinstance(error, UsageError) else 422
    return Reply(status, {"message": str(error), "delivery": delivery_id})
