"""Comment commands on pull requests: who may use each, what it does, and the reply
(docs/steering.md).

Every door hands a routed ``Command`` (the comment's parsed command lines) to
``CommandService.handle``. Changing the release (``set-version``, ``release <level>``) needs
write, maintain or admin permission, asked once per run; ``explain`` is open to everyone. An
accepted command gets a +1 reaction; a refused, denied or invalid one, and ``explain``, get a
reply, posted once per comment and command line, so a replayed delivery never posts twice.
Every command leaves one audit line (logger ``regent.audit``: who, what, PR, result).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from regent.core.commands import (
    Explain,
    InvalidCommand,
    ParsedCommand,
    ReleaseFloor,
    SetVersion,
    command_line,
    floor_label,
    label_floor,
)
from regent.core.markdown import markdown_line
from regent.core.model import Outcome, PullRequest
from regent.core.policy import ReleasePolicy
from regent.core.ports import GitHubPort
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.pin import VersionPin, read_pin
from regent.core.routing import Command
from regent.services.command_replies import (
    WRITERS,
    closed_pull_floor_reply,
    closed_release_pull_reply,
    command_name,
    denied_reply,
    explanation,
    floor_on_release_pull_reply,
    invalid_reply,
    not_release_pull_reply,
    pin_source,
    pinning_comment,
    reply_body,
    reply_key,
)
from regent.services.component_pins import component_pin, pin_targets, pinned_words
from regent.services.release import (
    NotABaseBranch,
    Overrides,
    ReconcileOutcome,
    ReleaseService,
    not_a_base_branch,
)

audit = logging.getLogger("regent.audit")


class CommandResult(StrEnum):
    """What became of one command line."""

    ACCEPTED = "accepted"
    REFUSED = "refused"
    """Understood and allowed, but not possible here (another PR, a lower version)."""
    INVALID = "invalid"
    DENIED = "denied"
    """The author may not change the release."""
    REPLAYED = "replayed"
    """Done before for this comment: its reaction or reply was already there."""


@dataclass(frozen=True, slots=True)
class CommandDone:
    """One command line of a comment and what became of it."""

    kind: str
    """``set-version``, ``release``, ``explain``, or ``invalid``."""
    line: str
    """The command in its one written form, e.g. ``!set-version 2.0.0``."""
    result: CommandResult
    message: str
    """Why, on one line (the reply's first line, or what was done)."""
    reply_url: str | None = None
    release: ReconcileOutcome | NotABaseBranch | None = None


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """Every command line of one comment, in order."""

    repository: str
    number: int
    author: str
    commands: tuple[CommandDone, ...]

    @property
    def release(self) -> ReconcileOutcome | None:
        """The last reconcile a command made (a set-version), if any."""
        made = [d.release for d in self.commands if isinstance(d.release, ReconcileOutcome)]
        return made[-1] if made else None

    def lines(self) -> tuple[str, ...]:
        """One line per command: what, its result, why."""
        return tuple(f"{d.line}: {d.result} ({d.message})" for d in self.commands)


PolicySource = Callable[[str], ReleasePolicy]
"""The policy that governs a base branch (the webhook worker reads it through the API)."""
ReleaseSource = Callable[[str, ReleasePolicy], ReleaseService]
"""The release service of a base branch under a policy (the webhook worker clones the
repository for it)."""


@dataclass
class CommandService:
    """Handles the commands of comments on the repository ``github`` is bound to."""

    github: GitHubPort
    repository: str
    policy: PolicySource
    release: ReleaseSource
    """Both asked only when a command needs them, once per base branch."""
    _roles: dict[str, str] = field(default_factory=dict, repr=False)
    _pulls: dict[int, PullRequest] = field(default_factory=dict, repr=False)
    _bases: dict[str, tuple[ReleasePolicy, ReleaseService]] = field(
        default_factory=dict, repr=False
    )
    _reactions: dict[int, Outcome] = field(default_factory=dict, repr=False)

    def handle(self, command: Command) -> CommandOutcome:
        """Act on each command line of ``command`` in order."""
        done = tuple(self._one(command, parsed) for parsed in command.commands)
        return CommandOutcome(self.repository, command.number, command.author, done)

    def _one(self, command: Command, parsed: ParsedCommand) -> CommandDone:
        act = _Acting(self, command, parsed)
        if isinstance(parsed, InvalidCommand):
            done = act.reply(CommandResult.INVALID, invalid_reply(parsed.problem))
        elif isinstance(parsed, Explain):
            done = self._explain(act)
        elif (role := self._role(command.author)) not in WRITERS:
            done = act.reply(CommandResult.DENIED, denied_reply(self.repository, role))
        elif isinstance(parsed, SetVersion):
            done = self._set_version(act, parsed)
        else:
            done = self._floor(act, parsed)
        audit.info(
            "who=%s what=%r pr=%s#%d result=%s",
            command.author,
            done.line,
            self.repository,
            command.number,
            done.result,
        )
        return done

    def _set_version(self, act: _Acting, parsed: SetVersion) -> CommandDone:
        pull = self._pull(act.command.number)
        if not _is_release_pull(pull):
            branch = release_branch_name(pull.base_branch)
            return act.reply(CommandResult.REFUSED, not_release_pull_reply(pull.number, branch))
        if not pull.is_open:
            return act.reply(CommandResult.REFUSED, closed_release_pull_reply(pull.number))
        base = pull.base_branch
        policy, service = self._base(base)
        targets = pin_targets(policy.monorepo, pull, parsed.component)
        if targets.refusal is not None:
            return act.reply(CommandResult.REFUSED, invalid_reply(targets.refusal))
        newer = _newer_pin(pull, act.command, targets.components)
        if newer is not None:
            said = f"a later command decides the version: {newer.source} ({newer.version})"
            return CommandDone("set-version", act.line, CommandResult.REPLAYED, said)
        overrides = Overrides(unpin=True, components=targets.components)
        if parsed.version is not None:
            problem = service.check_pin(base, parsed.version, components=targets.components)
            if problem is not None:
                return act.reply(CommandResult.REFUSED, markdown_line(problem))
            source = pin_source(act.command.author, pull.number, act.command.comment_id)
            pin = VersionPin(parsed.version, source)
            overrides = Overrides(pin=pin, components=targets.components)
        outcome = service.reconcile(base, overrides=overrides)
        if targets.components:
            said = pinned_words(targets.components, parsed.version)
            return act.accepted(said, release=outcome)
        version = outcome.version if isinstance(outcome, ReconcileOutcome) else None
        said = "pinned to" if parsed.version else "back to the planned version,"
        return act.accepted(f"the pending release is {said} {version}", release=outcome)

    def _floor(self, act: _Acting, parsed: ReleaseFloor) -> CommandDone:
        pull = self._pull(act.command.number)
        if _is_release_pull(pull):
            return act.reply(CommandResult.REFUSED, floor_on_release_pull_reply())
        if not pull.is_open:
            return act.reply(CommandResult.REFUSED, closed_pull_floor_reply(pull.number))
        wanted = floor_label(parsed.bump)
        for label in pull.labels:
            if label_floor(label) is not None and label.lower() != wanted:
                self.github.remove_label(pull.number, label)
        if wanted not in (label.lower() for label in pull.labels):
            self.github.add_labels(pull.number, [wanted])
        return act.accepted(f"labelled {wanted}: its release bumps {parsed.bump.label} at least")

    def _explain(self, act: _Acting) -> CommandDone:
        pull = self._pull(act.command.number)
        base = pull.base_branch
        policy, service = self._base(base)
        default = act.command.default_branch
        left = not_a_base_branch(policy, base, default_branch=default) if default else None
        if left is not None:
            return act.reply(CommandResult.REFUSED, markdown_line(left.reason))
        waiting = pull.number if pull.is_open and not _is_release_pull(pull) else None
        done = act.reply(CommandResult.ACCEPTED, explanation(service.decide(base), waiting=waiting))
        if done.result is CommandResult.ACCEPTED:
            self.react(act.command)
        return done

    def react(self, command: Command) -> Outcome:
        """+1 on the comment, once per run however many of its commands are accepted: EXISTED
        when it was already there before this run."""
        if command.comment_id is None:
            return Outcome.CREATED
        if command.comment_id not in self._reactions:
            reacted = self.github.react(command.comment_id, "+1")
            self._reactions[command.comment_id] = reacted.outcome
        return self._reactions[command.comment_id]

    def _role(self, login: str) -> str:
        """The login's role on the repository, asked once per run."""
        if login not in self._roles:
            self._roles[login] = self.github.permission(login)
        return self._roles[login]

    def _base(self, base_branch: str) -> tuple[ReleasePolicy, ReleaseService]:
        """The policy and release service of ``base_branch``, built once per run."""
        if base_branch not in self._bases:
            policy = self.policy(base_branch)
            self._bases[base_branch] = (policy, self.release(base_branch, policy))
        return self._bases[base_branch]

    def _pull(self, number: int) -> PullRequest:
        if number not in self._pulls:
            self._pulls[number] = self.github.pull(number)
        return self._pulls[number]


@dataclass(frozen=True, slots=True)
class _Acting:
    """One command line being handled: its reply and its reaction."""

    service: CommandService
    command: Command
    parsed: ParsedCommand

    @property
    def line(self) -> str:
        return command_line(self.parsed)

    def accepted(
        self, message: str, *, release: ReconcileOutcome | NotABaseBranch | None = None
    ) -> CommandDone:
        """+1 on the comment; a new comment already holding it was handled before."""
        result = self._replayed(self.service.react(self.command), CommandResult.ACCEPTED)
        return CommandDone(command_name(self.parsed), self.line, result, message, release=release)

    def reply(self, result: CommandResult, message: str) -> CommandDone:
        """Reply once per comment and command line (a replay finds the reply and stops)."""
        command = self.command
        posted = self.service.github.reply(
            command.number,
            key=reply_key(command.comment_id, self.line),
            body=reply_body(command.author, self.line, message),
        )
        first = message.split("\n", 1)[0]
        return CommandDone(
            command_name(self.parsed),
            self.line,
            self._replayed(posted.outcome, result),
            first,
            reply_url=posted.value.html_url,
        )

    def _replayed(self, outcome: Outcome, result: CommandResult) -> CommandResult:
        """An edited comment is read afresh; a new one found done is a replay."""
        if outcome is Outcome.EXISTED and self.command.action == "created":
            return CommandResult.REPLAYED
        return result


def _newer_pin(
    pull: PullRequest, command: Command, components: tuple[str, ...]
) -> VersionPin | None:
    """The release PR's pin (of the first of ``components``, with components) when a later
    comment set it: a new comment delivered again after it (an old delivery, a re-run
    workflow) must not undo it. An edit is always read afresh."""
    pin = component_pin(pull, components[0]) if components else read_pin(pull)
    pinned_by = pinning_comment(pin.source) if pin is not None else None
    if command.action != "created" or command.comment_id is None or pinned_by is None:
        return None
    return pin if pinned_by > command.comment_id else None


def _is_release_pull(pull: PullRequest) -> bool:
    """A release PR: one for its base branch, or a component's own (under its branch)."""
    branch = release_branch_name(pull.base_branch)
    return pull.head_branch == branch or pull.head_branch.startswith(f"{branch}/")
