"""What the serverless doors (AWS Lambda, Azure Functions) keep between requests, and how they
handle a delivery inline and answer it.

``DoorState`` reads the settings once, builds the receiver once and the worker-side handler
(PyGithub, GitPython) on first use; ``handled_inline`` runs a delivery and turns its outcome
or failure into the HTTP answer, forgetting a failed delivery so GitHub's redelivery gets in.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from regent.core.errors import RegentError, UsageError
from regent.core.tracing import current_tracer
from regent.runtimes.json_logs import failure, use_json_logs
from regent.runtimes.webhook.delivery import Delivery, delivery_run
from regent.runtimes.webhook.door import Handle, WebhookReceiver, default_handle
from regent.runtimes.webhook.settings import WebhookSettings, read_webhook_settings
from regent.runtimes.wiring.tracing import start_tracing
from regent.webhook import Reply
from regent.webhook.replies import failed, handled, not_configured

log = logging.getLogger(__name__)


@dataclass
class DoorState:
    """A door's settings, receiver and worker-side handler, each made once and kept."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    build_handle: Callable[[WebhookSettings], Handle] = default_handle
    json_logs: bool = True
    _logging: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _build_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _settings: WebhookSettings | None = field(default=None, repr=False)
    _receiver: WebhookReceiver | None = field(default=None, repr=False)
    _handle: Handle | None = field(default=None, repr=False)

    def start_logging(self) -> None:
        """JSON-line logs, set up on the first request."""
        if self.json_logs and not self._logging:
            use_json_logs()
            self._logging = True

    def environment(self) -> Mapping[str, str]:
        """Where the settings are read from: the environment."""
        return self.environ

    def settings(self) -> WebhookSettings:
        """The settings, read once; a ``UsageError`` naming every missing or invalid one."""
        with self._lock:
            if self._settings is None:
                self._settings = read_webhook_settings(self.environment())
            return self._settings

    def receiver(self) -> WebhookReceiver:
        """The receiver (and its memory of recent delivery ids), built once."""
        settings = self.settings()
        with self._lock:
            if self._receiver is None:
                self._receiver = WebhookReceiver(
                    secrets=settings.webhook_secrets, tenants=settings.tenants
                )
            return self._receiver

    def handle(self) -> Handle:
        """The worker-side handler, built on first use (PyGithub, GitPython) and kept."""
        settings = self.settings()
        with self._build_lock:  # not self._lock: receiving goes on while the worker is built
            if self._handle is None:
                start_tracing(self.environment())
                self._handle = self.build_handle(settings)
            return self._handle

    def run(self, delivery: Delivery) -> str:
        """Handle ``delivery`` with the worker-side handler; its outcome in a few words."""
        return self.handle()(delivery)

    def dispatch(self, headers: Mapping[str, str], body: bytes, forward: Forward) -> Reply:
        """Receive a delivery: the receiver's reply ends it, or ``forward`` queues or handles it
        (logging under its id). Bad settings are a 500 naming them."""
        try:
            receiver = self.receiver()
        except UsageError as error:
            log.error("%s", error)
            return not_configured(error)
        received = receiver.receive(headers, body)
        if isinstance(received, Reply):
            return received
        with delivery_run(received):
            return forward(receiver, received)


Forward = Callable[[WebhookReceiver, Delivery], Reply]
"""What a door does with a delivery that needs work: queue it, or handle it inline."""


def handled_inline(
    receiver: WebhookReceiver, delivery: Delivery, run: Callable[[Delivery], str]
) -> Reply:
    """``run`` the delivery: 200 with its outcome, or the failure's status (and forget it);
    its spans are sent before the answer (a serverless process may be frozen after it)."""
    try:
        return _inline(receiver, delivery, run)
    finally:
        current_tracer().flush()


def _inline(receiver: WebhookReceiver, delivery: Delivery, run: Callable[[Delivery], str]) -> Reply:
    try:
        outcome = run(delivery)
    except RegentError as error:
        receiver.forget(delivery)
        log.error("delivery %s failed: %s", delivery.id, error, extra=failure(error))
        return failed(error, delivery.id)
    except Exception as error:
        receiver.forget(delivery)
        log.exception("delivery %s failed", delivery.id)
        return failed(error, delivery.id)
    log.info("delivery %s handled: %s", delivery.id, outcome)
    return handled(delivery.id, outcome)
