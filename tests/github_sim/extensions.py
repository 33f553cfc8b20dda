"""Simulator state kept beside ``SimState``: webhook URL and outbox, pinned latest releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from tests.github_sim.state import SimState
from tests.github_sim.webhooks import Outbox


@dataclass
class Extensions:
    """``latest_release`` maps a repository id to the release id pinned with ``make_latest``."""

    webhook_url: str | None = None
    outbox: Outbox = field(default_factory=Outbox)
    latest_release: dict[int, int] = field(default_factory=dict)


_BY_STATE: WeakKeyDictionary[SimState, Extensions] = WeakKeyDictionary()


def extensions(state: SimState) -> Extensions:
    """The extensions of ``state`` (created on first use)."""
    with state.lock:
        found = _BY_STATE.get(state)
        if found is None:
            found = _BY_STATE[state] = Extensions()
        return found
