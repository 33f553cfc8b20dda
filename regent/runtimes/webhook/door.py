"""What every webhook door does with a delivery: receive it (verify, parse, de-duplicate, answer
what needs no work) and, in a worker, handle it (reconcile the branch it names, or act on the
commands of a comment).

A door only moves bytes and headers in, and a ``Reply`` (status and JSON body) out. Standard
library, the pure core and ``regent.webhook`` only on the receiving side: the worker side,
which imports PyGithub and GitPython, is built by the wiring (``default_handle``) when a door
first needs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from regent.core.release_pr.events import ReleaseEvent
from regent.core.routing import (
    Command,
    Ignored,
    Installation,
    PayloadError,
    Ping,
    Reconcile,
    Route,
    explain,
)
from regent.core.text import shown
from regent.core.tracing import span
from regent.runtimes.json_logs import delivery_context, failure
from regent.runtimes.webhook.delivery import Delivery, delivery_run
from regent.runtimes.webhook.settings import WebhookSettings, private_folder
from regent.runtimes.webhook.tenants import TenantLists, not_served
from regent.webhook import Event, IncomingDelivery, RecentDeliveries, Reply, WebhookError
from regent.webhook.replies import refused

if TYPE_CHECKING:
    from regent.runtimes.wiring import WebhookWorker
    from regent.services.deliveries import DeliveryWorker

log = logging.getLogger(__name__)

Handle = Callable[[Delivery], str]
"""Handles a routed delivery in a worker; returns its outcome, one word (for metrics)."""
RECONCILED = (
    ReleaseEvent.RELEASED,
    ReleaseEvent.RELEASE_PR_OPENED,
    ReleaseEvent.RELEASE_PR_UPDATED,
    ReleaseEvent.RELEASE_PR_CLOSED,
    ReleaseEvent.RELEASE_PR_UNCHANGED,
    ReleaseEvent.RELEASE_PR_SKIPPED,
    ReleaseEvent.NOTHING_TO_RELEASE,
)
"""The outcomes of a reconcile, most telling first: ``released`` whatever the release PR did."""
COMMANDED = tuple(
    f"command_{result}" for result in ("accepted", "refused", "denied", "invalid", "replayed")
)
"""The outcomes of a comment's commands, most telling first (``CommandResult`` words)."""
HANDLED = (*RECONCILED, *COMMANDED, "nothing", "not_a_base_branch", "ignored")
"""Every outcome a handled delivery is counted under (besides ``failed``, counted by the door)."""


class WebhookReceiver:
    """Verifies, parses and de-duplicates deliveries; answers those that need no work."""

    def __init__(
        self,
        *,
        secrets: tuple[str, ...],
        recent: RecentDeliveries | None = None,
        clock: Callable[[], float] = time.monotonic,
        door: str | None = None,
        tenants: TenantLists | None = None,
    ) -> None:
        self._secrets = secrets
        self._door = door
        self._tenants = tenants or TenantLists()
        self._recent = recent or RecentDeliveries()
        self._clock = clock

    def expect(self, headers: Mapping[str, str]) -> IncomingDelivery | Reply:
        """Before reading the body: the delivery to feed it to, or the reply refusing one
        whose size, signature, event or delivery id header is too large, missing or ill-formed."""
        try:
            return IncomingDelivery(headers, secrets=self._secrets)
        except WebhookError as error:
            return _refused(error, _lowered(headers), door=self._door)

    def receive(
        self,
        headers: Mapping[str, str],
        body: bytes,
        *,
        incoming: IncomingDelivery | None = None,
    ) -> Delivery | Reply:
        """The delivery to queue, or the reply that ends it here; ``incoming``: the one from
        ``expect``, already fed the body as it streamed in (else the body is checked here)."""
        try:
            if incoming is None:
                event = Event.from_http(headers, body, secrets=self._secrets)
            else:
                event = incoming.event(body)
            delivery = Delivery.routed(event)
        except (WebhookError, PayloadError) as error:
            return _refused(error, _lowered(headers), door=self._door)
        with delivery_run(delivery, door=self._door):
            return self._answer(delivery)

    def forget(self, delivery: Delivery) -> None:
        """Let a redelivery of ``delivery`` through again (queueing it failed)."""
        self._recent.forget(delivery.id)

    def _answer(self, delivery: Delivery) -> Delivery | Reply:
        route = delivery.route
        if isinstance(route, Ping):
            log.info("ping from hook %s: %s", route.hook_id, route.zen)
            return Reply(200, {"message": "pong", "zen": route.zen}, "pong")
        if isinstance(route, Installation):
            log.info(
                "installation %s %s for %s: %s",
                route.installation_id,
                route.action,
                route.account,
                ", ".join(route.repositories) or "no repositories listed",
            )
        if isinstance(route, Installation | Ignored):
            log.info("%s", explain(route))
            return Reply(200, {"message": explain(route)}, "ignored")
        refusal = self._tenants.refusal(
            installation=getattr(route, "installation_id", None), repository=delivery.repository
        )
        if refusal is not None:
            log.warning("delivery %s refused: %s", delivery.id, refusal, extra={"error": refusal})
            return not_served(refusal)
        if not self._recent.first_time(delivery.id, now=self._clock()):
            log.info("delivery %s was received before: not handled twice", delivery.id)
            message = f"delivery {delivery.id} was already received"
            return Reply(200, {"message": message}, "duplicate")
        return delivery


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _refused(
    error: WebhookError | PayloadError, lower: Mapping[str, str], *, door: str | None
) -> Reply:
    """The reply refusing a delivery, logged under the ids its headers claim (shortened: they
    are not checked yet) with the reason as its ``error``; the repository is not known."""
    delivery_id = lower.get("x-github-delivery", "?")
    with delivery_context(
        delivery_id=delivery_id, repository=None, event=lower.get("x-github-event"), door=door
    ):
        log.warning("delivery %s refused: %s", shown(delivery_id), error, extra=failure(error))
    return refused(error)


def handle_with(worker: DeliveryWorker) -> Handle:
    """The worker-side handler: reconcile what a delivery names, logging under its id."""
    from regent.services.release import NotABaseBranch  # noqa: PLC0415 - worker side only

    def handle(delivery: Delivery) -> str:
        with delivery_run(delivery), span("delivery", _traced(delivery), new_trace=True) as traced:
            word = work(delivery.route)
            traced.set_attribute("regent.outcome", word)
            return word

    def work(route: Route) -> str:
        if isinstance(route, Command):
            done = worker.command(route)
            return commanded(tuple(d.result for d in done.commands))
        if not isinstance(route, Reconcile):
            return "ignored"
        outcome = worker.reconcile(route)
        if isinstance(outcome, NotABaseBranch):
            return "not_a_base_branch"
        return reconciled(outcome.events)

    return handle


def _traced(delivery: Delivery) -> dict[str, str | int]:
    """A delivery's trace attributes: its id, event, repository and installation."""
    found: dict[str, str | int] = {
        "regent.delivery_id": delivery.id,
        "github.event": delivery.event,
    }
    if delivery.repository:
        found["github.repository"] = delivery.repository
    installation = getattr(delivery.route, "installation_id", None)
    if isinstance(installation, int):
        found["github.installation_id"] = installation
    return found


def reconciled(events: tuple[ReleaseEvent, ...]) -> str:
    """The one outcome a reconcile's events are counted under: the most telling of them, or
    ``nothing`` (a dry run)."""
    return next((word for word in RECONCILED if word in events), "nothing")


def commanded(results: tuple[str, ...]) -> str:
    """The one outcome a comment's commands are counted under: the most telling result."""
    return next((word for word in COMMANDED if word.removeprefix("command_") in results), "nothing")


def default_handle(settings: WebhookSettings) -> Handle:
    """The worker-side handler for these settings, over a delivery worker the wiring builds."""
    return handle_with(build_worker(settings).worker)


def build_worker(settings: WebhookSettings) -> WebhookWorker:
    """The App's delivery worker for these settings, built by the wiring (PyGithub, GitPython
    are imported here, on the worker side only)."""
    from regent.runtimes.wiring import webhook_worker  # noqa: PLC0415

    return webhook_worker(
        app_id=settings.app_id,
        private_key=settings.private_key,
        api_url=settings.api_url,
        throttle_off=settings.throttle_off,
        clones=private_folder(settings.cache_dir) / "clones",
        max_repositories=settings.max_repositories,
        git_url=settings.git_url,
        environ=settings.environ,
    )
