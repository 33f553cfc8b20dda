"""Decide, from the gathered state, what a reconcile does: publish, open, update, leave, close."""

from __future__ import annotations

from dataclasses import replace

from regent.core.markdown import markdown_line, printable_line
from regent.core.model import PullRequest
from regent.core.policy import PublishPolicy, ReleasePrPolicy
from regent.core.release_pr.actions import (
    CloseReleasePr,
    KeepReleasePr,
    NothingToRelease,
    OpenReleasePr,
    PublishRelease,
    ReleaseDecision,
    ReleasePrAction,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.release_pr.body import release_body, release_pr_body
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.integrity import refuse_release
from regent.core.release_pr.labels import (
    closed_labels,
    pending_labels,
    released_labels,
    same_labels,
)
from regent.core.release_pr.marker import (
    ReleasePrMarker,
    VersionPin,
    content_digest,
    parse_marker,
)
from regent.core.release_pr.state import MergedRelease, NextRelease, ReconcileScope, ReleaseState
from regent.core.release_pr.title import release_pr_title
from regent.core.versioning.versions import Precedence, Version


def decide_release_actions(
    state: ReleaseState,
    *,
    release_pr: ReleasePrPolicy,
    publish: PublishPolicy,
    scope: ReconcileScope = ReconcileScope.ALL,
) -> ReleaseDecision:
    """Refusals and releases for merged pending PRs (lowest version first), then one release-PR
    action.

    A ``RELEASE_PR`` scope holds the releases back; a ``RELEASE`` scope leaves the release PR.
    """
    pr_action = release_pr_action(state, policy=release_pr)
    merged = sorted(state.merged, key=lambda item: Precedence(item.version))
    known = (*state.released_versions, *(item.version for item in merged))
    releases = tuple(
        publish_release(
            item,
            publish=publish,
            latest=is_highest(item.version, known),
            delete_branch=index == len(merged) - 1 and isinstance(pr_action, NothingToRelease),
        )
        for index, item in enumerate(merged)
    )
    return finish_decision(state, pr_action, releases, scope=scope)


def is_highest(version: Version, known: tuple[Version, ...]) -> bool:
    """Whether ``version`` is not below any stable version of ``known`` (its own among them)."""
    highest = max((Precedence(v) for v in known if not v.is_prerelease), default=None)
    return highest is not None and not (Precedence(version) < highest)


def finish_decision(
    state: ReleaseState,
    pr_action: ReleasePrAction,
    releases: tuple[PublishRelease, ...],
    *,
    scope: ReconcileScope,
) -> ReleaseDecision:
    """The decision of ``releases`` and ``pr_action``: refusals first, then within ``scope``."""
    if (releases or state.mismatched) and isinstance(pr_action, OpenReleasePr):
        pr_action = replace(pr_action, branch_exists=True)  # the merged PR's branch is kept
    refusals = tuple(
        refuse_release(item, base_branch=state.base_branch) for item in state.mismatched
    )
    held: tuple[PublishRelease, ...] = ()
    if scope is ReconcileScope.RELEASE_PR:
        held, releases = releases, ()
    elif scope is ReconcileScope.RELEASE:
        pr_action = SkipReleasePr(
            pull=state.open_pull,
            reason=f"this run only publishes releases; a full run would {pr_action.describe()}",
        )
    return ReleaseDecision(
        base_branch=state.base_branch,
        release_branch=release_branch_name(state.base_branch),
        base_sha=state.base_sha,
        actions=(*refusals, *releases, pr_action),
        commits=state.commits,
        held=held,
        plan_reason=state.next_release.reason if state.next_release else state.plan_reason,
    )


def release_pr_marker(next_release: NextRelease, *, base_sha: str) -> ReleasePrMarker:
    """The state marker of a release PR showing ``next_release`` on ``base_sha``."""
    return ReleasePrMarker(
        version=next_release.version,
        tag=next_release.tag,
        base_sha=base_sha,
        content=content_digest(next_release.files),
        date=next_release.date,
        pin=next_release.pin,
        components=next_release.components,
    )


def release_date(open_pull: PullRequest | None, *, base_sha: str, today: str) -> str:
    """The release date to show: kept from the open PR while the base has not moved."""
    marker = parse_marker(open_pull.body) if open_pull is not None else None
    return marker.date if marker is not None and marker.base_sha == base_sha else today


def publish_release(
    item: MergedRelease,
    *,
    publish: PublishPolicy,
    latest: bool,
    delete_branch: bool,
    finishes_pull: bool = True,
) -> PublishRelease:
    """The release of a merged pending PR (one of its components' with ``item.component``)."""
    pull = item.pull
    commit = pull.merge_commit_sha or ""
    prerelease = item.version.is_prerelease
    return PublishRelease(
        pull=pull,
        version=str(item.version),
        tag=item.tag,
        commit=commit,
        notes=release_body(item.notes),
        prerelease=prerelease,
        latest=latest and not prerelease,
        draft=publish.draft,
        tag_message=f"Release {item.tag}" if publish.annotated_tag else None,
        labels=released_labels(pull.labels),
        delete_branch=delete_branch,
        reason=(
            f"release PR #{pull.number} was merged as {commit[:12]} and is still labelled "
            f"pending; its version {item.version} comes from {item.source}"
        ),
        previous_version=item.previous_version,
        floors=item.floors,
        component=item.component,
        finishes_pull=finishes_pull,
        assets=publish.assets,
    )


def release_pr_action(state: ReleaseState, *, policy: ReleasePrPolicy) -> ReleasePrAction:
    """Open, update, keep or close the release PR so that it shows ``state.next_release``."""
    pull, wanted = state.open_pull, state.next_release
    if wanted is None:
        if pull is None:
            return NothingToRelease(reason=state.plan_reason)
        return _close(pull, base_branch=state.base_branch, reason=state.plan_reason)
    title = release_pr_title(policy.title, version=wanted.version, tag=wanted.tag)
    marker = release_pr_marker(wanted, base_sha=state.base_sha)
    body = release_pr_body(wanted.visible_body, marker, maintainer_notes=wanted.maintainer_notes)
    if pull is None:
        return OpenReleasePr(
            version=wanted.version,
            tag=wanted.tag,
            base_sha=state.base_sha,
            files=wanted.files,
            title=title,
            body=body,
            labels=pending_labels((), extra=policy.labels),
            draft=policy.draft,
            branch_exists=False,
            reason=f"no release PR is open; {wanted.reason}",
        )
    return _update_or_keep(
        pull,
        wanted,
        marker,
        title=title,
        body=body,
        policy=policy,
        untrusted=state.untrusted_marker,
    )


def _update_or_keep(
    pull: PullRequest,
    wanted: NextRelease,
    marker: ReleasePrMarker,
    *,
    title: str,
    body: str,
    policy: ReleasePrPolicy,
    untrusted: str | None,
) -> UpdateReleasePr | KeepReleasePr:
    shown = None if untrusted is not None else parse_marker(pull.body)
    rewrite = shown is None or (shown.base_sha, shown.content) != (marker.base_sha, marker.content)
    labels = pending_labels(pull.labels, extra=policy.labels)
    changes = _changes(
        pull, shown, marker, title=title, body=body, labels=labels, no_marker=untrusted
    )
    if not changes:
        return KeepReleasePr(
            pull=pull,
            version=wanted.version,
            reason=f"it already shows {wanted.tag} on {marker.base_sha[:12]}",
        )
    return UpdateReleasePr(
        pull=pull,
        version=wanted.version,
        tag=wanted.tag,
        base_sha=marker.base_sha,
        files=wanted.files if rewrite else None,
        title=title if pull.title != title else None,
        body=body if pull.body != body else None,
        labels=None if same_labels(pull.labels, labels) else labels,
        reason="; ".join(changes),
    )


def _changes(
    pull: PullRequest,
    shown: ReleasePrMarker | None,
    marker: ReleasePrMarker,
    *,
    title: str,
    body: str,
    labels: tuple[str, ...],
    no_marker: str | None,
) -> list[str]:
    """What differs between the open PR and the one wanted, in words (``no_marker``: why the
    marker is not believed)."""
    if shown is None:
        changes = [no_marker or "its body has no state marker (edited by hand?)"]
    else:
        changes = [
            text
            for text, differs in (
                (
                    f"version {printable_line(shown.version[:40])} -> {marker.version}",
                    shown.version != marker.version,
                ),
                (
                    f"the base moved from {printable_line(shown.base_sha[:12])} to "
                    f"{marker.base_sha[:12]}",
                    shown.base_sha != marker.base_sha,
                ),
                ("the release files changed", shown.content != marker.content),
                (_pin_change(marker.pin), shown.pin != marker.pin),
            )
            if differs
        ]
    if not changes:
        changes += ["the title differs"] if pull.title != title else []
        changes += ["the body differs"] if pull.body != body else []
    changes += [] if same_labels(pull.labels, labels) else ["labels are missing"]
    return changes


def _pin_change(pin: VersionPin | None) -> str:
    if pin is None:
        return "the pinned version was dropped"
    return f"{printable_line(pin.version[:40])} pinned by {printable_line(pin.source[:200])}"


def _close(pull: PullRequest, *, base_branch: str, reason: str) -> CloseReleasePr:
    labels = closed_labels(pull.labels)
    return CloseReleasePr(
        pull=pull,
        comment=(
            f"Release Regent closed this release pull request: nothing on "
            f"{markdown_line(base_branch)} "
            "asks for a release any more (for example, every change since the last release "
            "was reverted). A new release pull request opens when a releasable change lands."
        ),
        labels=None if same_labels(pull.labels, labels) else labels,
        reason=f"nothing to release any more: {reason}",
    )
