"""The release pull request: find, open, edit, close, label and comment on it."""

from __future__ import annotations

from collections.abc import Sequence

from github.GithubException import GithubException
from github.GithubObject import NotSet, _NotSetType

from regent.adapters.github import values
from regent.adapters.github.call import RepoCall
from regent.adapters.github.writes import already_exists, nothing_to_check
from regent.core.model import Comment, Ensured, Outcome, PullRequest, ReleasePulls
from regent.core.release_pr.labels import has_label

LABEL_COLOR = "ededed"


def find_release_pull(call: RepoCall, *, head_branch: str, base_branch: str) -> PullRequest | None:
    listed = call.api.get_pulls(
        state="open", head=f"{call.ref.owner}:{head_branch}", base=base_branch
    )
    for pull in listed:
        if pull.head.ref == head_branch and pull.base.ref == base_branch:
            return values.pull_request(pull)
    return None


def release_pulls(
    call: RepoCall, *, head_branch: str, base_branch: str, label: str
) -> ReleasePulls:
    """One listing of the release branch's pull requests, newest first, read as far as needed."""
    listed = call.api.get_pulls(
        state="all",
        head=f"{call.ref.owner}:{head_branch}",
        base=base_branch,
        sort="created",
        direction="desc",
    )
    open_pull: PullRequest | None = None
    pending: list[PullRequest] = []
    for raw in listed:
        pull = values.pull_request(raw)
        if (pull.head_branch, pull.base_branch) != (head_branch, base_branch):
            continue
        if pull.is_open:
            open_pull = open_pull or pull
        elif pull.merged and has_label(pull.labels, label):
            pending.append(pull)
        elif pull.merged:
            break
    return ReleasePulls(open_pull, tuple(pending))


def open_release_pull(
    call: RepoCall, *, head_branch: str, base_branch: str, title: str, body: str, draft: bool
) -> Ensured[PullRequest]:
    """Open it, unless one is open already (found after a lost answer or GitHub's 422)."""

    def send() -> Ensured[PullRequest]:
        pull = call.api.create_pull(
            base=base_branch, head=head_branch, title=title, body=body, draft=draft
        )
        return Ensured(values.pull_request(pull), Outcome.CREATED)

    def recheck() -> Ensured[PullRequest] | None:
        found = find_release_pull(call, head_branch=head_branch, base_branch=base_branch)
        return Ensured(found, Outcome.EXISTED) if found else None

    return call.writer.create(send, recheck=recheck)


def edit_pull(
    call: RepoCall,
    number: int,
    *,
    title: str | None = None,
    body: str | None = None,
    state: str | None = None,
) -> PullRequest:
    pull = call.api.get_pull(number)
    pull.edit(title=_or_unset(title), body=_or_unset(body), state=_or_unset(state))
    return values.pull_request(pull)


def _or_unset(value: str | None) -> str | _NotSetType:
    return NotSet if value is None else value


def set_labels(call: RepoCall, number: int, labels: Sequence[str]) -> tuple[str, ...]:
    """Replace the labels; labels the repository lacks are created, then the labels set again."""
    path = f"/issues/{number}/labels"
    try:
        data = call.request("PUT", path, body={"labels": list(labels)})
    except GithubException as error:
        if error.status not in (404, 422):
            raise
        for label in labels:
            _create_label(call, label)
        data = call.request("PUT", path, body={"labels": list(labels)})
    return tuple(str(item["name"]) for item in data)


def comment(call: RepoCall, number: int, body: str, *, once: bool) -> Ensured[Comment]:
    """Comment unless the same text is there (checked first if ``once``, and after lost answers)."""
    issue = call.api.get_issue(number)

    def send() -> Ensured[Comment]:
        return Ensured(values.comment(issue.create_comment(body)), Outcome.CREATED)

    def recheck() -> Ensured[Comment] | None:
        same = next((found for found in issue.get_comments() if found.body == body), None)
        return Ensured(values.comment(same), Outcome.EXISTED) if same else None

    if once and (existing := recheck()) is not None:
        return existing
    return call.writer.create(send, recheck=recheck)


def _create_label(call: RepoCall, name: str) -> None:
    try:
        call.writer.create(
            lambda: call.api.create_label(name, LABEL_COLOR), recheck=nothing_to_check
        )
    except GithubException as error:
        if not already_exists(error):
            raise
