"""Running the webhook application under uvicorn, with limits no client can outlast.

uvicorn (with httptools) accepts every connection, waits for a request's headers for as long as
a client cares to send them, and keeps every field of them, trailers included. ``DeadlineProtocol``
closes a connection at once (503) when ``max_connections`` are open already; closes one whose
request headers have not arrived within the delivery deadline (408); refuses a request whose
request line and header fields pass ``MAX_HEADER_BYTES`` or ``MAX_HEADER_FIELDS`` (431), and a
chunked body (411: GitHub always sends Content-Length), so no trailer is ever read. The
application bounds the body the same way (``webhook_body``). uvicorn's own
``limit_concurrency`` is not used: it answers 503 to every request, ``/healthz`` included, once
the connections are all taken, and only after accepting them all.
"""

from __future__ import annotations

import asyncio
import logging
import math
import sys
from dataclasses import dataclass
from types import FrameType
from typing import ClassVar

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 16 * 1024
"""GitHub's headers take about 2 KiB; a request line and headers over this are refused."""
MAX_HEADER_FIELDS = 100
"""GitHub sends about 20 header fields; a request with more is refused."""
SPARE_FILES = 256
"""Files the service needs beside its connections (journal, clones, git's pipes)."""
TURNED_AWAY_LOG_SECONDS = 10.0
"""Connections closed for the connection cap are logged at most once in this many seconds."""
STATUS_TEXT = {
    408: b"408 Request Timeout",
    411: b"411 Length Required",
    431: b"431 Request Header Fields Too Large",
    503: b"503 Service Unavailable",
}


class _Refused(Exception):
    """Raised in a parser callback to stop parsing a request that is being refused."""


@dataclass(slots=True)
class TurnedAway:
    """Connections closed at once for the connection cap, since the last log line about them."""

    count: int = 0
    logged_at: float = -math.inf

    def note(self, *, now: float, cap: int) -> None:
        """Count one; log how many (at most every ``TURNED_AWAY_LOG_SECONDS`` seconds)."""
        self.count += 1
        if now - self.logged_at >= TURNED_AWAY_LOG_SECONDS:
            log.warning(
                "%d connections closed at once: %d are open already (REGENT_MAX_CONNECTIONS)",
                self.count,
                cap,
            )
            self.count, self.logged_at = 0, now


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a connection cap, and a deadline and size limits on
    each request's headers."""

    header_deadline: ClassVar[float] = 10.0
    max_connections: ClassVar[int] = 2048
    turned_away: ClassVar[TurnedAway] = TurnedAway()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._in_head = True  # between requests or reading one's headers
        self._heads = 0  # requests whose headers were read whole
        self._head_bytes = 0  # as received, counting a field still arriving
        self._field_bytes = 0
        self._fields = 0
        self._refusal: tuple[int, str] | None = None
        self._headers_due: asyncio.TimerHandle | None = None
        if len(self.connections) > self.max_connections:
            self.turned_away.note(now=self.loop.time(), cap=self.max_connections)
            self._answer(503, "too many connections; deliver again later")
            return
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        in_head, heads = self._in_head, self._heads
        super().data_received(data)
        if self.transport.is_closing():
            return
        if in_head and self._in_head and heads == self._heads:  # all of it was header bytes
            self._head_bytes += len(data)  # a field still arriving is held whole by the parser
            if self._head_bytes > MAX_HEADER_BYTES:
                self._refuse(431, f"request headers over {MAX_HEADER_BYTES} bytes")

    def on_message_begin(self) -> None:
        self._head_bytes = self._field_bytes = self._fields = 0
        super().on_message_begin()

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count each field (trailers too) against the limits, before keeping it."""
        self._fields += 1
        self._field_bytes += len(name) + len(value)
        if self._fields > MAX_HEADER_FIELDS:
            self._stop(431, f"more than {MAX_HEADER_FIELDS} header fields")
        if self._field_bytes > MAX_HEADER_BYTES:
            self._stop(431, f"request headers over {MAX_HEADER_BYTES} bytes")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._cancel_deadline()
        self._in_head = False
        self._heads += 1
        if any(name == b"transfer-encoding" for name, _ in self.headers):
            self._stop(411, "send the body with a Content-Length, not chunked")
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True  # what follows is the next request's
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()  # the next request on this connection, if any

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request the parser failed on, or the refusal that stopped it."""
        if self._refusal is None:
            super().send_400_response(msg)
        else:
            self._refuse(*self._refusal)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def _stop(self, status: int, reason: str) -> None:
        """Stop parsing: the request is refused with ``status`` (by ``send_400_response``)."""
        self._refusal = (status, reason)
        raise _Refused(reason)

    def _await_headers(self) -> None:
        self._cancel_deadline()
        self._headers_due = self.loop.call_later(self.header_deadline, self._headers_late)

    def _cancel_deadline(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_late(self) -> None:
        """The deadline passed with the next request's headers (or the rest of an answered
        request's body) still arriving: 408."""
        self._headers_due = None
        answered = self.cycle is not None and self.cycle.response_complete
        if (self._in_head or answered) and not self.transport.is_closing():
            self._refuse(408, f"the request did not arrive within {self.header_deadline:g} seconds")

    def _refuse(self, status: int, reason: str) -> None:
        """Answer ``status`` with ``reason``, logged, and close the connection."""
        log.warning("connection from %s closed: %s", _peer(self.client), reason)
        self._answer(status, reason)

    def _answer(self, status: int, reason: str) -> None:
        body = reason.encode("ascii")
        self.transport.write(
            b"HTTP/1.1 %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s"
            % (STATUS_TEXT[status], len(body), body)
        )
        self.transport.close()


def serve(
    app: Starlette,
    *,
    host: str,
    port: int,
    delivery_timeout: float,
    max_connections: int,
    graceful_timeout: int,
) -> int:
    """Run ``app`` under uvicorn until SIGTERM or SIGINT; 0 after a clean stop, 1 if it never
    started (the port is taken, start-up failed)."""

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            # A signal is how the service is meant to stop: after the graceful shutdown the
            # process exits 0 rather than uvicorn raising the signal again.
            self._captured_signals.clear()

    class Protocol(DeadlineProtocol):
        header_deadline = delivery_timeout
        turned_away = TurnedAway()

    Protocol.max_connections = max_connections
    _room_for(max_connections)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=Protocol,
        log_config=None,  # uvicorn's own lines go through the root logger (JSON lines)
        access_log=False,
        lifespan="on",
        timeout_keep_alive=5,
        timeout_graceful_shutdown=graceful_timeout,
    )
    server = Server(config)
    try:
        server.run()
    except SystemExit as stop:  # uvicorn exits 1 or 3 when it cannot bind or start
        log.error("the webhook service did not start (uvicorn exit code %s)", stop.code)
        return 1
    return 0 if server.started else 1


def _room_for(connections: int) -> None:
    """Raise the open-files limit to hold ``connections`` (within the hard limit), or warn."""
    if sys.platform == "win32":
        return
    import resource  # noqa: PLC0415 (Unix only)

    wanted = connections + SPARE_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
    if raised < wanted:
        log.warning(
            "the open-files limit (%d) is too low for REGENT_MAX_CONNECTIONS=%d; raise it "
            "(systemd LimitNOFILE, docker --ulimit nofile) or lower REGENT_MAX_CONNECTIONS",
            raised,
            connections,
        )


def _peer(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "an unknown peer"
