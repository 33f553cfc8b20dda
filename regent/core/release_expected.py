"""Whether a run was meant to publish a release (the Action's ``fail-on-no-release``).

A run is meant to release when it exists to publish (``command: release``), or when its event
is the merge of a release PR: a ``pull_request`` (or ``pull_request_target``) merged from a
``release-regent/`` branch of the repository, or a ``push`` whose head commit is such a merge
(GitHub's merge subject naming a release branch, the release PR's title as a squash writes it,
or the release commit itself, ``chore(release): <tag>``, as a rebase keeps it). Nothing else
is: a ``workflow_dispatch`` (with ``release-as`` or not) and a ``schedule`` bring the release
PR up to date, a push of other commits updates it, and a dry run writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from regent.core.errors import RegentError
from regent.core.message_shapes import strip_squash_suffix
from regent.core.release_pr.branch import RELEASE_BRANCH_PREFIX
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.release_commit import is_release_commit_subject
from regent.core.release_pr.state import ReconcileScope
from regent.core.release_pr.title import title_pattern
from regent.core.routing.routes import Reconcile

PULL_EVENTS = ("pull_request", "pull_request_target")
_MERGE_OF_RELEASE_BRANCH = re.compile(
    r"Merge pull request #[0-9]+ from \S+?/" + re.escape(RELEASE_BRANCH_PREFIX) + r"\S+"
)


class NoReleaseError(RegentError):
    """A run meant to release published nothing (``fail-on-no-release: true``)."""


def release_expected(
    routed: Reconcile, *, event_name: str, payload: Mapping[str, Any], title_template: str
) -> str | None:
    """Why ``routed`` should publish a release, or None when it need not (see the module)."""
    if routed.dry_run:
        return None
    if routed.scope is ReconcileScope.RELEASE:
        return "the command input is release"
    if event_name in PULL_EVENTS:
        return _merged_release_pull(payload, repository=routed.repo.full_name)
    if event_name == "push":
        return _pushed_release_merge(payload, title_template=title_template)
    return None


def no_release_message(expected: str, *, base_branch: str, reason: str) -> str:
    """The job's error when a run meant to release published nothing."""
    return (
        f"fail-on-no-release: this run was meant to release ({expected}), but it published "
        f"no release: no merged release PR into {base_branch} is labelled {PENDING_LABEL!r} "
        f"(one released before is labelled released; a refused one says why on the PR). "
        f"The plan: {reason or 'nothing to release'}"
    )


def _merged_release_pull(payload: Mapping[str, Any], *, repository: str) -> str | None:
    pull = _object(payload, "pull_request")
    head = _object(pull, "head")
    branch = head.get("ref")
    same_repository = _object(head, "repo").get("full_name") == repository
    if pull.get("merged") is not True or not isinstance(branch, str) or not same_repository:
        return None
    if not branch.startswith(RELEASE_BRANCH_PREFIX):
        return None
    return f"release PR #{pull.get('number')} from {branch} was merged"


def _pushed_release_merge(payload: Mapping[str, Any], *, title_template: str) -> str | None:
    message = _object(payload, "head_commit").get("message")
    if not isinstance(message, str):
        return None
    subject = message.split("\n", 1)[0].strip()
    merged = (
        _MERGE_OF_RELEASE_BRANCH.fullmatch(subject)
        or title_pattern(title_template).fullmatch(strip_squash_suffix(subject))
        or is_release_commit_subject(subject)
    )
    return f"the pushed commit {subject!r} merges a release PR" if merged else None


def _object(payload: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = payload.get(key)
    return value if isinstance(value, Mapping) else {}
