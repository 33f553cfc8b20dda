"""The Azure Functions door (Python v2 programming model): one anonymous HTTP POST route.

``app`` is the ``FunctionApp`` the host loads (deploy/azure/function_app.py imports it); its
route ``webhook`` hands the request's headers and raw body to ``respond``, which lets the
``WebhookReceiver`` verify, parse and de-duplicate it and then either answers (ping, ignored,
refused) or handles the delivery inline: Azure lets an HTTP function run for 230 s. Runs for
one repository are serialised by a lock per repository in this process (the app runs one
worker process, see docs/deploy.md); runs for different repositories go in parallel.

Settings are the app settings, which the host puts in the environment (Key Vault references
are resolved there), read on first use and kept; the heavy worker (PyGithub, GitPython) is
built on first use and kept for the process's life. azure.functions is imported only here.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import azure.functions as func

from regent.core.errors import RegentError, UsageError
from regent.core.webhooks import Delivery
from regent.runtimes.json_logs import JsonLines, delivery_context, use_json_logs
from regent.runtimes.webhook_door import Handle, Reply, WebhookReceiver, build_worker, handle_with
from regent.runtimes.webhook_settings import WebhookSettings, read_webhook_settings

log = logging.getLogger(__name__)


def _default_handle(settings: WebhookSettings) -> Handle:
    return handle_with(build_worker(settings))


@dataclass
class Door:
    """What the Functions worker process keeps between requests."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    build_handle: Callable[[WebhookSettings], Handle] = _default_handle
    json_logs: bool = True
    _logging: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _build_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _settings: WebhookSettings | None = field(default=None, repr=False)
    _receiver: WebhookReceiver | None = field(default=None, repr=False)
    _handle: Handle | None = field(default=None, repr=False)
    _repo_locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)

    def start_logging(self) -> None:
        """JSON-line logs with the delivery id, through the host's own handlers.

        The Functions worker forwards the root logger's records to the host (log stream,
        Application Insights): its handlers are kept and given the JSON formatter.
        """
        if not self.json_logs or self._logging:
            return
        self._logging = True
        root = logging.getLogger()
        if not root.handlers:
            use_json_logs()
            return
        for handler in root.handlers:
            handler.setFormatter(JsonLines())
        logging.getLogger("regent").setLevel(logging.INFO)

    def settings(self) -> WebhookSettings:
        """The settings, read once; a ``UsageError`` naming every missing or invalid one."""
        with self._lock:
            if self._settings is None:
                self._settings = read_webhook_settings(self.environ)
            return self._settings

    def receiver(self) -> WebhookReceiver:
        """The receiver (and its memory of recent delivery ids) for this process."""
        settings = self.settings()
        with self._lock:
            if self._receiver is None:
                self._receiver = WebhookReceiver(secrets=settings.webhook_secrets)
            return self._receiver

    def handle(self) -> Handle:
        """The worker-side handler, built on first use (PyGithub, GitPython) and kept."""
        settings = self.settings()
        with self._build_lock:  # not self._lock: receiving goes on while the worker is built
            if self._handle is None:
                self._handle = self.build_handle(settings)
            return self._handle

    def repository_lock(self, delivery: Delivery) -> threading.Lock:
        """The lock that keeps one repository's runs one at a time in this process."""
        key = delivery.repository or f"delivery {delivery.id}"
        with self._lock:
            return self._repo_locks.setdefault(key, threading.Lock())

    def answer(self, headers: Mapping[str, str], body: bytes) -> Reply:
        """Headers and raw body in, the HTTP answer out."""
        lower = {name.lower(): value for name, value in headers.items()}
        with delivery_context(
            delivery_id=lower.get("x-github-delivery", "?"),
            repository=None,
            event=lower.get("x-github-event"),
        ):
            try:
                receiver = self.receiver()
            except UsageError as error:
                log.error("%s", error)
                return Reply(500, {"message": str(error)})
            received = receiver.receive(lower, body)
            if isinstance(received, Reply):
                return received
            with delivery_context(
                delivery_id=received.id, repository=received.repository, event=received.event
            ):
                return self._handle_inline(receiver, received)

    def _handle_inline(self, receiver: WebhookReceiver, delivery: Delivery) -> Reply:
        try:
            handle = self.handle()
            with self.repository_lock(delivery):
                outcome = handle(delivery)
        except RegentError as error:
            receiver.forget(delivery)
            log.error("delivery %s failed: %s", delivery.id, error)
            status = 503 if error.retryable else 500 if isinstance(error, UsageError) else 422
            return Reply(status, {"message": str(error), "delivery": delivery.id})
        except Exception:
            receiver.forget(delivery)
            log.exception("delivery %s failed", delivery.id)
            return Reply(
                500, {"message": "the delivery failed; see the logs", "delivery": delivery.id}
            )
        log.info("delivery %s handled: %s", delivery.id, outcome)
        return Reply(200, {"message": "handled", "delivery": delivery.id, "outcome": outcome})


door = Door()
"""This process's state; tests put a fresh ``Door`` here."""


def respond(req: func.HttpRequest) -> func.HttpResponse:
    """The route's work: the request's headers and raw body through ``door``, as JSON."""
    door.start_logging()
    reply = door.answer(dict(req.headers), req.get_body())
    return func.HttpResponse(
        json.dumps(dict(reply.body)), status_code=reply.status, mimetype="application/json"
    )


app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.function_name("webhook")
@app.route(route="webhook", methods=[func.HttpMethod.POST])
def webhook(req: func.HttpRequest) -> func.HttpResponse:
    """GitHub's deliveries: POST /api/webhook."""
    return respond(req)
