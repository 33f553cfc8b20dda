"""Gather what a reconcile decides on: the base head, the release PRs, the releases to make."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.github_port import FileChange, GitHubPort, PullRequest, RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader, ReleasePrRenderer
from regent.core.release_branch import release_branch_name
from regent.core.release_decision import MergedRelease, NextRelease, ReleaseState, release_date
from regent.core.release_labels import PENDING_LABEL
from regent.core.release_pr import MergedReleaseVersion, ReleasePrError, merged_release_version
from regent.core.tags import TagTemplate, release_tags
from regent.core.version import Version, VersionScheme
from regent.services.gather import TagView
from regent.services.planning import PlanningService, PreparedRelease


@dataclass(frozen=True, slots=True)
class Overrides:
    """What a person asked of this run: a forced version, or a prerelease channel."""

    release_as: str | None = None
    prerelease: str | None = None
    """A channel such as ``rc``; ``"none"`` releases a stable version even if one is configured."""
    source: str = "release_as input"


@dataclass(frozen=True, slots=True)
class _Pending:
    pull: PullRequest
    found: MergedReleaseVersion
    tag: str
    commit: str


@dataclass(frozen=True, slots=True)
class ReleaseGatherer:
    """Reads the state of one base branch from the checkout and GitHub."""

    github: GitHubPort
    history: HistoryReader
    renderer: ReleasePrRenderer
    policy: ReleasePolicy
    scheme: VersionScheme

    def gather(
        self, repo: RepoRef, base_branch: str, *, overrides: Overrides, today: str
    ) -> ReleaseState:
        """Fetch the base branch, find the release PRs, and plan at the base head."""
        base_sha = self.history.refresh(base_branch)
        branch = release_branch_name(base_branch)
        pulls = self.github.release_pulls(
            repo, head_branch=branch, base_branch=base_branch, label=PENDING_LABEL
        )
        open_pull = pulls.open
        found = tuple(self._pending(pull) for pull in pulls.pending)
        tags = TagView(assumed=tuple((item.tag, item.commit) for item in found))
        merged = tuple(self._merged(item, tags=tags, today=today) for item in found)
        prepared = self._planner().prepare(
            today=release_date(open_pull, base_sha=base_sha, today=today),
            channel=self.policy.channel(overrides.prerelease),
            release_as=overrides.release_as,
            release_as_source=overrides.source,
            at=base_sha,
            tags=tags,
        )
        return ReleaseState(
            base_branch=base_branch,
            base_sha=base_sha,
            open_pull=open_pull,
            merged=merged,
            next_release=self._next_release(prepared, base_branch=base_branch),
            plan_reason=prepared.plan.reason,
            released_versions=self._released_versions(),
            commits=prepared.plan.changes,
        )

    def _pending(self, pull: PullRequest) -> _Pending:
        """The version and tag of a merged pending PR, and the commit to tag."""
        template = TagTemplate(self.policy.tag_template)
        found = merged_release_version(
            pull,
            title_template=self.policy.release_pr.title,
            tag_template=template,
            scheme=self.scheme,
        )
        return _Pending(pull, found, template.format(found.version), _merge_commit(pull))

    def _merged(self, item: _Pending, *, tags: TagView, today: str) -> MergedRelease:
        """The release of a merged pending PR, its notes planned just before its merge commit.

        The other pending releases count as tagged; its own tag, if made already, does not.
        """
        pull = item.pull
        before = self.history.first_parent(item.commit)
        if before is None:
            raise ReleasePrError(
                f"the merge commit {item.commit} of release PR #{pull.number} is not in the "
                f"history fetched from {pull.base_branch}; was the branch rewritten?"
            )
        others = tuple((tag, commit) for tag, commit in tags.assumed if tag != item.tag)
        prepared = self._planner().prepare(
            today=today,
            channel=None,
            release_as=str(item.found.version),
            release_as_source=f"release PR #{pull.number}",
            at=before,
            tags=TagView(assumed=others, hidden=frozenset({item.tag})),
        )
        version, source = item.found.version, item.found.source
        previous = prepared.plan.current_version
        return MergedRelease(pull, version, item.tag, prepared.release_notes, source, previous)

    def _next_release(self, prepared: PreparedRelease, *, base_branch: str) -> NextRelease | None:
        notes = prepared.notes
        if notes is None:
            return None
        changelog = self._planner().changelog_text(prepared)
        files = [FileChange(update.path, update.new_text) for update in prepared.version_files]
        if changelog is not None:
            files.append(FileChange(prepared.changelog_path, changelog))
        visible = self.renderer.release_pr_body(
            notes, release_notes=prepared.release_notes, base_branch=base_branch
        )
        return NextRelease(
            version=notes.version,
            tag=notes.tag,
            files=tuple(files),
            visible_body=visible,
            date=notes.date,
            reason=prepared.plan.reason,
        )

    def _released_versions(self) -> tuple[Version, ...]:
        """The versions of every release tag in the checkout (tags were just fetched)."""
        template = TagTemplate(self.policy.tag_template)
        names = [name for name, _ in self.history.tag_commits(glob=template.glob)]
        return tuple(
            tagged.version for tagged in release_tags(names, template=template, scheme=self.scheme)
        )

    def _planner(self) -> PlanningService:
        return PlanningService(
            history=self.history, renderer=self.renderer, policy=self.policy, scheme=self.scheme
        )


def _merge_commit(pull: PullRequest) -> str:
    if pull.merge_commit_sha is None:
        raise ReleasePrError(
            f"release PR #{pull.number} is merged but GitHub gives no merge commit; run again"
        )
    return pull.merge_commit_sha
