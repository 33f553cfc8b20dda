"""A checked webhook event with its route: what every webhook door queues and works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from regent.core.routing import Route, route
from regent.core.run_context import Running
from regent.runtimes.json_logs import delivery_context
from regent.webhook.event import Event


@dataclass(frozen=True, slots=True)
class Delivery:
    """One checked delivery: its id, event name, the payload's names, and what it asks for."""

    id: str
    event: str
    action: str | None
    repository: str | None
    route: Route
    sender: str | None = field(default=None, compare=False)
    """Who caused it: the payload's ``sender.login``."""

    @classmethod
    def routed(cls, event: Event) -> Delivery:
        """The delivery of ``event``, routed (a ``PayloadError`` names a field its route needs)."""
        return cls(
            id=event.delivery_id,
            event=event.name,
            action=event.action,
            repository=event.repository,
            route=route(event.name, event.payload),
            sender=_sender(event.payload),
        )

    @classmethod
    def restored(cls, *, event: str | None, delivery_id: str | None, body: bytes) -> Delivery:
        """A delivery checked when it arrived, read back from a journal or a queue."""
        return cls.routed(Event.restored(name=event, delivery_id=delivery_id, body=body))


def delivery_run(delivery: Delivery, *, door: str | None = None) -> Running:
    """The block works for ``delivery``: its run context (id, repository, event, sender,
    installation), which every log line, audit record and trace of the block reads."""
    return delivery_context(
        delivery_id=delivery.id,
        repository=delivery.repository,
        event=delivery.event,
        door=door,
        sender=delivery.sender,
        installation_id=getattr(delivery.route, "installation_id", None),
    )


def _sender(payload: Mapping[str, object]) -> str | None:
    sender = payload.get("sender")
    login = sender.get("login") if isinstance(sender, Mapping) else None
    return login if isinstance(login, str) and login else None
