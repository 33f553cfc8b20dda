"""A checked webhook event with its route: what every webhook door queues and works."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.routing import Route, route
from regent.webhook.event import Event


@dataclass(frozen=True, slots=True)
class Delivery:
    """One checked delivery: its id, event name, the payload's names, and what it asks for."""

    id: str
    event: str
    action: str | None
    repository: str | None
    route: Route

    @classmethod
    def routed(cls, event: Event) -> Delivery:
        """The delivery of ``event``, routed (a ``PayloadError`` names a field its route needs)."""
        return cls(
            id=event.delivery_id,
            event=event.name,
            action=event.action,
            repository=event.repository,
            route=route(event.name, event.payload),
        )

    @classmethod
    def restored(cls, *, event: str | None, delivery_id: str | None, body: bytes) -> Delivery:
        """A delivery checked when it arrived, read back from a journal or a queue."""
        return cls.routed(Event.restored(name=event, delivery_id=delivery_id, body=body))
