"""Every request a PyGithub client sends, seen at the one place all of them pass: its
connection's ``getresponse``. Listeners (the audit trail, the latency histogram) are told each
exchange: method, route template, status, seconds, and for writes the bodies sent and answered.

PyGithub builds a connection per client from its requester's connection class; ``observe``
gives one requester (not the class, which every client in the process shares) a subclass that
reports to a hub. urllib3 retries idempotent requests inside one exchange: ``attempts`` counts them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from github.Requester import (
    HTTPRequestsConnectionClass,
    HTTPSRequestsConnectionClass,
    Requester,
    RequestsResponse,
)

from regent.adapters.github.routes import route_template, status_class
from regent.core.model import RepoRef

log = logging.getLogger(__name__)

READS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class CallScope:
    """The port operation in progress in this thread or task, and its repository."""

    repo: RepoRef
    operation: str


_SCOPE: ContextVar[CallScope | None] = ContextVar("regent_github_call", default=None)


def current_scope() -> CallScope | None:
    """The port operation in progress in this thread or task, if any."""
    return _SCOPE.get()


@contextmanager
def call_scope(repo: RepoRef, operation: str) -> Iterator[None]:
    """The block's requests belong to ``operation`` on ``repo`` (a nested block joins the outer)."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set(CallScope(repo, operation))
    try:
        yield
    finally:
        _SCOPE.reset(token)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its answer (``status`` None: none came, ``error`` names why)."""

    method: str
    path: str
    route: str
    status: int | None
    seconds: float
    attempts: int
    scope: CallScope | None
    sent: str | None = None
    """The JSON body sent, for a write (None for a read or a file upload)."""
    answer: str | None = None
    """The body answered, for a write, and for a read a listener asked to remember."""
    error: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """The answer's headers (rate limits, ``Retry-After``); empty when none came."""

    @property
    def status_class(self) -> str:
        """``2xx`` ... ``5xx``, or ``error`` when no answer came."""
        return status_class(self.status)


Listener = Callable[[Exchange], None]
Gate = Callable[[CallScope | None], None]
"""Asked before each request is sent; what it raises stops the request unsent."""


class ExchangeHub:
    """The listeners told of each exchange; a listener that raises is logged, never felt by
    the request."""

    def __init__(self) -> None:
        self._listeners: tuple[Listener, ...] = ()
        self._gates: tuple[Gate, ...] = ()
        self._lock = threading.Lock()
        self.keep_answer: Callable[[str, str], bool] = lambda method, route: False
        """Whether a read's answer is kept on its exchange (the audit trail's memory)."""

    def listen(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = (*self._listeners, listener)

    def gate(self, gate: Gate) -> None:
        """Ask ``gate`` before each request from now on (the circuit breaker)."""
        with self._lock:
            self._gates = (*self._gates, gate)

    def admit(self) -> None:
        """Raise what a gate raises to keep the next request unsent."""
        scope = _SCOPE.get()
        for gate in self._gates:
            gate(scope)

    def tell(self, exchange: Exchange) -> None:
        for listener in self._listeners:
            try:
                listener(exchange)
            except Exception:
                log.exception("a listener of GitHub requests failed on %s", exchange.route)


def observe(requester: Requester, hub: ExchangeHub) -> None:
    """Report every request ``requester`` sends from now on to ``hub`` (once per requester)."""
    if getattr(requester, "_regent_hub", None) is hub:
        return
    http, https = (
        _observed(HTTPRequestsConnectionClass, hub),
        _observed(HTTPSRequestsConnectionClass, hub),
    )
    # The requester picks its connection class per instance (name-mangled attributes), and
    # builds its connection lazily: set before its first request, every request is seen.
    secure = requester.base_url.startswith("https:")
    vars(requester).update(
        {
            "_Requester__httpConnectionClass": http,
            "_Requester__httpsConnectionClass": https,
            "_Requester__connectionClass": https if secure else http,
            "_regent_hub": hub,
        }
    )


def _observed(base: type[Any], hub: ExchangeHub) -> type[Any]:
    """``base`` reporting each ``getresponse`` to ``hub``."""

    class Observed(base):  # type: ignore[misc]
        def getresponse(self) -> RequestsResponse:
            hub.admit()
            started = time.perf_counter()
            verb, url = str(self.verb).upper(), str(self.url)
            try:
                response: RequestsResponse = super().getresponse()
            except Exception as error:
                hub.tell(_exchange(verb, url, started, None, error=type(error).__name__))
                raise
            sent = self.input if verb not in READS and isinstance(self.input, str) else None
            hub.tell(_exchange(verb, url, started, response, sent=sent, hub=hub))
            return response

    Observed.__name__ = f"Observed{base.__name__}"
    return Observed


def _exchange(
    verb: str,
    url: str,
    started: float,
    response: RequestsResponse | None,
    *,
    sent: str | None = None,
    error: str | None = None,
    hub: ExchangeHub | None = None,
) -> Exchange:
    path = url.split("?", 1)[0]
    route = route_template(path)
    answer = None
    if response is not None and (
        verb not in READS or (hub is not None and hub.keep_answer(verb, route))
    ):
        answer = _text(response)
    return Exchange(
        method=verb,
        path=url,
        route=route,
        status=response.status if response is not None else None,
        seconds=time.perf_counter() - started,
        attempts=_attempts(response),
        scope=_SCOPE.get(),
        sent=sent,
        answer=answer,
        error=error,
        headers=dict(response.headers) if response is not None else {},
    )


def _text(response: RequestsResponse) -> str | None:
    """The answer's text, unless it is streamed (a download)."""
    raw = response.response
    if raw.raw is not None and getattr(raw, "_content_consumed", True) is False:
        return None
    return raw.text


def _attempts(response: RequestsResponse | None) -> int:
    """Attempts urllib3 made for this exchange (its retries' history, plus the last)."""
    retries = (
        getattr(getattr(response.response, "raw", None), "retries", None) if response else None
    )
    history = getattr(retries, "history", ()) or ()
    return len(history) + 1
