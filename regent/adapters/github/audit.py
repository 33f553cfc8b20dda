"""An audit record for every write to GitHub, made where every request passes
(``exchanges``): who triggered it, the repository, the object and what was done to it, before
and after, the request's status, and the run it belongs to. Schema: docs/operations.md#audit.

``before`` is the object as this run last read or wrote it (a pull request it read before
editing it, a ref it read or moved earlier in the run), else null: the record never costs a
request of its own.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from regent.adapters.audit_log import AuditLog
from regent.adapters.github.audit_writes import (
    Facts,
    after_repository,
    describe,
    pull_facts,
    ref_name,
    release_facts,
    repository_of,
    text_of,
)
from regent.adapters.github.exchanges import READS, Exchange, ExchangeHub
from regent.adapters.github.routes import REPO
from regent.core.run_context import RunContext, current_run

SCHEMA_VERSION = 1
NOT_WRITES = frozenset(
    {
        ("POST", REPO + "/releases/generate-notes"),
        ("POST", "/app/installations/{installation_id}/access_tokens"),
    }
)
"""POSTs that change nothing in a repository: notes generated for reading, an installation token."""
REMEMBERED = frozenset(
    {
        REPO + "/git/ref/{ref}",
        REPO + "/git/refs/{ref}",
        REPO + "/pulls/{pull_number}",
        REPO + "/issues/{issue_number}",
        REPO + "/releases/{release_id}",
        REPO + "/releases/tags/{tag}",
    }
)
"""Reads whose answers are remembered for the ``before`` of a later write."""
MEMORY = 64
"""Objects remembered per run."""


class AuditTrail:
    """Listens to a connection's exchanges and writes a record for each write."""

    def __init__(self, log: AuditLog, *, clock: Callable[[], datetime] | None = None) -> None:
        self._log = log
        self._clock = clock or (lambda: datetime.now(UTC))
        self._memory = _Memory()

    def attach(self, hub: ExchangeHub) -> None:
        """Hear every exchange of ``hub``, keeping the answers ``before`` needs."""
        hub.keep_answer = lambda method, route: route in REMEMBERED
        hub.listen(self.heard)

    def heard(self, exchange: Exchange) -> None:
        run = current_run()
        if exchange.method in READS:
            if exchange.status == 200 and exchange.route in REMEMBERED:
                self._memory.learn(run, exchange, _json(exchange.answer))
            return
        if (exchange.method, exchange.route) in NOT_WRITES or _a_query(exchange):
            return
        self._log.write(self.record(exchange, run))

    def record(self, exchange: Exchange, run: RunContext | None) -> dict[str, Any]:
        """The audit record of a write (schema ``SCHEMA_VERSION``)."""
        sent, answer = _json(exchange.sent), _json(exchange.answer)
        kind, name, action, after = describe(exchange, sent, answer)
        done = exchange.status is not None and exchange.status < 400
        key = _key(exchange.path, kind, name)
        before = self._memory.recall(run, key)
        if done:
            self._memory.remember(run, key, None if action == "delete" else after)
        scope = exchange.scope
        return {
            "schema": SCHEMA_VERSION,
            "time": self._clock().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "correlation_id": run.correlation_id if run else None,
            "door": run.door if run else None,
            "actor": run.sender if run else None,
            "installation_id": run.installation_id if run else None,
            "repository": repository_of(exchange)
            or (scope.repo.full_name if scope else None)
            or (run.repository if run else None),
            "operation": scope.operation if scope else None,
            "object": {"kind": kind, "id": name},
            "action": action,
            "before": before,
            "after": after if done and action != "delete" else None,
            "outcome": _outcome(exchange.status),
            "request": {
                "method": exchange.method,
                "route": exchange.route,
                "status": exchange.status,
                "attempts": exchange.attempts,
            },
        }


class _Memory:
    """What this run last saw of each object, by run (correlation id), a bounded few per run."""

    def __init__(self) -> None:
        self._runs: OrderedDict[str, OrderedDict[str, Facts | None]] = OrderedDict()
        self._lock = threading.Lock()

    def learn(self, run: RunContext | None, exchange: Exchange, answer: Any) -> None:
        """Remember what a read answered about its object."""
        if not isinstance(answer, Mapping):
            return
        rest = after_repository(exchange.path)
        if rest[:1] == ["git"]:
            target = answer.get("object")
            sha = target.get("sha") if isinstance(target, Mapping) else None
            kind, name = ref_name(str(answer.get("ref", "")))
            self.remember(run, _key(exchange.path, kind, name), {"sha": sha})
        elif rest[:1] == ["pulls"]:
            self.remember(run, _key(exchange.path, "pull_request", rest[1]), pull_facts(answer))
        elif rest[:1] == ["issues"]:
            facts = {key: answer.get(key) for key in ("title", "state")}
            self.remember(run, _key(exchange.path, "issue", rest[1]), facts)
        elif rest[:1] == ["releases"]:
            release = text_of(answer.get("id"))
            self.remember(run, _key(exchange.path, "release", release), release_facts(answer))

    def remember(self, run: RunContext | None, key: str, facts: Facts | None) -> None:
        with self._lock:
            seen = self._seen(run)
            seen[key] = facts
            seen.move_to_end(key)
            while len(seen) > MEMORY:
                seen.popitem(last=False)

    def recall(self, run: RunContext | None, key: str) -> Facts | None:
        with self._lock:
            return self._seen(run).get(key)

    def _seen(self, run: RunContext | None) -> OrderedDict[str, Facts | None]:
        ident = (run.correlation_id if run else None) or "outside any run"
        seen = self._runs.get(ident)
        if seen is None:
            seen = self._runs[ident] = OrderedDict()
            while len(self._runs) > MEMORY:
                self._runs.popitem(last=False)
        self._runs.move_to_end(ident)
        return seen


def _key(path: str, kind: str, name: str | None) -> str:
    return f"{repository_of(path) or ''} {kind} {name}"


def _a_query(exchange: Exchange) -> bool:
    """A GraphQL request that reads (a query, not a mutation)."""
    if exchange.route != "/graphql":
        return False
    sent = _json(exchange.sent)
    query = str(sent.get("query", "")) if isinstance(sent, Mapping) else ""
    return not query.lstrip().startswith("mutation")


def _outcome(status: int | None) -> str:
    if status is None:
        return "no_answer"
    if status < 400:
        return "done"
    return "failed" if status >= 500 else "refused"


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
