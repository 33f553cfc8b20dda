"""Enable GitHub's auto-merge on the release PRs a run opened, updated or kept
(``release_pr.auto_merge``), so each merges itself once its required checks pass.

One GraphQL call per release PR that lacks it (the pull request JSON the run holds says whether
it is on already, and with which method); GitHub's refusal (the repository does not allow
auto-merge, ...) is reported, not raised: the release PR stays open for a person to merge.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from regent.core.model import PullRequest
from regent.core.ports import GitHubPort
from regent.core.release_pr.actions import (
    KeepReleasePr,
    OpenReleasePr,
    ReleaseDecision,
    UpdateReleasePr,
)
from regent.core.release_pr.auto_merge import AutoMerge, refusal_lines, wants_auto_merge

log = logging.getLogger(__name__)


def ensure_auto_merge(
    github: GitHubPort,
    applied: Sequence[tuple[ReleaseDecision, PullRequest | None]],
    *,
    method: str | None,
) -> tuple[AutoMerge, ...]:
    """Enable auto-merge with ``method`` on each release PR shown by an open, update or keep
    action of ``applied`` (each decision with the pull request applying it left); what was done,
    one entry per release PR asked for."""
    results: list[AutoMerge] = []
    for decision, pull in applied:
        shown = isinstance(
            decision.release_pr_action, OpenReleasePr | UpdateReleasePr | KeepReleasePr
        )
        if method is None or pull is None or not shown or not wants_auto_merge(pull, method):
            continue
        refusal = github.enable_auto_merge(pull, method)
        results.append(AutoMerge(pull.number, method, refusal))
        if refusal is None:
            log.info("auto-merge (%s) enabled on release PR #%s", method, pull.number)
    for line in refusal_lines(results):
        log.warning("%s", line)
    return tuple(results)
