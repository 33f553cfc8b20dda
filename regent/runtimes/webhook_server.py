"""Running the webhook application under uvicorn, with limits no client can outlast.

uvicorn (with httptools) waits for a request's headers for as long as a client cares to send
them, and keeps every byte of them. ``DeadlineProtocol`` closes a connection whose request
headers have not arrived within the delivery deadline (408) or pass ``MAX_HEADER_BYTES`` (431);
the application bounds the body the same way (``webhook_body``). uvicorn's own
``limit_concurrency`` caps open connections (one more is answered 503), set above the number
of bodies read at once so that ``/healthz`` is answered while every body read is taken.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from types import FrameType
from typing import ClassVar

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 64 * 1024
"""GitHub's headers take about 2 KiB; a request line and headers over this are refused."""
SPARE_FILES = 256
"""Files the service needs beside its connections (journal, clones, git's pipes)."""
STATUS_TEXT = {408: b"408 Request Timeout", 431: b"431 Request Header Fields Too Large"}


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit on each request's headers."""

    header_deadline: ClassVar[float] = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_bytes = 0
        self._headers_due: asyncio.TimerHandle | None = None
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        if self._awaiting_headers():
            before = self._header_bytes  # every byte before this chunk was headers
            self._header_bytes += len(data)
            if before > MAX_HEADER_BYTES:
                self._refuse(431, f"request headers over {MAX_HEADER_BYTES} bytes")
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._cancel_deadline()
        self._header_bytes = 0
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()  # the next request on this connection, if any

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def _awaiting_headers(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _await_headers(self) -> None:
        self._cancel_deadline()
        self._headers_due = self.loop.call_later(self.header_deadline, self._headers_late)

    def _cancel_deadline(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_late(self) -> None:
        self._headers_due = None
        if self._awaiting_headers() and not self.transport.is_closing():
            self._refuse(408, f"no request headers within {self.header_deadline:g} seconds")

    def _refuse(self, status: int, reason: str) -> None:
        """Answer ``status`` with ``reason`` and close the connection."""
        log.warning("connection from %s closed: %s", _peer(self.client), reason)
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

    _room_for(max_connections)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=Protocol,
        log_config=None,  # uvicorn's own lines go through the root logger (JSON lines)
        access_log=False,
        lifespan="on",
        limit_concurrency=max_connections,
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
