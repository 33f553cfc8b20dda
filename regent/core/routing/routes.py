"""The five answers the router gives an event, and the one line a door shows for those that
reconcile nothing (``explain``; for a ``Command``, the commands it holds)."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.commands import ParsedCommand, command_line
from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.release_pr.state import ReconcileScope
from regent.core.text import cut

INPUT_SOURCE = "release-as input"
DISPATCH_SOURCE = "workflow_dispatch input"


class PayloadError(UsageError):
    """The event's payload lacks a field its route needs, or holds it with another type."""


@dataclass(frozen=True, slots=True)
class Reconcile:
    """Reconcile the releases and release PR of ``base_branch`` in ``repo``."""

    repo: RepoRef
    base_branch: str
    reason: str
    default_branch: str | None
    """The repository's default branch when ``base_branch`` must be one the configuration
    releases from (``base_branches``; by default this one); None when the branch was chosen on
    purpose (the Action's ``target-branch`` input)."""
    installation_id: int | None = None
    requested: bool = False
    """A maintainer asked for this run (``workflow_dispatch``, ``schedule``): the
    ``target-branch`` input picks its branch. Otherwise a push or a merge named the branch."""
    release_as: str | None = None
    prerelease: str | None = None
    override_source: str = INPUT_SOURCE
    dry_run: bool = False
    scope: ReconcileScope = ReconcileScope.ALL


@dataclass(frozen=True, slots=True)
class Command:
    """A comment on a pull request, new or edited, holding commands for Release Regent."""

    repo: RepoRef
    number: int
    comment_id: int | None
    author: str
    author_association: str | None
    body: str
    installation_id: int | None = None
    commands: tuple[ParsedCommand, ...] = ()
    """The comment's command lines, in order (an invalid one too: it gets a reply)."""
    action: str = "created"
    """``created``, or ``edited``: an edit is read again when its commands changed."""
    author_type: str = "User"
    default_branch: str | None = None
    """The repository's default branch (where the webhook worker reads the configuration)."""


@dataclass(frozen=True, slots=True)
class Ping:
    """GitHub checking that the webhook answers."""

    zen: str
    hook_id: int | None


@dataclass(frozen=True, slots=True)
class Installation:
    """The App was installed, removed, suspended, or given other repositories."""

    action: str
    installation_id: int | None
    account: str | None
    repositories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ignored:
    """Nothing to do for this event, and why."""

    reason: str


Route = Reconcile | Command | Ping | Installation | Ignored


def explain(routed: Command | Ping | Installation | Ignored) -> str:
    """The one line every door shows for a route that reconciles nothing: why, or what a
    comment asks (its commands, cut to a bound)."""
    if isinstance(routed, Command):
        asked = cut(", ".join(command_line(command) for command in routed.commands))
        return f"comment on pull request #{routed.number} by {routed.author} asks for: {asked}"
    if isinstance(routed, Ping):
        return f"ping from hook {routed.hook_id}: the webhook answers ({routed.zen})"
    if isinstance(routed, Installation):
        return f"installation {routed.action} noted: nothing to reconcile"
    return routed.reason
