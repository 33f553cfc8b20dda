"""Typed reads from one event's JSON payload: tolerant of what a route does not need (null
bodies, missing optional fields, extra fields), a ``PayloadError`` naming a field it does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.routing.routes import PayloadError, Reconcile


@dataclass(frozen=True, slots=True)
class PayloadFields:
    """Typed reads from one event's payload; a missing required field is a ``PayloadError``."""

    event: str
    payload: Mapping[str, Any]
    repository: str | None = None
    ref_name: str | None = None

    def find(self, *keys: str) -> Any:
        """The value at ``keys``, or None when any step is missing or not an object."""
        value: Any = self.payload
        for key in keys:
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def objects(self, key: str) -> list[Mapping[str, Any]]:
        """The objects in the list at ``key`` (none when it is missing or not a list)."""
        value = self.find(key)
        items = value if isinstance(value, list) else []
        return [item for item in items if isinstance(item, Mapping)]

    def optional_text(self, *keys: str) -> str | None:
        """The non-empty string at ``keys``, else None."""
        value = self.find(*keys)
        return value if isinstance(value, str) and value else None

    def optional_int(self, *keys: str) -> int | None:
        """The integer at ``keys``, else None."""
        value = self.find(*keys)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def text(self, *keys: str) -> str:
        """The non-empty string at ``keys``, or a ``PayloadError`` naming the field."""
        value = self.optional_text(*keys)
        if value is None:
            raise self.missing(keys, "a non-empty string")
        return value

    def number(self, *keys: str) -> int:
        """The integer at ``keys``, or a ``PayloadError`` naming the field."""
        value = self.optional_int(*keys)
        if value is None:
            raise self.missing(keys, "an integer")
        return value

    def missing(self, keys: tuple[str, ...], kind: str) -> PayloadError:
        """The error for a field this event needs."""
        return PayloadError(
            f"the {self.event} payload has no {'.'.join(keys)} ({kind}); check that the "
            f"event name matches the payload, which must be GitHub's {self.event} payload"
        )

    def repo(self) -> RepoRef:
        """The repository the event happened in."""
        return self.named_repo(self.text("repository", "full_name"))

    def named_repo(self, full_name: str) -> RepoRef:
        """The repository ``full_name`` names, or a ``PayloadError``."""
        try:
            return RepoRef.parse(full_name)
        except UsageError:
            raise PayloadError(
                f"the {self.event} payload's repository.full_name {full_name!r} is not owner/name"
            ) from None

    def default_branch(self) -> str:
        """The repository's default branch (``master_branch`` in older payloads)."""
        branch = self.optional_text("repository", "default_branch")
        branch = branch or self.optional_text("repository", "master_branch")
        if branch is None:
            raise self.missing(("repository", "default_branch"), "a non-empty string")
        return branch

    def reconcile(self, branch: str, reason: str) -> Reconcile:
        """Reconcile ``branch``, a base branch only if the configuration releases from it."""
        return Reconcile(
            repo=self.repo(),
            base_branch=branch,
            reason=reason,
            default_branch=self.default_branch(),
            installation_id=self.optional_int("installation", "id"),
        )
