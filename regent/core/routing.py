"""What an event asks for: the one router every door uses (see docs/routing.md).

An event only names a repository and base branch to reconcile, a comment that may hold a
command, or nothing to do and why; the release logic then reads the current state itself.
Routing is tolerant of real payloads (null bodies, missing optional fields, extra fields) and
strict about what a route needs: a missing or ill-typed field is a ``PayloadError`` naming it.
Whether a pushed or merged-into branch is a base branch is the configuration's call, made by
the release service (``Reconcile.default_branch`` says the check applies).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.release_pr.branch import RELEASE_BRANCH_PREFIX
from regent.core.release_pr.decision import ReconcileScope

BRANCH_PREFIX = "refs/heads/"
INPUT_SOURCE = "release-as input"
DISPATCH_SOURCE = "workflow_dispatch input"
CHANNEL = re.compile(r"[0-9A-Za-z-]+")
"""A prerelease channel such as ``rc`` (``none``: a stable release)."""
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0", "")
SCOPES = {"release-pr": ReconcileScope.RELEASE_PR, "release": ReconcileScope.RELEASE}
"""The ``command`` inputs that limit what a run acts on (``auto`` and ``plan`` see it all)."""


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
    """A new comment on a pull request, which may hold a command for Release Regent."""

    repo: RepoRef
    number: int
    comment_id: int | None
    author: str
    author_association: str | None
    body: str
    installation_id: int | None = None


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


def route(
    event_name: str,
    payload: Mapping[str, Any],
    *,
    repository: str | None = None,
    ref_name: str | None = None,
) -> Route:
    """The route of an ``event_name`` event with this JSON object as its payload.

    ``repository`` and ``ref_name`` are what a runner knows beside the payload
    (``GITHUB_REPOSITORY``, ``GITHUB_REF_NAME``); only a ``schedule``, whose payload may name
    neither, reads them.
    """
    handler = _HANDLERS.get(event_name)
    if handler is None:
        named = ", ".join(ROUTED_EVENTS)
        return Ignored(f"{event_name} events are ignored: Release Regent acts on {named}")
    return handler(_Fields(event_name, payload, repository, ref_name))


def with_action_inputs(
    routed: Route,
    *,
    target_branch: str | None,
    release_as: str | None,
    prerelease: str | None,
    dry_run: bool,
    command: str,
) -> Route:
    """``routed`` with the Action step's inputs applied (other doors have no inputs).

    ``target-branch`` picks the branch of a requested run and turns away a push or merge to any
    other branch; a branch it names is released from whatever ``base_branches`` says. The
    step's ``release-as`` and ``prerelease`` win over a dispatch's; ``dry-run`` or the ``plan``
    command writes nothing; ``release-pr`` and ``release`` limit what the run acts on.
    """
    if not isinstance(routed, Reconcile):
        return routed
    if target_branch is not None and not routed.requested and routed.base_branch != target_branch:
        return Ignored(
            f"{routed.base_branch} is not the target-branch input: releases are made from "
            f"{target_branch}"
        )
    if target_branch is not None:
        routed = replace(routed, base_branch=target_branch, default_branch=None)
    overridden = release_as is not None or prerelease is not None
    return replace(
        routed,
        release_as=release_as or routed.release_as,
        prerelease=prerelease or routed.prerelease,
        override_source=INPUT_SOURCE if overridden else routed.override_source,
        dry_run=dry_run or routed.dry_run or command == "plan",
        scope=SCOPES.get(command, ReconcileScope.ALL),
    )


def explain(routed: Command | Ping | Installation | Ignored) -> str:
    """Why a route reconciles nothing, in one line: what every door shows for it."""
    if isinstance(routed, Command):
        return (
            f"comment on pull request #{routed.number} by {routed.author}: Release Regent does "
            "not take commands in comments yet, so it did nothing; to choose the next version, "
            "merge a commit whose message has a Release-As: <version> footer"
        )
    if isinstance(routed, Ping):
        return f"ping from hook {routed.hook_id}: the webhook answers ({routed.zen})"
    if isinstance(routed, Installation):
        return f"installation {routed.action} noted: nothing to reconcile"
    return routed.reason


def read_flag(value: str) -> bool | None:
    """A yes/no input: true/false (yes/no, 1/0; empty is false); None when it is neither."""
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    return False if lowered in FALSE_WORDS else None


@dataclass(frozen=True, slots=True)
class _Fields:
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


def _pull_request(fields: _Fields) -> Route:
    action = fields.optional_text("action")
    number = fields.optional_int("number") or fields.optional_int("pull_request", "number")
    name = "a pull request" if number is None else f"pull request #{number}"
    if action != "closed":
        return Ignored(
            f"{name} ({action or 'no action'}) is ignored: only a merge starts a release run"
        )
    base = fields.text("pull_request", "base", "ref")
    if fields.find("pull_request", "merged") is not True:
        return Ignored(f"{name} was closed without merging: nothing reached {base}")
    return fields.reconcile(base, f"{name} was merged into {base}")


def _push(fields: _Fields) -> Route:
    ref = fields.text("ref")
    if fields.find("deleted") is True:
        return Ignored(f"the push deleted {ref}: only pushes to a base branch count")
    if not ref.startswith(BRANCH_PREFIX):
        return Ignored(f"the push to {ref} is not to a branch: only pushes to a base branch count")
    branch = ref.removeprefix(BRANCH_PREFIX)
    if branch.startswith(RELEASE_BRANCH_PREFIX):
        return Ignored(f"the push to {branch} is Release Regent's own release branch")
    return fields.reconcile(branch, f"a push updated {branch}")


def _dispatch(fields: _Fields) -> Route:
    ref = fields.optional_text("ref")
    branch = ref.removeprefix(BRANCH_PREFIX) if ref else fields.default_branch()
    prerelease = _dispatched(fields, "prerelease")
    if prerelease and not CHANNEL.fullmatch(prerelease):
        raise PayloadError(
            f"the workflow_dispatch input prerelease is {prerelease!r}; write a channel such "
            "as rc, or none"
        )
    dry_run = read_flag(_dispatched(fields, "dry-run"))
    if dry_run is None:
        raise PayloadError("the workflow_dispatch input dry-run is not true or false")
    return replace(
        fields.reconcile(branch, f"a run of the workflow was requested on {branch}"),
        requested=True,
        release_as=_dispatched(fields, "release-as") or None,
        prerelease=prerelease or None,
        override_source=DISPATCH_SOURCE,
        dry_run=dry_run,
    )


def _schedule(fields: _Fields) -> Route:
    branch = fields.optional_text("repository", "default_branch") or fields.ref_name
    full_name = fields.optional_text("repository", "full_name") or fields.repository
    if branch is None or full_name is None:
        raise PayloadError(
            "a scheduled run names no repository and branch: its payload has no "
            "repository.full_name and repository.default_branch, and GITHUB_REPOSITORY and "
            "GITHUB_REF_NAME are not set"
        )
    return Reconcile(
        repo=fields.named_repo(full_name),
        base_branch=branch,
        reason=f"a scheduled run on {branch}",
        default_branch=branch,
        installation_id=fields.optional_int("installation", "id"),
        requested=True,
    )


def _dispatched(fields: _Fields, name: str) -> str:
    """The dispatch input ``name`` (``release-as`` or ``release_as``) as text, "" if unset."""
    inputs = fields.find("inputs")
    given = inputs if isinstance(inputs, Mapping) else {}
    value = given.get(name, given.get(name.replace("-", "_")))
    if isinstance(value, bool):
        return str(value).lower()
    return value.strip() if isinstance(value, str) else ""


def _issue_comment(fields: _Fields) -> Route:
    action = fields.optional_text("action")
    if action != "created":
        return Ignored(
            f"a comment was {action or 'changed'}: only new comments are read for commands"
        )
    number = fields.number("issue", "number")
    if fields.find("issue", "pull_request") is None:
        return Ignored(
            f"a comment on issue #{number}: only comments on pull requests are read for commands"
        )
    return Command(
        repo=fields.repo(),
        number=number,
        comment_id=fields.optional_int("comment", "id"),
        author=fields.optional_text("comment", "user", "login") or fields.text("sender", "login"),
        author_association=fields.optional_text("comment", "author_association"),
        body=fields.optional_text("comment", "body") or "",
        installation_id=fields.optional_int("installation", "id"),
    )


def _ping(fields: _Fields) -> Route:
    return Ping(zen=fields.optional_text("zen") or "", hook_id=fields.optional_int("hook_id"))


def _installation(fields: _Fields) -> Route:
    listed = [
        entry.get("full_name")
        for key in ("repositories", "repositories_added", "repositories_removed")
        for entry in fields.objects(key)
    ]
    return Installation(
        action=fields.text("action"),
        installation_id=fields.optional_int("installation", "id"),
        account=fields.optional_text("installation", "account", "login"),
        repositories=tuple(name for name in listed if isinstance(name, str) and name),
    )


_HANDLERS: dict[str, Callable[[_Fields], Route]] = {
    "push": _push,
    "pull_request": _pull_request,
    "pull_request_target": _pull_request,
    "workflow_dispatch": _dispatch,
    "schedule": _schedule,
    "issue_comment": _issue_comment,
    "ping": _ping,
    "installation": _installation,
    "installation_repositories": _installation,
}
ROUTED_EVENTS = tuple(_HANDLERS)
"""The events Release Regent routes; every other event is ignored."""
