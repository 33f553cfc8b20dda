"""Apply a reconcile's actions: check, then act; what already exists and matches is success.

Each step is safe to repeat, and the steps of an action are ordered so that a run that stops
after any of them leaves a state the next run finishes without duplicates: a release is
tagged, published, its assets attached (with ``draft_until_assets``: created a draft, the
assets attached, then published; its files are matched before the tag), its branch
deleted, the PR commented on (looked for first when a previous run may have commented),
the bump-floor labels it used taken off its pull requests, and only then labelled released,
the label being the "done" flag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from regent.core.assets import AssetMove
from regent.core.errors import GitHubPermissionError
from regent.core.model import PullRequest, Release
from regent.core.ports import GitHubPort, HistoryReader
from regent.core.release_pr.actions import (
    CloseReleasePr,
    KeepReleasePr,
    NothingToRelease,
    OpenReleasePr,
    PublishRelease,
    ReleaseDecision,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.release_pr.integrity import RefuseRelease
from regent.core.release_pr.labels import pending_labels, same_labels
from regent.core.release_pr.release_commit import release_commit_subject
from regent.services.release_assets import AssetPublisher, PreparedAssets

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    """A release this run published (or found published and finished): the action and its
    GitHub Release."""

    action: PublishRelease
    release: Release
    assets: tuple[AssetMove, ...] = ()
    """What was done with each asset file (``release.assets``; none without)."""

    @property
    def pull(self) -> PullRequest:
        return self.action.pull

    @property
    def tag(self) -> str:
        return self.action.tag

    @property
    def version(self) -> str:
        return self.action.version

    @property
    def component(self) -> str | None:
        """The monorepo component released (None for a single package)."""
        return self.action.component


def release_comment(tag: str, release: Release) -> str:
    """The comment on a released PR, linking its release."""
    return f"Released {tag}: {release.html_url}"


@dataclass(frozen=True, slots=True)
class ReleaseApplier:
    """Applies one decision's actions to one repository."""

    github: GitHubPort
    history: HistoryReader
    decision: ReleaseDecision
    assets: AssetPublisher | None = None
    """Attaches the checkout's built files (``release.assets``); None: a door without them."""

    def publish_releases(self) -> tuple[Published, ...]:
        """Release every merged release PR the decision found pending."""
        return tuple(self._publish(action) for action in self.decision.releases)

    def refuse_releases(self) -> tuple[RefuseRelease, ...]:
        """Tag nothing for each merged release PR whose files disagree with its version: comment
        on it (looked for first, so never twice), then drop its pending label."""
        for action in self.decision.refusals:
            log.warning("%s: %s", action.describe(), action.reason)
            self.github.comment(action.pull.number, action.comment, once=True)
            if action.labels is not None:
                self.github.set_labels(action.pull.number, action.labels)
        return self.decision.refusals

    def base_unmoved(self) -> bool:
        """Whether the base branch is still where the decision read it (before writing the PR).

        A run that decided before a newer merge must not put back an older release PR over a
        newer run's; one read narrows that window to the writes themselves. A release PR action
        that writes nothing needs no check.
        """
        if not self.writes_release_pr:
            return True
        head = self.github.branch_head(self.decision.base_branch)
        if head == self.decision.base_sha:
            return True
        log.info(
            "%s moved from %s to %s since this run read it; deciding again",
            self.decision.base_branch,
            self.decision.base_sha[:12],
            (head or "nothing")[:12],
        )
        return False

    @property
    def writes_release_pr(self) -> bool:
        """Whether the release PR action writes (open, update, close)."""
        action = self.decision.release_pr_action
        return not isinstance(action, KeepReleasePr | NothingToRelease | SkipReleasePr)

    def apply_release_pr(self) -> PullRequest | None:
        """Open, update, keep or close the release PR as decided."""
        action = self.decision.release_pr_action
        log.info("%s: %s", action.describe(), action.reason)
        if isinstance(action, OpenReleasePr):
            return self._open(action)
        if isinstance(action, UpdateReleasePr):
            return self._update(action)
        if isinstance(action, CloseReleasePr):
            return self._close(action)
        if isinstance(action, KeepReleasePr | SkipReleasePr):
            return action.pull
        return None

    def _publish(self, action: PublishRelease) -> Published:
        log.info("%s: %s", action.describe(), action.reason)
        github, number = self.github, action.pull.number
        prepared = self._assets_of(action)
        github.ensure_tag(tag=action.tag, sha=action.commit, message=action.tag_message)
        draft_first = prepared is not None and prepared.policy.draft_until_assets
        made = github.ensure_release(
            tag=action.tag,
            name=action.tag,
            body=action.notes,
            draft=action.draft or draft_first,
            prerelease=action.prerelease,
            latest=action.latest,
        )
        release = made.value
        moves: tuple[AssetMove, ...] = ()
        if prepared is not None and self.assets is not None:
            publish = draft_first and not action.draft
            attached = self.assets.attach(release, prepared, latest=action.latest, publish=publish)
            release, moves = attached.release, attached.moves
        if action.delete_branch:
            github.delete_branch(self.decision.release_branch)
        comment = release_comment(action.tag, release)
        github.comment(number, comment, once=not made.created)
        if not action.finishes_pull:
            return Published(action, release, moves)  # the pull's last component labels it
        for floor in action.floors:
            github.remove_label(floor.pr, floor.label)
        github.set_labels(number, action.labels)
        return Published(action, release, moves)

    def _assets_of(self, action: PublishRelease) -> PreparedAssets | None:
        """The files ``action``'s release carries, matched before it is tagged (None: none);
        a door without a checkout of built files says it attaches none."""
        if self.assets is None:
            if action.assets.wanted:
                log.warning(
                    "%s: release.assets are attached by the Action and regent run, which run "
                    "beside the built files; this door has none, so the release gets no assets",
                    action.tag,
                )
            return None
        return self.assets.prepare(action.assets)

    def _open(self, action: OpenReleasePr) -> PullRequest:
        self._write_branch(action, exists=action.branch_exists)
        try:
            opened = self.github.open_release_pull(
                head_branch=self.decision.release_branch,
                base_branch=self.decision.base_branch,
                title=action.title,
                body=action.body,
                draft=action.draft,
            )
        except GitHubPermissionError:
            if not action.branch_exists:
                self.github.delete_branch(self.decision.release_branch)
            raise
        pull = opened.value
        if not opened.created and (pull.title, pull.body) != (action.title, action.body):
            pull = self.github.update_release_pull(
                pull.number, title=action.title, body=action.body
            )
        labels = pending_labels(pull.labels, extra=action.labels)
        if not same_labels(pull.labels, labels):
            self.github.set_labels(pull.number, labels)
        return pull

    def _update(self, action: UpdateReleasePr) -> PullRequest:
        pull = action.pull
        if action.files is not None:
            self._write_branch(action, exists=True)
        if action.title is not None or action.body is not None:
            pull = self.github.update_release_pull(
                pull.number, title=action.title, body=action.body
            )
        if action.labels is not None:
            self.github.set_labels(pull.number, action.labels)
        return pull

    def _close(self, action: CloseReleasePr) -> PullRequest:
        number = action.pull.number
        self.github.comment(number, action.comment, once=True)
        if action.labels is not None:
            self.github.set_labels(number, action.labels)
        self.github.delete_branch(self.decision.release_branch)
        return self.github.close_release_pull(number)

    def _write_branch(self, action: OpenReleasePr | UpdateReleasePr, *, exists: bool) -> None:
        files = action.files or ()
        modes = self.history.file_modes_at(action.base_sha, [change.path for change in files])
        files = tuple(replace(change, mode=modes.get(change.path, change.mode)) for change in files)
        self.github.write_release_branch(
            branch=self.decision.release_branch,
            base_sha=action.base_sha,
            base_tree=self.history.tree_of(action.base_sha),
            files=files,
            message=release_commit_subject(action.tag),
            branch_exists=exists,
        )
