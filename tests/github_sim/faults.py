"""Injected faults: error statuses, dropped connections, slow responses, secondary rate limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from tests.github_sim.routing import Response, SimError, error_response

SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)


@dataclass(frozen=True)
class Fault:
    """A fault for API requests whose method matches and whose path matches ``path`` (re.search).

    ``after`` applies it once the handler has run, so the request took effect but its response
    is lost (a write that succeeded before the connection dropped).
    """

    path: re.Pattern[str]
    method: str | None = None
    status: int | None = None
    times: int = 1
    drop: bool = False
    delay_s: float = 0.0
    retry_after: int | None = None
    message: str | None = None
    after: bool = False

    @property
    def disrupts(self) -> bool:
        """Whether the real response is replaced (by a status or a dropped connection)."""
        return self.drop or self.status is not None

    def matches(self, method: str, path: str) -> bool:
        return (self.method in (None, method)) and self.path.search(path) is not None

    def response(self) -> Response | None:
        """The error response this fault sends instead of the real one (None: no status)."""
        if self.status is None:
            return None
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return error_response(
            self.status, self.message or _default_message(self.status), headers=headers
        )


def parse_fault(body: Any) -> Fault:
    """A Fault from the control API's JSON, or a 422 SimError naming the problem."""
    if not isinstance(body, dict) or not isinstance(body.get("path", ".*"), str):
        raise SimError(422, "A fault is a JSON object with a 'path' regular expression")
    try:
        fault = Fault(
            path=re.compile(body.get("path", ".*")),
            method=body["method"].upper() if body.get("method") else None,
            status=int(body["status"]) if body.get("status") is not None else None,
            times=int(body.get("times", 1)),
            drop=bool(body.get("drop", False)),
            delay_s=float(body.get("delay_s", 0.0)),
            retry_after=int(body["retry_after"]) if body.get("retry_after") is not None else None,
            message=body.get("message"),
            after=bool(body.get("after", False)),
        )
    except (re.error, TypeError, ValueError, AttributeError) as error:
        raise SimError(422, f"Invalid fault: {error}") from error
    if fault.times < 1:
        raise SimError(422, "'times' must be at least 1")
    if fault.status is None and not fault.drop and not fault.delay_s:
        raise SimError(422, "A fault needs 'status', 'drop' or 'delay_s'")
    return fault


def take_fault(faults: list[Fault], method: str, path: str) -> Fault | None:
    """The first fault matching the request, counting one use of it (removed when used up)."""
    for index, fault in enumerate(faults):
        if fault.matches(method, path):
            if fault.times <= 1:
                del faults[index]
            else:
                faults[index] = replace(fault, times=fault.times - 1)
            return fault
    return None


def fault_json(fault: Fault) -> dict[str, Any]:
    """A fault as the control API lists it."""
    return {
        "path": fault.path.pattern,
        "method": fault.method,
        "status": fault.status,
        "times": fault.times,
        "drop": fault.drop,
        "delay_s": fault.delay_s,
        "retry_after": fault.retry_after,
        "after": fault.after,
    }


def _default_message(status: int) -> str:
    if status in (403, 429):
        return SECONDARY_LIMIT_MESSAGE
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
