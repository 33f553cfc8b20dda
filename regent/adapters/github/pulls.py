"""Pull requests: one listing of a base branch's (its release PRs and merged ones), the release
pull request (find, open, edit, close), one by number, and the merged ones a release range holds."""

from __future__ import annotations

from datetime import datetime

from github.GithubObject import NotSet, _NotSetType

from regent.adapters.github import values
from regent.adapters.github.call import RepoCall
from regent.core.model import Ensured, Outcome, PullRequest, ReleasePulls, iso_utc
from regent.core.release_pr.labels import has_label


def find_release_pull(call: RepoCall, *, head_branch: str, base_branch: str) -> PullRequest | None:
    listed = call.api.get_pulls(
        state="open", head=f"{call.ref.owner}:{head_branch}", base=base_branch
    )
    for pull in listed:
        if pull.head.ref == head_branch and pull.base.ref == base_branch:
            return values.pull_request(pull)
    return None


def release_pulls(
    call: RepoCall, *, head_branch: str, base_branch: str, label: str, since: datetime | None
) -> ReleasePulls:
    """One listing of ``base_branch``'s pull requests, last updated first, read back to
    ``since``: the release PRs from this repository's ``head_branch`` and the branches under it,
    and the merged ones."""
    listed = call.api.get_pulls(state="all", base=base_branch, sort="updated", direction="desc")
    head_label = f"{call.ref.owner}:{head_branch}".lower()
    open_pull: PullRequest | None = None
    pending: list[PullRequest] = []
    merged: list[PullRequest] = []
    nested: list[PullRequest] = []
    for raw in listed:
        if since is not None and raw.updated_at is not None and raw.updated_at < since:
            break
        if raw.base.ref != base_branch:
            continue
        pull = values.pull_request(raw)
        head = (raw.head.label or "").lower()
        release = head == head_label
        if pull.merged:
            merged.append(pull)
        if head.startswith(head_label + "/") and (
            pull.is_open or (pull.merged and has_label(pull.labels, label))
        ):
            nested.append(pull)
        if release and pull.is_open:
            open_pull = open_pull or pull
        elif release and pull.merged and has_label(pull.labels, label):
            pending.append(pull)
    pending.sort(key=lambda pull: pull.number, reverse=True)
    nested.sort(key=lambda pull: pull.number, reverse=True)
    shown = iso_utc(since) if since else None
    return ReleasePulls(open_pull, tuple(pending), tuple(merged), shown, tuple(nested))


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


def pull(call: RepoCall, number: int) -> PullRequest:
    return values.pull_request(call.api.get_pull(number))


def merged_pulls(
    call: RepoCall, *, base_branch: str, since: datetime | None
) -> tuple[PullRequest, ...]:
    """The closed pull requests into ``base_branch``, last updated first, read until one was
    last updated before ``since``: the merged ones."""
    listed = call.api.get_pulls(state="closed", base=base_branch, sort="updated", direction="desc")
    merged: list[PullRequest] = []
    for raw in listed:
        if since is not None and raw.updated_at is not None and raw.updated_at < since:
            break
        if raw.merged_at is not None and raw.base.ref == base_branch:
            merged.append(values.pull_request(raw))
    return tuple(merged)
