"""What failure notifications need from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from regent.core.notifications import NotificationEvent


class Notifier(Protocol):
    """Tells someone that a release failed or recovered; raises on failure (the caller logs
    it and goes on)."""

    @property
    def name(self) -> str: ...

    def notify(self, event: NotificationEvent) -> None: ...


@dataclass(frozen=True, slots=True)
class TrackedIssue:
    """An open issue: its number and title."""

    number: int
    title: str


class IssueTracker(Protocol):
    """The issues of the repository a GitHub port is bound to."""

    def open_issues(self, *, label: str) -> tuple[TrackedIssue, ...]:
        """The open issues (not pull requests) carrying ``label``: one request."""

    def open_issue(self, *, title: str, body: str, labels: Sequence[str]) -> TrackedIssue: ...

    def comment_on_issue(self, number: int, body: str) -> None: ...

    def close_issue(self, number: int) -> None: ...
