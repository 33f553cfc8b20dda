"""Merging a pull request (REST endpoint and control API): git, the record, and the events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.github_sim import merging, pull_git
from tests.github_sim.events import Origin, emit_pull_request, emit_push, noreply_email
from tests.github_sim.records import PullRecord, now_iso
from tests.github_sim.routing import SimError
from tests.github_sim.state import SimRepo, SimState

NOT_MERGEABLE = "Pull Request is not mergeable"
HEAD_MODIFIED = "Head branch was modified. Review and try the merge again."


@dataclass(frozen=True)
class MergeOptions:
    """The caller's choices: method, expected head sha, commit title and message."""

    method: str = "merge"
    sha: str | None = None
    commit_title: str | None = None
    commit_message: str | None = None


@dataclass(frozen=True)
class Merged:
    """The new tip of the base branch and the events the merge produced."""

    sha: str
    events: list[dict[str, Any]]


def merge_pull(
    state: SimState,
    repo: SimRepo,
    pull: PullRecord,
    options: MergeOptions,
    *,
    login: str,
    base_url: str,
) -> Merged:
    """Merge ``pull`` into its base as ``login``; raise GitHub's 405/409/422 when it cannot."""
    pull_git.refresh(repo, pull)
    _check(pull, options)
    request = merging.MergeRequest(
        number=pull.number,
        title=pull.title,
        head_label=f"{repo.owner}:{pull.head}",
        base_sha=pull.base_sha,
        head_sha=pull.head_sha,
        method=options.method,
        commit_title=options.commit_title,
        commit_message=options.commit_message,
    )
    author = pull.user if options.method == "squash" else login
    try:
        sha = merging.merge(repo.git_dir, request, merging.Identity(author, noreply_email(author)))
    except merging.MergeConflict as error:
        raise SimError(405, NOT_MERGEABLE) from error
    before = pull.base_sha
    merging.move_branch(repo.git_dir, pull.base, sha, before)
    _mark_merged(pull, sha, login)
    origin = Origin(state, repo, login, base_url)
    events = [
        emit_pull_request(origin, pull, "closed"),
        emit_push(origin, f"refs/heads/{pull.base}", before, sha),
    ]
    return Merged(sha, events)


def _check(pull: PullRecord, options: MergeOptions) -> None:
    if pull.merged or pull.state != "open":
        raise SimError(405, NOT_MERGEABLE)
    if options.method not in merging.MERGE_METHODS:
        invalid = {"resource": "PullRequest", "field": "merge_method", "code": "invalid"}
        raise SimError(422, "Validation Failed", errors=[invalid])
    if options.sha is not None and options.sha != pull.head_sha:
        raise SimError(409, HEAD_MODIFIED)


def _mark_merged(pull: PullRecord, sha: str, login: str) -> None:
    moment = now_iso()
    pull.state = "closed"
    pull.merged = True
    pull.merged_at = pull.closed_at = pull.updated_at = moment
    pull.merge_commit_sha = sha
    pull.merged_by = login
