"""Accepted deliveries, worked one at a time per repository and in parallel across repositories.

Every accepted delivery is written to a journal directory (journal.py, in batches) before it
is acknowledged and removed once handled, so a delivery accepted but not handled when the
process stops (a deploy, a crash) is handed back: the next start replays it. A delivery for a
repository and base branch that already has one waiting (not yet started) is folded into it: a
reconcile reads the current state, so the waiting one covers both.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from regent.core.errors import RegentError
from regent.core.notifications_attempts import attempt
from regent.core.routing import Reconcile
from regent.runtimes.json_logs import failure
from regent.runtimes.webhook.delivery import Delivery, delivery_run
from regent.runtimes.webhook.journal import Journal
from regent.runtimes.webhook.pauses import InstallationPauses, paused_until
from regent.runtimes.webhook.tenants import InstallationQuotas

log = logging.getLogger(__name__)

Handler = Callable[[Delivery], None]
ATTEMPTS = 3
"""A delivery failing with a retryable error (GitHub unavailable, rate limited) is tried again
at the back of its repository's queue, up to this many times in all."""


@dataclass(frozen=True, slots=True)
class Queued:
    """An accepted delivery: its parsed form and the exact body it came with."""

    delivery: Delivery
    body: bytes
    attempt: int = 1
    queued_at: float = field(default_factory=time.monotonic, compare=False)
    """When it was accepted (or replayed from the journal), on the monotonic clock."""

    @property
    def key(self) -> str:
        """Deliveries with one key are handled one at a time, in order."""
        return self.delivery.repository or f"delivery {self.delivery.id}"


class RepoQueues:
    """A queue per repository, drained by ``workers`` threads; never two runs for one repository."""

    def __init__(
        self,
        handle: Handler,
        *,
        workers: int,
        journal: Journal | None = None,
        pauses: InstallationPauses | None = None,
        quotas: InstallationQuotas | None = None,
    ) -> None:
        self._handle = handle
        self._journal = journal
        self.pauses = pauses or InstallationPauses()
        """Installations taking no work for now (pauses.py): their deliveries wait."""
        self.quotas = quotas or InstallationQuotas()
        """Each installation's caps (tenants.py): a delivery over one waits."""
        self._lock = threading.Condition()
        self._waiting: dict[str, deque[Queued]] = {}
        self._ready: deque[str] = deque()
        self._busy: set[str] = set()
        self._closed = False
        self._abandoned = False
        self._threads = [
            threading.Thread(target=self._work, name=f"regent-worker-{n}", daemon=True)
            for n in range(workers)
        ]

    def start(self) -> None:
        """Start the workers, after queueing what the journal hands back."""
        for delivery, body in self._journal.replay() if self._journal else []:
            queued = Queued(delivery, body)
            log.info("replaying delivery %s accepted before a restart", queued.delivery.id)
            self._enqueue(queued)
        for thread in self._threads:
            thread.start()

    def submit(self, queued: Queued) -> bool:
        """Journal and queue it; False when an equal delivery is already waiting (folded in).

        Raises ``RuntimeError`` once shutting down, ``OSError`` when the journal cannot be
        written (nothing is queued then; the door answers 503 and GitHub may redeliver).
        """
        with self._lock:
            if self._closed:
                raise RuntimeError("shutting down")
            if self._folds_into_waiting(queued):
                return False
        if self._journal:
            self._journal.add(queued)
        self._enqueue(queued)
        return True

    def depth(self) -> int:
        """Deliveries accepted and not yet started."""
        with self._lock:
            return sum(len(waiting) for waiting in self._waiting.values())

    def waiting_by_installation(self) -> dict[int, int]:
        """Deliveries accepted and not yet started, per installation that names one."""
        found: dict[int, int] = {}
        with self._lock:
            for waiting in self._waiting.values():
                for queued in waiting:
                    installation = _installation(queued)
                    if installation is not None:
                        found[installation] = found.get(installation, 0) + 1
        return found

    def oldest_wait(self) -> float:
        """Seconds the longest-waiting delivery (accepted, not yet started) has waited; 0 when
        none waits."""
        now = time.monotonic()
        with self._lock:
            waits = (queued.queued_at for waiting in self._waiting.values() for queued in waiting)
            oldest = min(waits, default=now)
        return max(0.0, now - oldest)

    def shutdown(self, *, timeout: float) -> list[str]:
        """Stop accepting, let the workers finish within ``timeout`` seconds; the ids left over.

        Those stay in the journal, handed back to the next start.
        """
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        with self._lock:
            self._abandoned = True
            left = [q.delivery.id for waiting in self._waiting.values() for q in waiting]
        for delivery_id in left:
            log.warning(
                "delivery %s not handled before shutdown: replayed at next start", delivery_id
            )
        return left

    def _folds_into_waiting(self, queued: Queued) -> bool:
        target = queued.delivery.route
        if not isinstance(target, Reconcile) or target.requested:
            return False  # a requested run (its inputs) is never folded into another
        return any(
            isinstance(other.delivery.route, Reconcile)
            and other.delivery.route.base_branch == target.base_branch
            for other in self._waiting.get(queued.key, ())
        )

    def _enqueue(self, queued: Queued) -> None:
        with self._lock:
            waiting = self._waiting.setdefault(queued.key, deque())
            waiting.append(queued)
            if len(waiting) == 1 and queued.key not in self._busy:
                self._ready.append(queued.key)
                if self._wait(queued, {}) is not None:  # else a running delivery's end wakes one
                    self._lock.notify()

    def _work(self) -> None:
        while (taken := self._take()) is not None:
            key, queued = taken
            retry = paused = False
            last = queued.attempt >= ATTEMPTS  # the notifiers hear of the last failure only
            with delivery_run(queued.delivery, door="serve"), attempt(last=last):
                try:
                    self._handle(queued.delivery)
                except RegentError as error:
                    paused = self._paused(queued, error)
                    retry = not paused and error.retryable and queued.attempt < ATTEMPTS
                    again = _again(retry)
                    log.error(
                        "delivery %s failed: %s%s",
                        queued.delivery.id,
                        error,
                        again,
                        extra=failure(error),
                    )
                except Exception:
                    log.exception("delivery %s failed", queued.delivery.id)
            self.quotas.finished(_installation(queued))
            if paused:
                with self._lock:  # first again in its repository's queue, the same attempt
                    self._waiting.setdefault(key, deque()).appendleft(queued)
            elif retry:
                self._enqueue(replace(queued, attempt=queued.attempt + 1))
            elif self._journal:
                self._journal.remove(queued.delivery.id)
            self._release(key)

    def _paused(self, queued: Queued, error: RegentError) -> bool:
        """Pause the delivery's installation if ``error`` says GitHub will not answer it before
        some moment (its rate limit spent, its breaker open)."""
        until = paused_until(error)
        installation = _installation(queued)
        if until is None or installation is None:
            return False
        self.pauses.pause(installation, until=until)
        log.warning(
            "installation %s paused for %.0fs; delivery %s waits in its queue",
            installation,
            self.pauses.waits(installation),
            queued.delivery.id,
        )
        return True

    def _take(self) -> tuple[str, Queued] | None:
        with self._lock:
            while not self._abandoned:
                waits: dict[int | None, float | None] = {}  # one look per installation
                key = self._unpaused_ready(waits)
                if key is not None:
                    return key, self._start(key)
                if self._closed:
                    return None
                self._lock.wait(timeout=self._pause_left(waits))
            return None

    def _unpaused_ready(self, waits: dict[int | None, float | None]) -> str | None:
        """The first ready repository whose next delivery's installation is neither paused nor
        at one of its caps."""
        for key in self._ready:
            if self._wait(self._waiting[key][0], waits) == 0:
                self._ready.remove(key)
                return key
        return None

    def _pause_left(self, waits: dict[int | None, float | None]) -> float | None:
        """Seconds until the first paused or per-minute-capped ready repository may go (None:
        none will before a running delivery ends), from the waits of a scan of every ready
        repository."""
        known = [wait for wait in waits.values() if wait is not None]
        return min(known) if known else None

    def _wait(self, queued: Queued, waits: dict[int | None, float | None]) -> float | None:
        """Seconds ``queued`` must wait to start (None: until one of its installation's
        running deliveries ends), asked once per installation in ``waits``."""
        installation = _installation(queued)
        if installation not in waits:
            capped = self.quotas.wait(installation)
            paused = self.pauses.waits(installation)
            waits[installation] = None if capped is None else max(capped, paused)
        return waits[installation]

    def _start(self, key: str) -> Queued:
        """Take ``key``'s next delivery and mark it busy (the lock held)."""
        waiting = self._waiting[key]
        queued = waiting.popleft()
        if not waiting:
            del self._waiting[key]
        self._busy.add(key)
        self.quotas.started(_installation(queued), waited_since=queued.queued_at)
        return queued

    def _release(self, key: str) -> None:
        with self._lock:
            self._busy.discard(key)
            if key in self._waiting:
                self._ready.append(key)
            self._lock.notify()  # a slot of its installation's cap is free again


def _installation(queued: Queued) -> int | None:
    installation = getattr(queued.delivery.route, "installation_id", None)
    return installation if isinstance(installation, int) else None


def _again(retry: bool) -> str:
    return "; trying again after the repository's other waiting deliveries" if retry else ""
