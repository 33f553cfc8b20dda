"""Release branches of the other mode left behind with no release PR (``separate_pull_requests``
switched while one was closed by hand, or a merged one refused): git's ref namespace rule keeps
``release-regent/main`` and ``release-regent/main/api`` from both existing, so such a branch
blocks creating this mode's. When creating a release branch is refused, the branches that could
block it are looked at: one Release Regent wrote (one release commit on the base branch's
history) that no open release PR uses is deleted, and the branch is written again; any other is
named with what to do (docs/monorepo.md)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from regent.core.errors import RegentError
from regent.core.markdown import printable_line
from regent.core.ports import GitHubPort, HistoryReader
from regent.core.release_pr.actions import (
    KeepReleasePr,
    OpenReleasePr,
    ReleaseDecision,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.release_pr.release_commit import RELEASE_COMMIT_PREFIX
from regent.core.release_pr.separate import blocking_branches
from regent.core.release_pr.title import ReleasePrError

log = logging.getLogger(__name__)


def clear_orphans(
    github: GitHubPort,
    history: HistoryReader,
    decision: ReleaseDecision,
    *,
    decisions: Sequence[ReleaseDecision],
    components: Sequence[str],
) -> tuple[str, ...]:
    """Delete the orphaned release branches that can keep ``decision``'s new release branch from
    being created; the ones deleted (none: nothing blocks it, the refusal was something else).
    A blocking branch an open release PR of ``decisions`` uses, or whose head is not a release
    commit Release Regent wrote, is left alone: ReleasePrError naming it and what to do."""
    if not isinstance(decision.release_pr_action, OpenReleasePr):
        return ()
    wanted = decision.release_branch
    used = {d.release_branch: pull for d in decisions if (pull := _open_pull(d)) is not None}
    deleted: list[str] = []
    for branch in blocking_branches(
        wanted, base_branch=decision.base_branch, components=components
    ):
        head = github.branch_commit(branch)
        if head is None:
            continue
        why = (
            f"release PR #{used[branch]} is open on it"
            if branch in used
            else _not_ours(history, head.parents, head.message, base_sha=decision.base_sha)
        )
        if why is not None:
            raise _blocked(branch, wanted, why)
        github.delete_branch(branch)
        log.warning(
            "deleted %s, a release branch left behind with no release PR: it kept %s from "
            "being created (a branch cannot also be a folder of branches)",
            branch,
            wanted,
        )
        deleted.append(branch)
    return tuple(deleted)


def _open_pull(decision: ReleaseDecision) -> int | None:
    """The number of the open release PR ``decision`` keeps on its branch, if any."""
    action = decision.release_pr_action
    if isinstance(action, UpdateReleasePr | KeepReleasePr | SkipReleasePr) and action.pull:
        return action.pull.number if action.pull.is_open else None
    return None


def _not_ours(
    history: HistoryReader, parents: tuple[str, ...], message: str, *, base_sha: str
) -> str | None:
    """Why a head commit is not a release commit Release Regent wrote (one parent on the base
    branch's history, a ``chore(release): <tag>`` subject), or None when it is one."""
    if not message.startswith(RELEASE_COMMIT_PREFIX):
        subject = printable_line(message.split("\n", 1)[0][:80])
        return f"its head commit is not a release commit ({subject!r})"
    try:
        on_base = len(parents) == 1 and history.is_ancestor(parents[0], base_sha)
    except RegentError:  # a parent the checkout does not hold
        on_base = False
    return None if on_base else "its head commit is not one commit on the base branch's history"


def _blocked(branch: str, wanted: str, why: str) -> ReleasePrError:
    return ReleasePrError(
        f"the branch {branch} keeps the release branch {wanted} from being created (git "
        f"cannot hold a branch and a folder of branches of one name), and it is not one "
        f"Release Regent left behind: {why}. Look at it, then delete it (`git push origin "
        f":{branch}`) or rename it, and run again"
    )
