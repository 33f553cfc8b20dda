"""The rules: which events reconcile which branch, and which are ignored, and why
(docs/routing.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from regent.core.commands import ParsedCommand, read_commands
from regent.core.release_pr.branch import RELEASE_BRANCH_PREFIX
from regent.core.routing.fields import PayloadFields
from regent.core.routing.inputs import CHANNEL, read_flag
from regent.core.routing.routes import (
    DISPATCH_SOURCE,
    Command,
    Ignored,
    Installation,
    PayloadError,
    Ping,
    Reconcile,
    Route,
)

BRANCH_PREFIX = "refs/heads/"
BOT_SUFFIX = "[bot]"
COMMENT_ACTIONS = ("created", "edited")


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
    return handler(PayloadFields(event_name, payload, repository, ref_name))


def _pull_request(fields: PayloadFields) -> Route:
    action = fields.optional_text("action")
    number = fields.optional_int("number") or fields.optional_int("pull_request", "number")
    name = "a pull request" if number is None else f"pull request #{number}"
    head = fields.optional_text("pull_request", "head", "ref") or ""
    if action == "edited" and head.startswith(RELEASE_BRANCH_PREFIX):
        return _release_pr_edited(fields, f"{name}, the release PR,")
    if action != "closed":
        return Ignored(
            f"{name} ({action or 'no action'}) is ignored: only a merge starts a release run"
        )
    base = fields.text("pull_request", "base", "ref")
    if fields.find("pull_request", "merged") is not True:
        return Ignored(f"{name} was closed without merging: nothing reached {base}")
    return fields.reconcile(base, f"{name} was merged into {base}")


def _release_pr_edited(fields: PayloadFields, name: str) -> Route:
    """An edit of the release PR: its maintainer notes reach CHANGELOG.md by a reconcile."""
    base = fields.text("pull_request", "base", "ref")
    sender = fields.optional_text("sender", "login") or "someone"
    if _is_bot(sender, fields.optional_text("sender", "type")):
        return Ignored(f"{name} was edited by {sender}: only a person's edit is carried over")
    if fields.find("changes", "body") is None:
        return Ignored(f"{name} was edited, not its body: no maintainer notes changed")
    return fields.reconcile(base, f"{name} was edited: its maintainer notes go to CHANGELOG.md")


def _push(fields: PayloadFields) -> Route:
    ref = fields.text("ref")
    if fields.find("deleted") is True:
        return Ignored(f"the push deleted {ref}: only pushes to a base branch count")
    if not ref.startswith(BRANCH_PREFIX):
        return Ignored(f"the push to {ref} is not to a branch: only pushes to a base branch count")
    branch = ref.removeprefix(BRANCH_PREFIX)
    if branch.startswith(RELEASE_BRANCH_PREFIX):
        return Ignored(f"the push to {branch} is Release Regent's own release branch")
    return fields.reconcile(branch, f"a push updated {branch}")


def _dispatch(fields: PayloadFields) -> Route:
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


def _schedule(fields: PayloadFields) -> Route:
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


def _dispatched(fields: PayloadFields, name: str) -> str:
    """The dispatch input ``name`` (``release-as`` or ``release_as``) as text, "" if unset."""
    inputs = fields.find("inputs")
    given = inputs if isinstance(inputs, Mapping) else {}
    value = given.get(name, given.get(name.replace("-", "_")))
    if isinstance(value, bool):
        return str(value).lower()
    return value.strip() if isinstance(value, str) else ""


def _issue_comment(fields: PayloadFields) -> Route:
    action = fields.optional_text("action")
    if action == "deleted":
        return Ignored("a comment was deleted: a deleted comment changes nothing already applied")
    if action not in COMMENT_ACTIONS:
        return Ignored(
            f"a comment was {action or 'changed'}: only new and edited comments are read for "
            "commands"
        )
    number = fields.number("issue", "number")
    if fields.find("issue", "pull_request") is None:
        return Ignored(
            f"a comment on issue #{number}: only comments on pull requests are read for commands"
        )
    author = fields.optional_text("comment", "user", "login") or fields.text("sender", "login")
    author_type = fields.optional_text("comment", "user", "type")
    if _is_bot(author, author_type):
        return Ignored(
            f"a comment by {author} on pull request #{number}: Release Regent takes no "
            "commands from bots"
        )
    body = fields.optional_text("comment", "body") or ""
    commands = read_commands(body)
    if not commands:
        return Ignored(
            f"a comment on pull request #{number} holds no command for Release Regent "
            "(!set-version, !release, !release-regent explain)"
        )
    if action == "edited" and _commands_before(fields) == commands:
        return Ignored(
            f"an edit of a comment on pull request #{number} left its commands as they were: "
            "they were read when it was written"
        )
    return Command(
        repo=fields.repo(),
        number=number,
        comment_id=fields.optional_int("comment", "id"),
        author=author,
        author_association=fields.optional_text("comment", "author_association"),
        body=body,
        installation_id=fields.optional_int("installation", "id"),
        commands=commands,
        action=action,
        author_type=author_type or "User",
        default_branch=fields.optional_text("repository", "default_branch"),
    )


def _commands_before(fields: PayloadFields) -> tuple[ParsedCommand, ...] | None:
    """The commands an edited comment held before; None when the payload does not say (GitHub
    sends ``changes.body.from`` when the body changed), so the comment is read again."""
    before = fields.find("changes", "body", "from")
    return read_commands(before) if isinstance(before, str) else None


def _is_bot(login: str, user_type: str | None) -> bool:
    """Whether a login is a bot's (an App's logins end in ``[bot]``)."""
    return user_type == "Bot" or login.endswith(BOT_SUFFIX)


def _ping(fields: PayloadFields) -> Route:
    return Ping(zen=fields.optional_text("zen") or "", hook_id=fields.optional_int("hook_id"))


def _installation(fields: PayloadFields) -> Route:
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


_HANDLERS: dict[str, Callable[[PayloadFields], Route]] = {
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
