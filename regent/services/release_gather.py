"""Gather what a reconcile decides on: the base head, the release PRs, the releases to make."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from regent.core.model import PullRequest
from regent.core.notes.policy import GeneratedNotes
from regent.core.policy import ReleasePolicy
from regent.core.ports import GitHubPort, HistoryReader, ReleasePrRenderer
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.decision import release_date
from regent.core.release_pr.floors import used_floors
from regent.core.release_pr.integrity import MismatchedRelease
from regent.core.release_pr.maintainer_notes import read_maintainer_notes
from regent.core.release_pr.marker import VersionPin
from regent.core.release_pr.state import MergedRelease, NextRelease, ReleaseState
from regent.core.release_pr.title import (
    MergedReleaseVersion,
    ReleasePrError,
    merged_release_version,
)
from regent.core.versioning.lines import ReleaseLineError
from regent.core.versioning.tags import TagTemplate, release_tags
from regent.core.versioning.versions import Version
from regent.services.gather import TagView
from regent.services.planning import PlanningService, PreparedRelease
from regent.services.pull_listing import release_listing
from regent.services.release_branch_check import untrusted_marker
from regent.services.release_notes_extras import with_generated_notes
from regent.services.release_steering import Overrides, kept_pin, prepare_pinned, with_preface

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Pending:
    pull: PullRequest
    found: MergedReleaseVersion
    tag: str
    commit: str
    before: str
    """The merge commit's first parent: the base just before the release PR landed."""
    problem: str | None
    """What in the merge commit's files disagrees with the version, if anything."""


@dataclass(frozen=True, slots=True)
class ReleaseGatherer:
    """Reads the state of one base branch from the checkout and GitHub."""

    github: GitHubPort
    history: HistoryReader
    renderer: ReleasePrRenderer
    policy: ReleasePolicy
    planner: PlanningService
    """The one planner, also ``regent plan``'s, over the same history, renderer and policy."""

    def gather(self, base_branch: str, *, overrides: Overrides, today: str) -> ReleaseState:
        """Fetch the base branch, list its pull requests once (the release PRs, and the merged
        ones every plan of the run reads), and plan at the base head."""
        base_sha = self.history.refresh(base_branch)
        branch = release_branch_name(base_branch)
        listed = tuple(self.history.tag_commits(glob=TagTemplate(self.policy.tag_template).glob))
        pulls = release_listing(
            self.github,
            self.history,
            self.policy,
            base_branch=base_branch,
            head=base_sha,
            listed=listed,
        )
        planner = self.planner.reading(pulls, base_branch=base_branch)
        open_pull = pulls.open
        pending = tuple(self._pending(pull, tagged=dict(listed)) for pull in pulls.pending)
        found = tuple(item for item in pending if item.problem is None)
        tags = TagView(listed, assumed=tuple((item.tag, item.commit) for item in found))
        merged = tuple(
            self._merged(item, tags=tags, today=today, planner=planner) for item in found
        )
        mismatched = tuple(_mismatched(item) for item in pending if item.problem is not None)
        try:
            prepared, pin = prepare_pinned(
                planner,
                overrides,
                kept_pin(overrides, open_pull),
                channel=self.policy.on_branch(base_branch).channel(overrides.prerelease),
                today=release_date(open_pull, base_sha=base_sha, today=today),
                at=base_sha,
                tags=tags,
                base_branch=base_branch,
            )
        except ReleaseLineError as error:
            if not merged or open_pull is not None:
                raise
            log.warning("%s; the merged release PR is published first", error.message)
            return ReleaseState(
                base_branch,
                base_sha,
                None,
                merged,
                None,
                error.message,
                released_versions=released_versions(listed, self.policy),
                mismatched=mismatched,
            )
        notes = read_maintainer_notes(open_pull.body) if open_pull is not None else ""
        next_release = self._next_release(
            with_preface(prepared, notes, renderer=self.renderer),
            base_branch=base_branch,
            maintainer_notes=notes,
            pin=pin,
        )
        return ReleaseState(
            base_branch=base_branch,
            base_sha=base_sha,
            open_pull=open_pull,
            merged=merged,
            next_release=next_release,
            plan_reason=prepared.plan.reason,
            released_versions=released_versions(listed, self.policy),
            commits=prepared.plan.changes,
            mismatched=mismatched,
            untrusted_marker=untrusted_marker(
                self.history, open_pull, next_release, base_sha=base_sha, branch=branch
            ),
        )

    def _pending(self, pull: PullRequest, *, tagged: Mapping[str, str]) -> _Pending:
        """The version and tag of a merged pending PR, the commit to tag, and whether the files
        there carry that version (read from the checkout: no API call).

        Its tag already on the merge commit (``tagged``: tag -> commit) means a run checked and
        tagged it, or a maintainer chose to ship it: the release is finished, not re-checked.
        """
        template = TagTemplate(self.policy.tag_template)
        found = merged_release_version(
            pull,
            title_template=self.policy.release_pr.title,
            tag_template=template,
            scheme=self.policy.version_scheme,
        )
        commit = merge_commit(pull)
        before = self.history.first_parent(commit)
        if before is None:
            raise ReleasePrError(
                f"the merge commit {commit} of release PR #{pull.number} is not in the "
                f"history fetched from {pull.base_branch}; was the branch rewritten?"
            )
        tag = template.format(found.version)
        problem = (
            None
            if tagged.get(tag) == commit
            else self.planner.files_problem_at(commit, version=str(found.version))
        )
        return _Pending(pull, found, tag, commit, before, problem)

    def _merged(
        self, item: _Pending, *, tags: TagView, today: str, planner: PlanningService
    ) -> MergedRelease:
        """The release of a merged pending PR, its notes planned just before its merge commit.

        The other pending releases count as tagged; its own tag, if made already, does not.
        """
        pull = item.pull
        others = tuple((tag, commit) for tag, commit in tags.assumed if tag != item.tag)
        prepared = planner.prepare(
            today=today,
            channel=None,
            release_as=str(item.found.version),
            release_as_source=f"release PR #{pull.number}",
            at=item.before,
            base_branch=pull.base_branch,
            tags=TagView(tags.listed, assumed=others, hidden=frozenset({item.tag})),
        )
        prepared = with_preface(prepared, read_maintainer_notes(pull.body), renderer=self.renderer)
        appends = self.policy.notes.github_generated is GeneratedNotes.APPEND
        if appends and prepared.notes is not None:
            text = self.github.generated_notes(
                tag=item.tag, target=item.commit, previous_tag=prepared.plan.previous_tag
            )
            notes, rendered = with_generated_notes(prepared.notes, text, renderer=self.renderer)
            prepared = replace(prepared, notes=notes, release_notes=rendered)
        version, source = item.found.version, item.found.source
        plan = prepared.plan
        return MergedRelease(
            pull,
            version,
            item.tag,
            prepared.release_notes,
            source,
            plan.current_version,
            used_floors(plan.floors),
        )

    def _next_release(
        self,
        prepared: PreparedRelease,
        *,
        base_branch: str,
        maintainer_notes: str,
        pin: VersionPin | None,
    ) -> NextRelease | None:
        notes = prepared.notes
        if notes is None:
            return None
        visible = self.renderer.release_pr_body(
            notes, release_notes=prepared.release_notes, base_branch=base_branch
        )
        return NextRelease(
            version=notes.version,
            tag=notes.tag,
            files=self.planner.release_files(prepared),
            visible_body=visible,
            date=notes.date,
            reason=prepared.plan.reason,
            maintainer_notes=maintainer_notes,
            pin=pin,
        )


def _mismatched(item: _Pending) -> MismatchedRelease:
    assert item.problem is not None
    found = item.found
    return MismatchedRelease(item.pull, found.version, item.tag, found.source, item.problem)


def released_versions(
    listed: Iterable[tuple[str, str]], policy: ReleasePolicy
) -> tuple[Version, ...]:
    """The versions of the release tags among ``listed`` (each tag's name and commit), by
    ``policy``'s tag template and version scheme, highest first."""
    template = TagTemplate(policy.tag_template)
    names = [name for name, _ in listed]
    return tuple(
        tagged.version
        for tagged in release_tags(names, template=template, scheme=policy.version_scheme)
    )


def merge_commit(pull: PullRequest) -> str:
    """The merge commit of a merged release PR (ReleasePrError when GitHub gives none)."""
    if pull.merge_commit_sha is None:
        raise ReleasePrError(
            f"release PR #{pull.number} is merged but GitHub gives no merge commit; run again"
        )
    return pull.merge_commit_sha
