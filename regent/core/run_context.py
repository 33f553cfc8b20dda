"""The run in progress: which delivery or Action run, repository and event, who triggered it and
through which door.

A door sets it once for the span of one delivery or run (``running``); log lines, audit records,
notifications and traces read it (``current_run``) instead of having it threaded through every
call. A context variable: each thread or asyncio task sees its own run.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RunContext:
    """One delivery (``delivery_id``, GitHub's ``X-GitHub-Delivery``) or one Action / CLI run
    (``run_id``); what is not known yet (a refused delivery's repository) is None."""

    door: str
    delivery_id: str | None = None
    run_id: str | None = None
    repository: str | None = None
    event: str | None = None
    sender: str | None = None
    installation_id: int | None = None

    @property
    def correlation_id(self) -> str | None:
        """The id that ties this run's log lines, audit records and notifications together."""
        return self.delivery_id or self.run_id

    def log_fields(self) -> dict[str, str | None]:
        """The fields every log line of this run carries: its id, ``repository`` and ``event``
        (null while unknown, so a filter on them never misses a line for lack of the key)."""
        named = {"delivery_id": self.delivery_id} if self.delivery_id is not None else {}
        named |= {"run_id": self.run_id} if self.run_id is not None else {}
        return named | {"repository": self.repository, "event": self.event}


_CURRENT: ContextVar[RunContext | None] = ContextVar("regent_run", default=None)


def current_run() -> RunContext | None:
    """The run this thread or task works for, or None outside any run."""
    return _CURRENT.get()


class Running:
    """The context manager of ``running`` (a class: entered for every delivery received)."""

    __slots__ = ("_context", "_token")

    def __init__(self, context: RunContext) -> None:
        self._context = context
        self._token: Token[RunContext | None] | None = None

    def __enter__(self) -> RunContext:
        self._token = _CURRENT.set(self._context)
        return self._context

    def __exit__(self, *_: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)


def running(context: RunContext) -> Running:
    """Everything done in the block (in this thread or task) belongs to ``context``."""
    return Running(context)


def within_run(
    *,
    door: str | None = None,
    delivery_id: str | None = None,
    run_id: str | None = None,
    repository: str | None = None,
    event: str | None = None,
    sender: str | None = None,
    installation_id: int | None = None,
) -> RunContext:
    """The current run with what became known since it started (a delivery's repository once
    it is verified, its sender); a field given as None keeps its value. Outside any run, a
    new one (its door ``unknown`` unless given)."""
    base = current_run()
    if base is None:
        return RunContext(
            door=door or "unknown",
            delivery_id=delivery_id,
            run_id=run_id,
            repository=repository,
            event=event,
            sender=sender,
            installation_id=installation_id,
        )
    return RunContext(
        door=door or base.door,
        delivery_id=delivery_id or base.delivery_id,
        run_id=run_id or base.run_id,
        repository=repository or base.repository,
        event=event or base.event,
        sender=sender or base.sender,
        installation_id=installation_id if installation_id is not None else base.installation_id,
    )
