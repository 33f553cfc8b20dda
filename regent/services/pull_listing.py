"""A reconcile reads a base branch's pull requests once: how far back, and the merged ones of that
listing served to its plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from regent.core.model import PullRequest, ReleasePulls, instant
from regent.core.policy import ReleasePolicy
from regent.core.ports import GitHubPort, HistoryReader, MergedPullsReader
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.versioning.tags import TagTemplate, release_tags


def listing_since(
    history: HistoryReader,
    policy: ReleasePolicy,
    *,
    head: str | None,
    listed: Sequence[tuple[str, str]] | None = None,
) -> str | None:
    """The committer time of the last stable release's tag commit among ``head``'s ancestors
    (``listed``: each release tag's name and commit, when already read), read from git: the
    start of the range planned at ``head``. Every release PR still pending was merged after it,
    and so was every pull request of the ranges a reconcile plans (a prerelease tag after it
    ends no range). None when there is no stable release tag (or no ``head``): the listing then
    reads to the end."""
    template = TagTemplate(policy.tag_template)
    if head is None:
        return None
    commits = dict(history.tag_commits(glob=template.glob) if listed is None else listed)
    stable = [
        tagged.tag
        for tagged in release_tags(commits, template=template, scheme=policy.version_scheme)
        if not tagged.version.is_prerelease
    ]
    if not stable:
        return None
    start: str | None = commits[stable[0]]
    if not history.is_ancestor(commits[stable[0]], head):
        merged = set(history.tags_merged_into(head, glob=template.glob))
        start = next((commits[tag] for tag in stable if tag in merged), None)
    return history.commit_time(start) if start is not None else None


def release_listing(
    github: GitHubPort,
    history: HistoryReader,
    policy: ReleasePolicy,
    *,
    base_branch: str,
    head: str | None,
    listed: Sequence[tuple[str, str]],
) -> ReleasePulls:
    """The one listing of ``base_branch``'s pull requests (its release PRs, and the merged ones
    its plans read), back to ``listing_since`` at ``head``; ``listed``: the release tags as
    already read."""
    return github.release_pulls(
        head_branch=release_branch_name(base_branch),
        base_branch=base_branch,
        label=PENDING_LABEL,
        since=listing_since(history, policy, head=head, listed=listed),
    )


@dataclass(frozen=True, slots=True)
class ListedPulls:
    """The merged pull requests one listing of ``base_branch`` read (``ReleasePulls``), as the
    planner asks for them; a range starting before the listing reached, or another branch, is
    read from ``more`` (a release PR pending since before the last tag was made, say)."""

    listing: ReleasePulls
    base_branch: str
    more: MergedPullsReader

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        """Every merged pull request listed, when the listing reached back to ``since`` (more
        than the range holds does no harm: a plan matches them to its commits by merge
        commit)."""
        if base_branch == self.base_branch and self._reaches(since):
            return self.listing.merged
        return self.more.merged_pulls(base_branch=base_branch, since=since)

    def _reaches(self, since: str | None) -> bool:
        read = self.listing.since
        return read is None or (since is not None and instant(since) >= instant(read))
