"""Reading a delivery's body in ``regent serve``, bounded in number, time and memory.

At most ``readers`` bodies are read at once: one more waits up to ``SLOT_WAIT`` seconds for its
turn (a burst of GitHub's deliveries), then is answered 503 without being read. Each body must
arrive whole within ``deadline`` seconds (else 408). Each chunk is fed to the delivery's
``IncomingDelivery`` as it arrives (which refuses a body over ``MAX_BODY_BYTES``, 413, as soon as
it passes, and hashes it for the signature) and into a spool kept in memory up to ``in_memory``
bytes and in a private temporary file beyond, so that bodies nobody signed cost the service no
more than ``readers`` times ``in_memory`` bytes of memory, however large they are and however
many are sent: the signature is checked before the spool is read back, and a body it does not
match is refused (401) without ever being held whole.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import dataclass

from starlette.requests import ClientDisconnect, Request

from regent.runtimes.json_logs import delivery_context, failure
from regent.webhook import IncomingDelivery, Reply, WebhookError
from regent.webhook.replies import busy, incomplete, refused, timed_out

log = logging.getLogger(__name__)

IN_MEMORY_BYTES = 1024 * 1024
"""A body is kept in memory up to this size (nearly every delivery), in a temporary file beyond."""
RETRY_AFTER = "30"
SLOT_WAIT = 1.0
"""Seconds a request waits for one of the ``readers`` to be free before it is answered 503."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyLimits:
    """How many bodies are read at once, how long each may take, and how much stays in memory."""

    readers: int
    deadline: float
    in_memory: int = IN_MEMORY_BYTES


class BodyReader:
    """Reads bodies within ``BodyLimits``, on the event loop."""

    def __init__(self, limits: BodyLimits) -> None:
        self._limits = limits
        self._readers = asyncio.Semaphore(limits.readers)

    async def read(self, request: Request, incoming: IncomingDelivery) -> bytes | Reply:
        """The whole body, once ``incoming`` (fed it on the way) finds it signed; or the reply
        that refuses it."""
        limits = self._limits
        if not await self._turn():
            return busy(limits.readers)
        try:
            async with asyncio.timeout(limits.deadline):
                return await self._spooled(request, incoming)
        except TimeoutError:
            return timed_out(limits.deadline)
        except ClientDisconnect:
            return incomplete()
        finally:
            self._readers.release()

    async def _turn(self) -> bool:
        """Take one of the readers, waiting up to SLOT_WAIT seconds; False if none came free."""
        if not self._readers.locked():
            return await self._readers.acquire()  # free: taken at once, no timer needed
        try:
            async with asyncio.timeout(SLOT_WAIT):
                return await self._readers.acquire()
        except TimeoutError:
            return False

    async def _spooled(self, request: Request, incoming: IncomingDelivery) -> bytes | Reply:
        with tempfile.SpooledTemporaryFile(max_size=self._limits.in_memory) as spool:
            try:
                async for chunk in request.stream():
                    incoming.feed(chunk)
                    spool.write(chunk)
                incoming.verify()
            except WebhookError as error:
                with delivery_context(
                    delivery_id=incoming.delivery_id,
                    repository=None,
                    event=incoming.name,
                    door="serve",
                ):
                    log.warning(
                        "delivery %s refused: %s", incoming.delivery_id, error, extra=failure(error)
                    )
                return refused(error)
            spool.seek(0)
            return spool.read()
