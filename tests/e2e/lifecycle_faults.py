"""Simulator faults for the lifecycle: a crash right after write k, and transient failures.

Faults are consumed in the order they were added, the first matching one per request; a fault
with only a tiny ``delay_s`` lets a request through unharmed, so a list of faults is a script
of what happens to each following request.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")
PASS_DELAY_S = 0.001
"""The delay of a fault that only lets its request through (a fault needs some effect)."""
ALWAYS = 10_000
"""``times`` for a fault that never wears out within a test."""

Fault = dict[str, Any]


@dataclass(frozen=True)
class Write:
    """One mutating API request as the simulator logged it."""

    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def writes_of(requests: Sequence[Mapping[str, Any]]) -> tuple[Write, ...]:
    """The mutating requests in a request log, in order."""
    return tuple(
        Write(entry["method"], entry["path"])
        for entry in requests
        if entry["method"] in WRITE_METHODS
    )


def crash_after(writes: Sequence[Write], k: int) -> list[Fault]:
    """Let ``writes[:k-1]`` through, lose the answer to write ``k``, fail every later write.

    Write ``k`` takes effect on the simulator but its caller never hears back, and nothing it
    tries afterwards is written: the run stops right after call ``k``, as a crash would.
    """
    passed = [_exactly(write, delay_s=PASS_DELAY_S) for write in writes[: k - 1]]
    lost = _exactly(writes[k - 1], drop=True, after=True)
    failing = [
        {"method": method, "path": ".*", "status": 500, "times": ALWAYS} for method in WRITE_METHODS
    ]
    return [*passed, lost, *failing]


def _exactly(write: Write, **effect: Any) -> Fault:
    return {"method": write.method, "path": f"^{re.escape(write.path)}$", **effect}


TRANSIENT: tuple[Fault, ...] = (
    {"status": 500},
    {"status": 502},
    {"status": 503},
    {"drop": True},
    {"status": 403, "retry_after": 1},
    {"status": 429, "retry_after": 0},
)
"""The transient failures GitHub shows: server errors, dropped connections, secondary limits."""


def transient_faults(rng: random.Random, *, requests: int, rate: float) -> Iterator[Fault]:
    """A fault per request for the next ``requests`` API requests: each fails with ``rate``.

    Runs of requests that pass are folded into one fault with ``times``.
    """
    passing = 0
    for _ in range(requests):
        if rng.random() >= rate:
            passing += 1
            continue
        if passing:
            yield _passing(passing)
            passing = 0
        yield {"path": ".*", **rng.choice(TRANSIENT)}
    if passing:
        yield _passing(passing)


def _passing(times: int) -> Fault:
    return {"path": ".*", "delay_s": PASS_DELAY_S, "times": times}
