"""The webhook service (``regent serve``): an ASGI application for GitHub App deliveries.

- ``POST /webhook``: a request announcing a body over the limit, or without a well-formed
  signature, event or delivery id header, is refused before its body is read; the body is then
  read within the delivery deadline and the limits of ``body``, checked and hashed as it
  arrives (``regent.webhook.IncomingDelivery``), its signature verified once; the
  ``WebhookReceiver`` parses, routes and de-duplicates it; a delivery that needs work is
  journalled and queued (202), or folded into one already waiting for its repository and
  branch (200). Receiving does no git and no GitHub call: the work happens in the
  ``RepoQueues`` workers, so GitHub gets its answer well within its 10-second limit. A journal
  that cannot be written is a 503 that forgets the id, so GitHub's redelivery gets through.
- ``GET /healthz``: ``{"status": "ok", "queue_depth": N}`` (503 once shutting down).
- ``GET /metrics``: Prometheus text format (see ``metrics``).
- ``GET /usage``: each App installation's usage since start, as JSON (see ``usage``).

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

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from regent.core.routing import Reconcile
from regent.runtimes.json_logs import failure, use_json_logs
from regent.runtimes.webhook.body import RETRY_AFTER, BodyLimits, BodyReader
from regent.runtimes.webhook.delivery import Delivery, delivery_run
from regent.runtimes.webhook.door import Handle, WebhookReceiver, build_worker, handle_with
from regent.runtimes.webhook.journal import Journal
from regent.runtimes.webhook.metrics import CONTENT_TYPE, WebhookMetrics
from regent.runtimes.webhook.pauses import InstallationPauses, PauseMetrics
from regent.runtimes.webhook.queue import Queued, RepoQueues
from regent.runtimes.webhook.server import serve
from regent.runtimes.webhook.settings import WebhookSettings, read_webhook_settings
from regent.runtimes.webhook.tenants import InstallationQuotas
from regent.runtimes.webhook.usage import InstallationUsage, UsageMetrics
from regent.runtimes.wiring.tracing import start_tracing
from regent.webhook import IncomingDelivery, Reply
from regent.webhook.replies import accepted, folded, not_stored, shutting_down

__all__ = ["create_app", "serve_from_environment"]

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 25.0
"""Seconds the workers get to finish at shutdown (within a container's usual 30-second grace)."""
INLINE_BODY_BYTES = 256 * 1024
"""Bodies up to this size are parsed and routed on the event loop (well under a millisecond);
larger ones in a thread, so that parsing them does not hold up other acknowledgements (each
body is hashed chunk by chunk as it arrives, and verified once it is whole)."""


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
            Route("/usage", service.usage_report, methods=["GET"]),
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
        self._receiver = WebhookReceiver(
            secrets=settings.webhook_secrets, door="serve", tenants=settings.tenants
        )
        self._bodies = BodyReader(
            BodyLimits(readers=settings.max_body_reads, deadline=settings.delivery_timeout)
        )
        self._metrics = WebhookMetrics()
        self._pauses = InstallationPauses()
        self._pause_metrics = PauseMetrics(self._pauses)
        self._metrics.registry.register(self._pause_metrics)
        self._quotas = InstallationQuotas(settings.quotas)
        self._usage = InstallationUsage()
        self._metrics.registry.register(
            UsageMetrics(self._usage, self._quotas, self._waiting_by_installation)
        )
        self._queues: RepoQueues | None = None
        self._shutting_down = False

    @asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        """Start the workers (replaying the journal); at the end, let them finish in time."""
        work = self._handle
        if work is None:
            work = await run_in_threadpool(
                _default_handle, self._settings, self._metrics, self._pause_metrics, self._usage
            )
        journal = Journal(self._settings.cache_dir / "journal")
        queues = RepoQueues(
            lambda delivery: self._handled(delivery, work),
            workers=self._workers,
            journal=journal,
            pauses=self._pauses,
            quotas=self._quotas,
        )
        await run_in_threadpool(queues.start)
        self._metrics.watch_queue(queues.depth)
        self._metrics.watch_queue_age(queues.oldest_wait)
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
        installation = getattr(delivery.route, "installation_id", None)
        if isinstance(delivery.route, Reconcile):
            self._usage.count(installation, "reconciles")
        try:
            outcome = work(delivery)
        except BaseException:
            self._metrics.delivery(delivery.event, "failed")
            self._metrics.outcome(installation, "failed")
            raise
        finally:
            self._metrics.processed(time.perf_counter() - started)
        self._metrics.delivery(delivery.event, outcome)
        self._metrics.outcome(installation, outcome)

    async def webhook(self, request: Request) -> Response:
        """``POST /webhook``: GitHub's delivery, answered without doing its work."""
        headers = request.headers
        incoming = self._receiver.expect(headers)
        if isinstance(incoming, Reply):
            return self._refused(incoming, headers)
        body = await self._bodies.read(request, incoming)
        if isinstance(body, Reply):
            return self._refused(body, headers)
        if len(body) > INLINE_BODY_BYTES:
            return await run_in_threadpool(self._take, dict(headers), body, incoming)
        # Parsing and routing a body this small takes well under a millisecond: done here,
        # and so are the answers that end the delivery (ignored, duplicate, pong, refused).
        received = self._receiver.receive(headers, body, incoming=incoming)
        if isinstance(received, Reply):
            return self._answered(received, headers)
        # Queueing writes the journal (a file and a lock): never on the event loop.
        return await run_in_threadpool(self._submit, received, body)

    def _take(
        self, headers: Mapping[str, str], body: bytes, incoming: IncomingDelivery
    ) -> Response:
        """Receive and queue one large delivery, in a thread (parsing, the journal)."""
        received = self._receiver.receive(headers, body, incoming=incoming)
        if isinstance(received, Reply):
            return self._answered(received, headers)
        return self._submit(received, body)

    def _refused(self, reply: Reply, headers: Mapping[str, str]) -> Response:
        """A refusal before the body was read whole: counted, and the connection closed (what is
        left of the body is not read)."""
        self._metrics.delivery(headers.get("x-github-event"), reply.outcome)
        closing = {"Connection": "close"}
        if reply.status == 503:
            closing["Retry-After"] = RETRY_AFTER
        return _json(reply, headers=closing)

    def _answered(self, reply: Reply, headers: Mapping[str, str]) -> Response:
        """The receiver's own answer (nothing to queue), counted."""
        self._metrics.delivery(headers.get("x-github-event"), reply.outcome)
        return _json(reply)

    def _submit(self, received: Delivery, body: bytes) -> Response:
        """Journal and queue an accepted delivery (in a thread: it writes the journal)."""
        try:
            if self._queues is None:
                raise RuntimeError("not started")
            queued = self._queues.submit(Queued(received, body))
        except RuntimeError:
            return self._not_taken(received, shutting_down())
        except OSError as error:
            with delivery_run(received, door="serve"):
                log.error(
                    "delivery %s not journalled (%s): answered 503",
                    received.id,
                    error,
                    extra=failure(error),
                )
            return self._not_taken(received, not_stored())
        reply = accepted(received.id) if queued else folded()
        self._metrics.delivery(received.event, reply.outcome)
        self._usage.count(getattr(received.route, "installation_id", None), "deliveries")
        return _json(reply)

    def _not_taken(self, received: Delivery, reply: Reply) -> Response:
        """A verified delivery not queued: its id forgotten, so GitHub's redelivery gets in."""
        self._receiver.forget(received)
        self._metrics.delivery(received.event, reply.outcome)
        return _json(reply, headers={"Retry-After": RETRY_AFTER})

    async def healthz(self, _: Request) -> Response:
        """``GET /healthz``: ok and the queue depth; 503 once shutting down."""
        queues = self._queues
        depth = queues.depth() if queues is not None else 0
        if self._shutting_down or queues is None:
            return JSONResponse({"status": "shutting down", "queue_depth": depth}, status_code=503)
        return JSONResponse({"status": "ok", "queue_depth": depth})

    async def usage_report(self, _: Request) -> Response:
        """``GET /usage``: each installation's deliveries, reconciles and API calls since start."""
        return JSONResponse(self._usage.report())

    def _waiting_by_installation(self) -> dict[int, int]:
        queues = self._queues
        return queues.waiting_by_installation() if queues is not None else {}

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
    start_tracing(os.environ)
    app = create_app(settings, workers=workers, shutdown_timeout=shutdown_timeout)
    return serve(
        app,
        host=host,
        port=port,
        delivery_timeout=settings.delivery_timeout,
        max_connections=settings.max_connections,
        graceful_timeout=int(SHUTDOWN_TIMEOUT) + 5,
    )


def _default_handle(
    settings: WebhookSettings,
    metrics: WebhookMetrics,
    pauses: PauseMetrics,
    usage: InstallationUsage,
) -> Handle:
    """The App's delivery worker; its adapter's call counts feed the GitHub calls counter, its
    last responses the rate-limit gauge, each request the latency histogram and its
    installation's usage, and its circuit breakers their gauge."""
    built = build_worker(settings)
    github = built.github
    pauses.breakers = github.breaker_states
    metrics.watch_github_calls(lambda: github.call_counts().total)
    metrics.watch_github_rate_limit(github.rate_limit_remaining)
    github.observe_calls(
        lambda call: metrics.github_call(
            route=call.route, method=call.method, status=call.status_class, seconds=call.seconds
        )
    )
    github.observe_calls(lambda call: usage.api_calls(call.attempts))
    return handle_with(built.worker)


def _json(reply: Reply, *, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(dict(reply.body), status_code=reply.status, headers=headers)
