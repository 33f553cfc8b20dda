"""What a webhook delivery asks for: the route of one event's JSON payload.

An event only names a repository and base branch to reconcile (or a comment that may hold a
command); the release logic then reads the current state itself. Routing is tolerant of real
payloads (null bodies, missing optional fields, extra fields) and strict about what a route
needs: a missing repository, ref or comment author is a ``PayloadError`` naming the field.
A merge into, or a push to, any branch but Release Regent's own is routed: whether that branch
is a base branch is the repository configuration's call (``base_branches``; by default the
default branch, ``repository.default_branch`` or the older ``repository.master_branch``), made
by the worker, which reads the configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from regent.core.errors import RegentError, UsageError
from regent.core.model import RepoRef
from regent.core.release_pr.branch import RELEASE_BRANCH_PREFIX

BRANCH_PREFIX = "refs/heads/"


class WebhookError(RegentError):
    """A delivery the webhook service refuses; ``status`` is the HTTP status a door answers."""

    status: ClassVar[int] = 400


class PayloadError(WebhookError):
    """The delivery's headers or body are not what its event needs (400)."""

    status: ClassVar[int] = 400


@dataclass(frozen=True, slots=True)
class ReconcileBranch:
    """Reconcile the release PR and releases of ``base_branch``, if the repository's
    configuration releases from it (``base_branches``; by default its ``default_branch``)."""

    repo: RepoRef
    base_branch: str
    default_branch: str
    installation_id: int | None
    clone_url: str
    reason: str


@dataclass(frozen=True, slots=True)
class CommentCommand:
    """A new comment on an issue or pull request, which may hold a command."""

    repo: RepoRef
    installation_id: int | None
    clone_url: str
    default_branch: str
    number: int
    on_pull_request: bool
    body: str
    author: str


@dataclass(frozen=True, slots=True)
class Ping:
    """GitHub checking that the webhook answers."""

    zen: str
    hook_id: int | None


@dataclass(frozen=True, slots=True)
class InstallationChange:
    """The App was installed, removed, suspended, or given other repositories."""

    action: str
    installation_id: int | None
    account: str | None
    repositories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ignored:
    """Nothing to do for this delivery, and why."""

    reason: str


Route = ReconcileBranch | CommentCommand | Ping | InstallationChange | Ignored


@dataclass(frozen=True, slots=True)
class _Fields:
    """Typed reads from one event's payload; a missing required field is a ``PayloadError``."""

    event: str
    payload: Mapping[str, Any]

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
            f"the {self.event} payload has no {'.'.join(keys)} ({kind}); check that "
            f"X-GitHub-Event matches the body, which must be GitHub's {self.event} payload"
        )

    def repo(self) -> RepoRef:
        """The repository the event happened in."""
        full_name = self.text("repository", "full_name")
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


def route_event(event: str, payload: Mapping[str, Any]) -> Route:
    """The route of an ``event`` delivery with this JSON object as its body."""
    handler = _HANDLERS.get(event)
    if handler is None:
        named = ", ".join(ROUTED_EVENTS)
        return Ignored(f"{event} events are ignored: Release Regent acts on {named}")
    return handler(_Fields(event, payload))


def _pull_request(fields: _Fields) -> Route:
    action = fields.optional_text("action")
    number = fields.optional_int("number")
    if number is None:
        number = fields.optional_int("pull_request", "number")
    name = "a pull request" if number is None else f"pull request #{number}"
    if action != "closed":
        return Ignored(
            f"{name} ({action or 'no action'}) is ignored: only a merge starts a release run"
        )
    if fields.find("pull_request", "merged") is not True:
        return Ignored(f"{name} was closed without merging: only a merge starts a release run")
    base = fields.text("pull_request", "base", "ref")
    return _reconcile(fields, base, f"{name} was merged into {base}")


def _push(fields: _Fields) -> Route:
    ref = fields.text("ref")
    if fields.find("deleted") is True:
        return Ignored(f"the push deleted {ref}: only pushes to a base branch count")
    if not ref.startswith(BRANCH_PREFIX):
        return Ignored(f"the push to {ref} is not to a branch: only pushes to a base branch count")
    branch = ref.removeprefix(BRANCH_PREFIX)
    if branch.startswith(RELEASE_BRANCH_PREFIX):
        return Ignored(f"the push to {branch} is Release Regent's own release branch")
    return _reconcile(fields, branch, f"a push updated {branch}")


def _reconcile(fields: _Fields, branch: str, reason: str) -> ReconcileBranch:
    return ReconcileBranch(
        repo=fields.repo(),
        base_branch=branch,
        default_branch=fields.default_branch(),
        installation_id=fields.optional_int("installation", "id"),
        clone_url=fields.text("repository", "clone_url"),
        reason=reason,
    )


def _issue_comment(fields: _Fields) -> Route:
    action = fields.optional_text("action")
    if action != "created":
        return Ignored(
            f"a comment was {action or 'changed'}: only new comments are read for commands"
        )
    return CommentCommand(
        repo=fields.repo(),
        installation_id=fields.optional_int("installation", "id"),
        clone_url=fields.text("repository", "clone_url"),
        default_branch=fields.default_branch(),
        number=fields.number("issue", "number"),
        on_pull_request=fields.find("issue", "pull_request") is not None,
        body=fields.optional_text("comment", "body") or "",
        author=fields.optional_text("comment", "user", "login") or fields.text("sender", "login"),
    )


def _ping(fields: _Fields) -> Route:
    return Ping(zen=fields.optional_text("zen") or "", hook_id=fields.optional_int("hook_id"))


def _installation(fields: _Fields) -> Route:
    listed = [
        entry.get("full_name")
        for key in ("repositories", "repositories_added", "repositories_removed")
        for entry in fields.objects(key)
    ]
    return InstallationChange(
        action=fields.text("action"),
        installation_id=fields.optional_int("installation", "id"),
        account=fields.optional_text("installation", "account", "login"),
        repositories=tuple(name for name in listed if isinstance(name, str) and name),
    )


_HANDLERS: dict[str, Callable[[_Fields], Route]] = {
    "pull_request": _pull_request,
    "push": _push,
    "issue_comment": _issue_comment,
    "ping": _ping,
    "installation": _installation,
    "installation_repositories": _installation,
}
ROUTED_EVENTS = tuple(_HANDLERS)
"""The events a delivery is routed for; every other event is ignored."""
