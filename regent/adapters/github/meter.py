"""Count GitHub API requests by port operation and track how long each operation waited."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from regent.core.model import CallCounts

OUTSIDE_OPERATIONS = "other"
APP_AUTH = "app_auth"


class _Scope:
    """The port operation running in this context, the seconds it has spent waiting, and the
    binding's own tally its requests are also counted in."""

    __slots__ = ("operation", "tally", "waited")

    def __init__(self, operation: str, tally: CallMeter | None) -> None:
        self.operation = operation
        self.tally = tally
        self.waited = 0.0


_SCOPE: ContextVar[_Scope | None] = ContextVar("regent_github_operation", default=None)


class CallMeter:
    """Requests made, by operation; every attempt counts, retries and token requests included."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def operation(self, name: str, *, tally: CallMeter | None = None) -> Iterator[None]:
        """Count the block's requests for ``name`` (also in ``tally``: one bound port's count);
        a nested block joins the outer one."""
        if _SCOPE.get() is not None:
            yield
            return
        token = _SCOPE.set(_Scope(name, tally))
        try:
            yield
        finally:
            _SCOPE.reset(token)

    @property
    def current(self) -> str:
        scope = _SCOPE.get()
        return scope.operation if scope else OUTSIDE_OPERATIONS

    def record(self, operation: str | None = None) -> None:
        """Count one request, for ``operation`` or the running one."""
        name = operation or self.current
        self._add(name)
        scope = _SCOPE.get()
        if scope is not None and scope.tally is not None:
            scope.tally._add(name)

    def _add(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def try_wait(self, seconds: float, *, limit: float) -> bool:
        """Book ``seconds`` of waiting on the running operation; False if that passes ``limit``."""
        scope = _SCOPE.get()
        waited = scope.waited if scope else 0.0
        if waited + seconds > limit:
            return False
        if scope:
            scope.waited = waited + seconds
        return True

    def counts(self) -> CallCounts:
        with self._lock:
            return CallCounts.of(self._counts)
