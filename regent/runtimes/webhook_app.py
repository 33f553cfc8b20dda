"""The webhook service (``regent serve``): an ASGI application for GitHub App deliveries.

- ``POST /webhook``: the body is read in chunks and refused with 413 as soon as it passes
  ``MAX_BODY_BYTES``; the ``WebhookReceiver`` verifies, parses and de-duplicates it; a delivery
  that needs work is journalled and queued (202), or folded into one already waiting for its
  repository and branch (200). Receiving does no git and no GitHub call: the work happens in
  the ``RepoQueues`` workers, so GitHub gets its answer well within its 10-second limit.
- ``GET /healthz``: ``{"status": "ok", "queue_depth": N}`` (503 once shutting down).
- ``GET /metrics``: Prometheus text format (see ``webhook_metrics``).

Start-up builds the delivery worker (PyGithub, GitPython) and starts the queues, which replay
the journal; shutdown lets the workers finish within ``shutdown_timeout`` seconds and leaves
the rest in the journal for the next start.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from types import FrameType

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from regent.core.webhooks import MAX_BODY_BYTES, Delivery
from regent.runtimes.json_logs import use_json_logs
from regent.runtimes.webhook_door import (
    Handle,
    Reply,
    WebhookReceiver,
    accepted,
    build_worker,
    handle_with,
)
from regent.runtimes.webhook_metrics import CONTENT_TYPE, WebhookMetrics, event_label
from regent.runtimes.webhook_queue import Journal, Queued, RepoQueues
from regent.runtimes.webhook_settings import WebhookSettings, read_webhook_settings

__all__ = ["MAX_BODY_BYTES", "create_app", "serve", "serve_from_environment"]

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 25.0
"""Seconds the workers get to finish at shutdown (within a container's usual 30-second grace)."""
RETRY_AFTER = "30"
INLINE_BODY_BYTES = 256 * 1024
"""Bodies up to this size are verified and parsed on the event loop (well under a millisecond);
larger ones in a thread, so that hashing them does not hold up other acknowledgements."""


def create_app(
    settings: WebhookSettings,
    *,
    handle: Handle | None = None,
    workers: int = 4,
    shutdown_timeout: float = SHUTDOWN_TIMEOUT,
) -> Starlette:
    """The application; ``handle`` (default: the App's delivery worker) is built at start-up."""
    service = _WebhookService(settings, handle, workers=workers, shutdown_timeout=shutdown_timeout)
    return Starlette(
        routes=[
            Route("/webhook", service.webhook, methods=["POST"]),
            Route("/healthz", service.healthz, methods=["GET"]),
            Route("/metrics", service.prometheus, methods=["GET"]),
        ],
        lifespan=service.lifespan,
    )


class _WebhookService:
    """The receiver, the queues and the metrics of one application."""

    def __init__(
        self,
        settings: WebhookSettings,
        handle: Handle | None,
        *,
        workers: int,
        shutdown_timeout: float,
    ) -> None:
        self._settings = settings
        self._handle = handle
        self._workers = workers
        self._shutdown_timeout = shutdown_timeout
        self._receiver = WebhookReceiver(secrets=settings.webhook_secrets)
        self._metrics = WebhookMetrics()
        self._queues: RepoQueues | None = None
        self._shutting_down = False

    @asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        """Start the workers (replaying the journal); at the end, let them finish in time."""
        work = self._handle
        if work is None:
            work = await run_in_threadpool(_default_handle, self._settings, self._metrics)
        journal = Journal(self._settings.cache_dir / "journal")
        queues = RepoQueues(
            lambda delivery: self._handled(delivery, work), workers=self._workers, journal=journal
        )
        await run_in_threadpool(queues.start)
        self._metrics.watch_queue(queues.depth)
        self._queues = queues
        log.info("webhook service started with %d workers", self._workers)
        try:
            yield
        finally:
            await self._stop(queues)

    async def _stop(self, queues: RepoQueues) -> None:
        self._shutting_down = True
        timeout = self._shutdown_timeout
        log.info("shutting down: letting the workers finish (at most %ss)", timeout)
        left = await run_in_threadpool(lambda: queues.shutdown(timeout=timeout))
        if left:
            log.warning(
                "shut down with %d deliveries left in the journal, replayed at next start: %s",
                len(left),
                ", ".join(left),
            )
        else:
            log.info("shut down with no delivery left waiting")

    def _handled(self, delivery: Delivery, work: Handle) -> None:
        """Handle one delivery in a worker, counting its outcome and time."""
        started = time.perf_counter()
        try:
            outcome = work(delivery)
        except BaseException:
            self._metrics.delivery(delivery.event, "failed")
            raise
        finally:
            self._metrics.processed(time.perf_counter() - started)
        self._metrics.delivery(delivery.event, outcome)

    async def webhook(self, request: Request) -> Response:
        """``POST /webhook``: GitHub's delivery, answered without doing its work."""
        body = await _read_limited(request)
        if body is None:
            event = event_label(request.headers.get("x-github-event"), verified=False)
            self._metrics.delivery(event, "too_large")
            message = f"the body is larger than the {MAX_BODY_BYTES} bytes GitHub ever sends"
            return _json(Reply(413, {"message": message}, "too_large"))
        if len(body) > INLINE_BODY_BYTES:
            return await run_in_threadpool(self._take, dict(request.headers), body)
        # Verifying and parsing a body this small takes well under a millisecond: done here,
        # and so are the answers that end the delivery (ignored, duplicate, pong, refused).
        received = self._receiver.receive(request.headers, body)
        if isinstance(received, Reply):
            return self._answered(received, request.headers)
        # Queueing writes the journal (a file and a lock): never on the event loop.
        return await run_in_threadpool(self._submit, received, body)

    def _take(self, headers: Mapping[str, str], body: bytes) -> Response:
        """Receive and queue one large delivery, in a thread (hashing, parsing, the journal)."""
        received = self._receiver.receive(headers, body)
        if isinstance(received, Reply):
            return self._answered(received, headers)
        return self._submit(received, body)

    def _answered(self, reply: Reply, headers: Mapping[str, str]) -> Response:
        """The receiver's own answer (nothing to queue), counted."""
        self._metrics.delivery(*_answered_labels(reply, headers))
        return _json(reply)

    def _submit(self, received: Delivery, body: bytes) -> Response:
        """Journal and queue an accepted delivery (in a thread: it writes the journal)."""
        try:
            if self._queues is None:
                raise RuntimeError("not started")
            queued = self._queues.submit(Queued(received, body))
        except RuntimeError:
            self._receiver.forget(received)
            self._metrics.delivery(received.event, "shutting_down")
            reply = Reply(503, {"message": "shutting down; deliver again later"}, "shutting_down")
            return _json(reply, headers={"Retry-After": RETRY_AFTER})
        if not queued:
            self._metrics.delivery(received.event, "folded")
            return _json(Reply(200, {"message": "folded into a waiting delivery"}, "folded"))
        self._metrics.delivery(received.event, "accepted")
        return _json(accepted(received))

    async def healthz(self, _: Request) -> Response:
        """``GET /healthz``: ok and the queue depth; 503 once shutting down."""
        queues = self._queues
        depth = queues.depth() if queues is not None else 0
        if self._shutting_down or queues is None:
            return JSONResponse({"status": "shutting down", "queue_depth": depth}, status_code=503)
        return JSONResponse({"status": "ok", "queue_depth": depth})

    async def prometheus(self, _: Request) -> Response:
        """``GET /metrics``: the Prometheus text exposition."""
        return Response(self._metrics.render(), media_type=CONTENT_TYPE)


def serve_from_environment(
    host: str, port: int, workers: int, *, shutdown_timeout: float = SHUTDOWN_TIMEOUT
) -> int:
    """``regent serve``: settings from the environment (a ``UsageError`` names every bad one),
    JSON-line logs on stderr, the application under uvicorn until SIGTERM or SIGINT."""
    settings = read_webhook_settings(os.environ)
    use_json_logs()
    app = create_app(settings, workers=workers, shutdown_timeout=shutdown_timeout)
    return serve(app, host=host, port=port)


def serve(app: Starlette, *, host: str, port: int) -> int:
    """Run ``app`` under uvicorn until SIGTERM or SIGINT; 0 after a clean stop, 1 if it never
    started (the port is taken, start-up failed)."""
    import uvicorn  # noqa: PLC0415

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            # A signal is how the service is meant to stop: after the graceful shutdown the
            # process exits 0 rather than uvicorn raising the signal again.
            self._captured_signals.clear()

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # uvicorn's own lines go through the root logger (JSON lines)
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=int(SHUTDOWN_TIMEOUT) + 5,
    )
    server = Server(config)
    try:
        server.run()
    except SystemExit as stop:  # uvicorn exits 1 or 3 when it cannot bind or start
        log.error("the webhook service did not start (uvicorn exit code %s)", stop.code)
        return 1
    return 0 if server.started else 1


def _default_handle(settings: WebhookSettings, metrics: WebhookMetrics) -> Handle:
    """The App's delivery worker; its adapter's call counts feed the GitHub calls counter and
    its last responses the rate-limit gauge."""
    from regent.adapters.github import GitHubAdapter  # noqa: PLC0415 (PyGithub, loaded by now)

    worker = build_worker(settings)
    github = worker.github
    metrics.watch_github_calls(lambda: github.call_counts().total)
    if isinstance(github, GitHubAdapter):
        metrics.watch_github_rate_limit(github.rate_limit_remaining)
    return handle_with(worker)


async def _read_limited(request: Request) -> bytes | None:
    """The body, or None as soon as it is (or announces itself) larger than MAX_BODY_BYTES."""
    limit = MAX_BODY_BYTES
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _answered_labels(reply: Reply, headers: Mapping[str, str]) -> tuple[str, str]:
    """The (event, outcome) labels of a delivery the receiver answered itself."""
    lower = {name.lower(): value for name, value in headers.items()}
    event = event_label(lower.get("x-github-event"), verified=reply.status < 400)
    return event, reply.outcome


def _json(reply: Reply, *, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(dict(reply.body), status_code=reply.status, headers=headers)
