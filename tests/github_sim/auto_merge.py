"""Auto-merge: the repository setting, required status checks, and the merge GitHub makes once
every required check of an auto-merging pull request's head has passed.

What GitHub refuses (each a GraphQL ``UNPROCESSABLE`` error of ``enablePullRequestAutoMerge``):
a repository without ``allow_auto_merge``, a base branch without protection rules (here: no
required checks), a pull request not open, and one that could merge right now ("clean status").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from tests.github_sim import pull_git
from tests.github_sim.merging import MERGE_METHODS
from tests.github_sim.pull_merge import MergeOptions, merge_pull
from tests.github_sim.records import AutoMergeRecord, PullRecord
from tests.github_sim.state import SimRepo, SimState

NOT_ALLOWED = "Pull request Auto merge is not allowed for this repository"
NOT_PROTECTED = "Pull request Protected branch rules not configured for this branch"
CLEAN = "Pull request Pull request is in clean status"
NOT_OPEN = "Pull request Pull request is closed"
STATES = ("error", "failure", "pending", "success")


class Refused(Exception):
    """GitHub refused to enable auto-merge; the message is GitHub's."""


@dataclass
class MergeRules:
    """Per repository id: ``allow_auto_merge``; per (repository id, branch): the required
    checks; per (repository id, commit): each status context's state."""

    allowed: dict[int, bool] = field(default_factory=dict)
    required: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    statuses: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)


_RULES: WeakKeyDictionary[SimState, MergeRules] = WeakKeyDictionary()


def rules(state: SimState) -> MergeRules:
    with state.lock:
        found = _RULES.get(state)
        if found is None:
            found = _RULES[state] = MergeRules()
        return found


def enable(state: SimState, repo: SimRepo, pull: PullRecord, method: str, login: str) -> None:
    """Enable auto-merge with ``method`` (merge, squash or rebase) as ``login``, or Refused."""
    assert method in MERGE_METHODS
    book = rules(state)
    if not book.allowed.get(repo.id, False):
        raise Refused(NOT_ALLOWED)
    if pull.state != "open":
        raise Refused(NOT_OPEN)
    pull_git.refresh(repo, pull)
    if not book.required.get((repo.id, pull.base)):
        raise Refused(NOT_PROTECTED)
    if _checks_passed(book, repo, pull):
        raise Refused(CLEAN)
    pull.auto_merge = AutoMergeRecord(method, login)


def set_status(
    state: SimState, repo: SimRepo, sha: str, context: str, value: str, *, base_url: str
) -> list[dict[str, Any]]:
    """Record a check's state on ``sha``; merge every auto-merging pull request whose head it
    is and whose required checks have all passed. The events those merges emitted."""
    book = rules(state)
    book.statuses.setdefault((repo.id, sha), {})[context] = value
    open_pulls = [pull for pull in repo.pulls.values() if pull.state == "open"]
    pull_git.refresh_all(repo, open_pulls)
    events: list[dict[str, Any]] = []
    for pull in open_pulls:
        record = pull.auto_merge
        if record is None or pull.head_sha != sha or not _checks_passed(book, repo, pull):
            continue
        options = MergeOptions(method=record.merge_method, sha=sha)
        merged = merge_pull(state, repo, pull, options, login=record.enabled_by, base_url=base_url)
        pull.auto_merge = None
        events += merged.events
    return events


def _checks_passed(book: MergeRules, repo: SimRepo, pull: PullRecord) -> bool:
    required = book.required.get((repo.id, pull.base), ())
    seen = book.statuses.get((repo.id, pull.head_sha), {})
    return bool(required) and all(seen.get(context) == "success" for context in required)
