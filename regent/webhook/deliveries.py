"""Delivery ids seen recently, so that GitHub's redelivery of one is not worked twice."""

from __future__ import annotations

import threading
from collections import OrderedDict

DEFAULT_CAPACITY = 10_000
DEFAULT_TTL_SECONDS = 3600.0


class RecentDeliveries:
    """Delivery ids seen recently (bounded, thread-safe): a redelivery is not processed twice.

    The caller passes the time (``now``, any monotonic clock): nothing here reads a clock.
    """

    __slots__ = ("_capacity", "_lock", "_seen", "_ttl")

    def __init__(
        self, *, capacity: int = DEFAULT_CAPACITY, ttl_seconds: float = DEFAULT_TTL_SECONDS
    ) -> None:
        if capacity < 1 or ttl_seconds <= 0:
            raise ValueError("RecentDeliveries needs a capacity >= 1 and ttl_seconds > 0")
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, delivery_id: str, *, now: float) -> bool:
        """Record delivery_id; False when seen within ttl_seconds (oldest dropped past capacity)."""
        with self._lock:
            self._expire(now)
            seen = self._seen.get(delivery_id)
            if seen is not None and now - seen < self._ttl:
                return False
            self._seen[delivery_id] = now
            self._seen.move_to_end(delivery_id)
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True

    def forget(self, delivery_id: str) -> None:
        """Drop an id again, so a redelivery of a delivery that failed to queue gets through."""
        with self._lock:
            self._seen.pop(delivery_id, None)

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if now - oldest < self._ttl:
                return
            self._seen.popitem(last=False)
