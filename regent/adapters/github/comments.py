"""Comments on a pull request, Release Regent's keyed replies, and reactions to comments."""

from __future__ import annotations

from collections.abc import Callable

from github.Issue import Issue

from regent.adapters.github import values
from regent.adapters.github.call import RepoCall
from regent.adapters.github.writes import nothing_to_check
from regent.core.model import Comment, Ensured, Outcome
from regent.core.replies import is_reply, reply_body


def comment(call: RepoCall, number: int, body: str, *, once: bool) -> Ensured[Comment]:
    """Comment unless the same text is there (checked first if ``once``, and after lost answers)."""
    issue = call.api.get_issue(number)
    return _post_once(call, issue, body, check_first=once, same=lambda found: found == body)


def reply(call: RepoCall, number: int, *, key: str, body: str) -> Ensured[Comment]:
    """Post the reply for ``key`` unless a comment already holds its hidden line."""
    issue = call.api.get_issue(number)
    text = reply_body(body, key)
    return _post_once(call, issue, text, check_first=True, same=lambda found: is_reply(found, key))


def react(call: RepoCall, comment_id: int, content: str) -> Ensured[None]:
    """GitHub answers 201 for a new reaction and 200 for one this user had already made."""

    def send() -> Ensured[None]:
        path = f"/issues/comments/{comment_id}/reactions"
        status, _ = call.request_status("POST", path, body={"content": content})
        return Ensured(None, Outcome.CREATED if status == 201 else Outcome.EXISTED)

    return call.writer.create(send, recheck=nothing_to_check)


def _post_once(
    call: RepoCall, issue: Issue, text: str, *, check_first: bool, same: Callable[[str], bool]
) -> Ensured[Comment]:
    """Post ``text``; a comment that is ``same``, looked for first or after a lost answer, wins."""

    def send() -> Ensured[Comment]:
        return Ensured(values.comment(issue.create_comment(text)), Outcome.CREATED)

    def recheck() -> Ensured[Comment] | None:
        found = next((item for item in issue.get_comments() if same(item.body or "")), None)
        return Ensured(values.comment(found), Outcome.EXISTED) if found else None

    if check_first and (existing := recheck()) is not None:
        return existing
    return call.writer.create(send, recheck=recheck)
