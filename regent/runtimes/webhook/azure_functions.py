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
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import azure.functions as func

from regent.runtimes.json_logs import JsonLines, delivery_context, use_json_logs
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.state import DoorState, handled_inline
from regent.webhook import Reply

log = logging.getLogger(__name__)


@dataclass
class Door(DoorState):
    """What the Functions worker process keeps between requests."""

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

    def repository_lock(self, delivery: Delivery) -> threading.Lock:
        """The lock that keeps one repository's runs one at a time in this process."""
        key = delivery.repository or f"delivery {delivery.id}"
        with self._lock:
            return self._repo_locks.setdefault(key, threading.Lock())

    def run(self, delivery: Delivery) -> str:
        """Handle ``delivery`` while holding its repository's lock."""
        handle = self.handle()
        with self.repository_lock(delivery):
            return handle(delivery)

    def answer(self, headers: Mapping[str, str], body: bytes) -> Reply:
        """Headers and raw body in, the HTTP answer out."""
        lower = {name.lower(): value for name, value in headers.items()}
        with delivery_context(
            delivery_id=lower.get("x-github-delivery", "?"),
            repository=None,
            event=lower.get("x-github-event"),
            door="azure",
        ):
            return self.dispatch(
                lower, body, lambda receiver, received: handled_inline(receiver, received, self.run)
            )


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
