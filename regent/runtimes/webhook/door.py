"""What every webhook door does with a delivery: receive it (verify, parse, de-duplicate, answer
what needs no work) and, in a worker, handle it (reconcile the branch it names).

A door only moves bytes and headers in, and a ``Reply`` (status and JSON body) out. Standard
library and the pure core only on the receiving side: the worker side, which imports PyGithub
and GitPython, is built by ``build_handler`` when a door first needs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regent.core.release_pr.actions import (
    CloseReleasePr,
    KeepReleasePr,
    NothingToRelease,
    OpenReleasePr,
    PublishRelease,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.webhooks import (
    MAX_BODY_BYTES,
    BodySignature,
    BodyTooLarge,
    CommentCommand,
    Delivery,
    Ignored,
    InstallationChange,
    Ping,
    RecentDeliveries,
    ReconcileBranch,
    SignatureError,
    WebhookError,
    delivery_headers,
    parse_delivery,
    shown,
    verify_signature,
)
from regent.runtimes.json_logs import delivery_context
from regent.runtimes.webhook.settings import WebhookSettings, private_folder

if TYPE_CHECKING:
    from regent.services.deliveries import DeliveryWorker

log = logging.getLogger(__name__)

Handle = Callable[[Delivery], str]
"""Handles a routed delivery in a worker; returns its outcome, one word (for metrics)."""
RECONCILED = tuple(
    action.event
    for action in (
        PublishRelease,
        OpenReleasePr,
        UpdateReleasePr,
        CloseReleasePr,
        KeepReleasePr,
        SkipReleasePr,
        NothingToRelease,
    )
)
"""The outcomes of a reconcile, most telling first: ``released`` whatever the release PR did."""
HANDLED = (*RECONCILED, "nothing", "not_a_base_branch", "ignored")
"""Every outcome a handled delivery is counted under (besides ``failed``, counted by the door)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status and JSON body, and how receiving ended (for metrics)."""

    status: int
    body: Mapping[str, object]
    outcome: str = "answered"


def accepted(delivery: Delivery) -> Reply:
    """202: verified and queued; the work happens in the background."""
    return Reply(202, {"message": "accepted", "delivery": delivery.id}, "accepted")


class WebhookReceiver:
    """Verifies, parses and de-duplicates deliveries; answers those that need no work."""

    def __init__(
        self,
        *,
        secrets: tuple[str, ...],
        recent: RecentDeliveries | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._secrets = secrets
        self._recent = recent or RecentDeliveries()
        self._clock = clock

    def expect(self, headers: Mapping[str, str]) -> BodySignature | Reply:
        """Before reading the body: the signature to feed it to, or the reply refusing a
        delivery whose signature, event or delivery id header is missing or ill-formed."""
        lower = _lowered(headers)
        try:
            signature = BodySignature.expecting(lower.get("x-hub-signature-256"), self._secrets)
            delivery_headers(
                event=lower.get("x-github-event"), delivery_id=lower.get("x-github-delivery")
            )
        except WebhookError as error:
            return _refused(error, lower)
        return signature

    def receive(
        self,
        headers: Mapping[str, str],
        body: bytes,
        *,
        signature: BodySignature | None = None,
    ) -> Delivery | Reply:
        """The delivery to queue, or the reply that ends it here; ``signature``: the one from
        ``expect``, already fed the body as it streamed in (else the body is hashed here)."""
        lower = _lowered(headers)
        try:
            if len(body) > MAX_BODY_BYTES:
                raise BodyTooLarge(f"the body has {len(body)} bytes, over {MAX_BODY_BYTES}")
            if signature is None:
                verify_signature(body, lower.get("x-hub-signature-256"), self._secrets)
            else:
                signature.verify()
            delivery = parse_delivery(
                event=lower.get("x-github-event"),
                delivery_id=lower.get("x-github-delivery"),
                body=body,
            )
        except WebhookError as error:
            return _refused(error, lower)
        with delivery_context(
            delivery_id=delivery.id, repository=delivery.repository, event=delivery.event
        ):
            return self._answer(delivery)

    def forget(self, delivery: Delivery) -> None:
        """Let a redelivery of ``delivery`` through again (queueing it failed)."""
        self._recent.forget(delivery.id)

    def _answer(self, delivery: Delivery) -> Delivery | Reply:
        route = delivery.route
        if isinstance(route, Ping):
            log.info("ping from hook %s: %s", route.hook_id, route.zen)
            return Reply(200, {"message": "pong", "zen": route.zen}, "pong")
        if isinstance(route, InstallationChange):
            log.info(
                "installation %s %s for %s: %s",
                route.installation_id,
                route.action,
                route.account,
                ", ".join(route.repositories) or "no repositories listed",
            )
            return Reply(200, {"message": f"installation {route.action} noted"}, "ignored")
        if isinstance(route, Ignored):
            log.info("ignored: %s", route.reason)
            return Reply(200, {"message": route.reason}, "ignored")
        if isinstance(route, CommentCommand):
            reason = f"comment on #{route.number} ignored: comment commands are not handled yet"
            log.info("%s", reason)
            return Reply(200, {"message": reason}, "ignored")
        if not self._recent.first_time(delivery.id, now=self._clock()):
            log.info("delivery %s was received before: not handled twice", delivery.id)
            message = f"delivery {delivery.id} was already received"
            return Reply(200, {"message": message}, "duplicate")
        return delivery


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _refused(error: WebhookError, lower: Mapping[str, str]) -> Reply:
    """The reply refusing a delivery, logged under its id (shortened: it is not checked yet)."""
    log.warning("delivery %s refused: %s", shown(lower.get("x-github-delivery", "?")), error)
    return Reply(error.status, {"message": str(error)}, _refusal(error))


def _refusal(error: WebhookError) -> str:
    """The metrics outcome of a refused delivery."""
    if isinstance(error, SignatureError):
        return "rejected_signature"
    return "too_large" if isinstance(error, BodyTooLarge) else "rejected_payload"


def handle_with(worker: DeliveryWorker) -> Handle:
    """The worker-side handler: reconcile what a delivery names, logging under its id."""

    def handle(delivery: Delivery) -> str:
        with delivery_context(
            delivery_id=delivery.id, repository=delivery.repository, event=delivery.event
        ):
            route = delivery.route
            if not isinstance(route, ReconcileBranch):
                return "ignored"
            outcome = worker.reconcile(route)
            if outcome is None:
                return "not_a_base_branch"
            return reconciled(outcome.events)

    return handle


def reconciled(events: tuple[str, ...]) -> str:
    """The one outcome a reconcile's events are counted under: the most telling of them, or
    ``nothing`` (a dry run)."""
    return next((word for word in RECONCILED if word in events), "nothing")


def default_handle(settings: WebhookSettings) -> Handle:
    """The worker-side handler for these settings, over a freshly built delivery worker."""
    return handle_with(build_worker(settings))


def build_worker(settings: WebhookSettings) -> DeliveryWorker:
    """The delivery worker for these settings: the App's GitHub client, clones, configurations."""
    from regent.adapters.git.clone_cache import CloneCache  # noqa: PLC0415
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415
    from regent.adapters.github.auth import AppCredentials, Throttle  # noqa: PLC0415
    from regent.services.clock import today  # noqa: PLC0415
    from regent.services.deliveries import DeliveryWorker  # noqa: PLC0415
    from regent.services.repo_config import RepoConfigSource  # noqa: PLC0415

    github = connect_github(
        app=AppCredentials(settings.app_id, settings.private_key),
        api_url=settings.api_url,
        throttle=Throttle.off() if settings.throttle_off else Throttle(),
    )
    cache = private_folder(settings.cache_dir)
    clones = CloneCache(cache / "clones", max_repositories=settings.max_repositories)
    return DeliveryWorker(
        github=github,
        clones=clones,
        configs=RepoConfigSource(github),
        today=today,
        git_url=settings.git_url,
    )
