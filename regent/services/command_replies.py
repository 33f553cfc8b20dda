"""The words of comment commands: each command as text, and every reply Release Regent posts
(docs/steering.md lists them)."""

from __future__ import annotations

import hashlib
import re

from regent.core.commands import ACCEPTED_FORMS, InvalidCommand, ParsedCommand
from regent.core.markdown import markdown_line
from regent.core.release_pr.actions import (
    KeepReleasePr,
    OpenReleasePr,
    ReleaseDecision,
    UpdateReleasePr,
)

WRITERS = ("admin", "maintain", "write")
"""The repository roles that may change a release through a comment."""
_PINNED_BY = re.compile(r", comment (\d{1,20})$")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")


def pin_source(author: str, number: int, comment_id: int | None) -> str:
    """Who pinned the release PR's version, where: shown in plans and read back by
    ``pinning_comment`` (``!set-version by @alice in #7, comment 1004``)."""
    where = f", comment {comment_id}" if comment_id is not None else ""
    return f"!set-version by @{author} in #{number}{where}"


def pinning_comment(source: str) -> int | None:
    """The comment a pin's ``source`` names (``pin_source``), None for any other source."""
    found = _PINNED_BY.search(source)
    return int(found.group(1)) if found else None


def reply_key(comment_id: int | None, text: str) -> str:
    """The key of the one reply to the command ``text`` in a comment: its id, the line's digest."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{comment_id or 0}-{digest}"


def reply_body(author: str, text: str, message: str) -> str:
    """A reply: who asked, the command quoted, then ``message`` (already Markdown)."""
    who = f"@{author}" if _LOGIN.fullmatch(author) else markdown_line(author)
    return f"{who} `{_code(text)}`: {message}"


def invalid_reply(problem: str) -> str:
    return f"{markdown_line(problem)}.\n\nThe accepted forms:\n\n{ACCEPTED_FORMS}"


def denied_reply(repository: str, role: str) -> str:
    return (
        f"only people with write, maintain or admin permission on {repository} can change the "
        f"release (your permission is {role}); ask a maintainer, or comment "
        "`!release-regent explain`, open to everyone, to see the next version and why"
    )


def not_release_pull_reply(number: int, release_branch: str) -> str:
    return (
        f"`set-version` works on the release pull request (head branch `{release_branch}`), "
        f"not on #{number}; to raise the release a pull request goes into, comment "
        "`!release major`, `!release minor` or `!release patch` on it"
    )


def closed_release_pull_reply(number: int) -> str:
    return f"release pull request #{number} is closed: its version is settled"


def floor_on_release_pull_reply() -> str:
    return (
        "`release <level>` sets a floor on a pull request not merged yet; on the release pull "
        "request, choose the version with `!set-version <version>`"
    )


def closed_pull_floor_reply(number: int) -> str:
    return (
        f"#{number} is closed: a floor is set on a pull request that is still open, and counts "
        "when it merges"
    )


def explanation(decision: ReleaseDecision, *, waiting: int | None) -> str:
    """The projected next version of the base branch and why (``regent plan``'s reason), then
    what a run would do; ``waiting``: an open pull request not counted until it is merged."""
    action = decision.release_pr_action
    base = f"`{markdown_line(decision.base_branch)}`"
    if isinstance(action, OpenReleasePr | UpdateReleasePr | KeepReleasePr):
        head = f"the next release of {base} is **{markdown_line(action.version)}**"
    else:
        head = f"nothing merged into {base} calls for a release yet"
    note = f" (#{waiting} counts once it is merged)" if waiting is not None else ""
    why = [f"Why: {markdown_line(decision.plan_reason)}", ""] if decision.plan_reason else []
    steps = [f"- {markdown_line(line)}" for line in decision.lines()]
    return "\n".join([f"{head}{note}.", "", *why, "What a run would do now:", "", *steps])


def command_name(parsed: ParsedCommand) -> str:
    """``set-version``, ``release``, ``explain``, or ``invalid`` for a line that does not parse."""
    return "invalid" if isinstance(parsed, InvalidCommand) else parsed.kind.value


def _code(text: str) -> str:
    """``text`` safe inside an inline code span."""
    return markdown_line(text).replace("`", "'")
