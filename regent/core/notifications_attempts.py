"""Whether the delivery being handled will be tried again if it fails: a door that retries
says so for the span of each attempt (``attempt``); the worker tells the notifiers of a
failure only after the last one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_LAST: ContextVar[bool] = ContextVar("regent_last_attempt", default=True)


def last_attempt() -> bool:
    """False while a door will try a failing delivery again; True otherwise (the default)."""
    return _LAST.get()


@contextmanager
def attempt(*, last: bool) -> Iterator[None]:
    """The block is one attempt of a delivery; ``last``: no other follows a retryable error."""
    token = _LAST.set(last)
    try:
        yield
    finally:
        _LAST.reset(token)
