"""Gather what a monorepo's reconcile decides on: the base head, its release PRs (one for all
components, or one per component with ``separate_pull_requests``; the other mode's to close),
and every component each merged one releases (docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from regent.core.components.model import Monorepo
from regent.core.components.ports import FileHistoryReader
from regent.core.errors import UsageError
from regent.core.model import PullRequest, ReleasePulls, instant
from regent.core.notes.policy import GeneratedNotes
from regent.core.policy import ReleasePolicy
from regent.core.ports import GitHubPort, MergedPullsReader, ReleasePrRenderer
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.components import (
    merged_components,
    parse_versions,
    section_notes,
)
from regent.core.release_pr.decision import release_date
from regent.core.release_pr.integrity import MismatchedRelease
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.maintainer_notes import read_maintainer_notes
from regent.core.release_pr.marker import VersionPin
from regent.core.release_pr.separate import release_branches
from regent.core.release_pr.state import MergedRelease, ReleaseState
from regent.core.versioning.tags import TagTemplate
from regent.core.versioning.versions import Version
from regent.services.component_credits import ComponentCredits
from regent.services.component_floors import with_used_floors
from regent.services.component_pins import held_pins, pinned_now
from regent.services.component_planning import (
    ALL_TAGS,
    ComponentPlanningService,
    PreparedComponent,
)
from regent.services.component_release_pr import next_component_release
from regent.services.planning import PlanningService
from regent.services.pull_listing import listing_since
from regent.services.release_branch_check import untrusted_marker
from regent.services.release_gather import merge_commit, released_versions
from regent.services.release_steering import Overrides

RELEASE_AS_NOT_BUILT = (
    "release_as names one version; with components it is not built yet (each component's "
    "version comes from its own commits; leave release_as empty)"
)
NOT_IN_USE = "the configuration does not release from this branch any more"


@dataclass(frozen=True, slots=True)
class BranchState:
    """The gathered state of one release branch; ``closing`` (a branch of the other mode, not in
    use any more) is the comment its open release PR is closed with."""

    branch: str
    state: ReleaseState
    closing: str | None = None


@dataclass(frozen=True, slots=True)
class ComponentState:
    """A monorepo's gathered release branches (those of the other mode first), and each
    component's released versions (for ``latest``)."""

    branches: tuple[BranchState, ...]
    released: Mapping[str, tuple[Version, ...]]


@dataclass(frozen=True, slots=True)
class ComponentReleaseGatherer:
    """Reads the state of one base branch of a monorepo from the checkout and GitHub."""

    github: GitHubPort
    history: FileHistoryReader
    renderer: ReleasePrRenderer
    policy: ReleasePolicy
    monorepo: Monorepo
    pulls: MergedPullsReader | None = None
    """Given, each plan applies the merged pull requests' floors and override blocks to the
    components their commits belong to, from the run's one listing."""

    def gather(self, base_branch: str, *, overrides: Overrides, today: str) -> ComponentState:
        """Fetch the base branch, list its pull requests once (the release PRs of both modes),
        read the merged release PRs still pending (each component checked against the files at
        its merge commit) and plan every component at the base head (on
        ``overrides.prerelease``, else each one's channel), counting those releases as tagged.
        ``release_as`` names one version: refused."""
        if overrides.release_as is not None:
            raise UsageError(RELEASE_AS_NOT_BUILT)
        history = self.history
        base_sha = history.refresh(base_branch)
        listed = tuple(history.tag_commits(glob=ALL_TAGS))
        branch = release_branch_name(base_branch)
        pulls = self.github.release_pulls(
            head_branch=branch,
            base_branch=base_branch,
            label=PENDING_LABEL,
            since=self._listing_since(base_sha, listed),
        )
        tagged = dict(listed)
        merged: list[MergedRelease] = []
        mismatched: list[MismatchedRelease] = []
        waiting = (*pulls.pending, *(pull for pull in pulls.nested if pull.merged))
        for pull in sorted(waiting, key=lambda pull: pull.number):  # oldest first
            releases, problem = self._pending(pull, tagged=tagged)
            if problem is None:
                merged += releases
            else:
                first = releases[0]
                mismatched.append(
                    MismatchedRelease(pull, first.version, first.tag, first.source, problem)
                )
        assumed = {item.tag: merge_commit(item.pull) for item in merged}
        shown = pulls.open if not self.monorepo.separate_pull_requests else None
        shown = shown or next((pull for pull in pulls.nested if pull.is_open), None)
        planner = ComponentPlanningService(
            history=history,
            renderer=self.renderer,
            monorepo=self.policy.on_branch(base_branch).monorepo or self.monorepo,
            pulls=self.pulls,
            base_branch=base_branch,
            credits=ComponentCredits(history, self.github, commit_time=history.commit_time),
        ).reading(pulls, base_branch=base_branch)
        pins, fresh = pinned_now(
            held_pins(pulls, separate=self.monorepo.separate_pull_requests),
            overrides,
            monorepo=self.monorepo,
        )
        planned = planner.prepare(
            today=release_date(shown, base_sha=base_sha, today=today),
            requested=overrides.prerelease,
            at=base_sha,
            assumed=assumed,
            pins=pins,
            fresh=fresh,
        )
        pending = (f for item in planned.components for f in item.prepared.plan.floors)
        merged = list(with_used_floors(merged, planner=planner, history=history, pending=pending))
        found = _Found(pulls, tuple(merged), tuple(mismatched), base_branch, base_sha, planned.pins)
        return ComponentState(
            self._branches(planned.components, found),
            {c.name: released_versions(listed, c.policy) for c in self.monorepo.components},
        )

    def _branches(
        self, planned: tuple[PreparedComponent, ...], found: _Found
    ) -> tuple[BranchState, ...]:
        """The release branches of this mode with what each should show, after those of the
        other mode that hold a release PR (each with nothing to show, its open one closed)."""
        by_name = {item.component.name: item for item in planned}
        branches = release_branches(
            found.base_branch,
            components=tuple(by_name),
            separate=self.monorepo.separate_pull_requests,
            found=(pull.head_branch for pull in found.pulls.nested),
        )
        states = (
            self._branch(
                item.branch,
                tuple(by_name[name] for name in item.components),
                found,
                closing=item.closing,
            )
            for item in branches
        )
        return tuple(item for item in states if item.closing is None or _holds_any(item.state))

    def _branch(
        self,
        head: str,
        planned: tuple[PreparedComponent, ...],
        found: _Found,
        *,
        closing: str | None,
    ) -> BranchState:
        """One release branch's state: its open release PR, its merged pending ones, and the
        release of ``planned`` it should show."""
        open_pull = found.open_on(head)
        notes = read_maintainer_notes(open_pull.body) if open_pull is not None else ""
        next_release = next_component_release(
            planned,
            history=self.history,
            renderer=self.renderer,
            maintainer_notes=notes,
            at=found.base_sha,
            pins=found.pins,
        )
        reasons = [f"{item.component.name}: {item.prepared.plan.reason}" for item in planned]
        state = ReleaseState(
            base_branch=found.base_branch,
            base_sha=found.base_sha,
            open_pull=open_pull,
            merged=tuple(item for item in found.merged if item.pull.head_branch == head),
            next_release=next_release,
            plan_reason="; ".join(reasons) or NOT_IN_USE,
            mismatched=tuple(item for item in found.mismatched if item.pull.head_branch == head),
            untrusted_marker=untrusted_marker(
                self.history, open_pull, next_release, base_sha=found.base_sha, branch=head
            ),
        )
        return BranchState(head, state, closing)

    def _listing_since(self, head: str, listed: tuple[tuple[str, str], ...]) -> str | None:
        """The earliest of the components' listing starts (None: one has no stable release);
        compared as instants, each commit time carrying its committer's offset."""
        starts = [
            listing_since(self.history, component.policy, head=head, listed=listed)
            for component in self.monorepo.components
        ]
        known = [start for start in starts if start is not None]
        return min(known, key=instant) if len(known) == len(starts) and known else None

    def _pending(
        self, pull: PullRequest, *, tagged: Mapping[str, str]
    ) -> tuple[tuple[MergedRelease, ...], str | None]:
        """Every component a merged pending PR releases, and what in its merge commit's files
        disagrees with their versions (None: nothing; a component already tagged there is
        finished, not re-checked)."""
        policies = {c.name: c.policy for c in self.monorepo.components}
        listed, source = merged_components(
            pull,
            title_template=self.policy.release_pr.title,
            tags={name: TagTemplate(policy.tag_template) for name, policy in policies.items()},
        )
        versions = parse_versions(
            listed,
            schemes={name: policy.version_scheme for name, policy in policies.items()},
            pull=pull.number,
        )
        commit = merge_commit(pull)
        problems = []
        for item, _ in versions:
            component = next(c for c in self.monorepo.components if c.name == item.name)
            if tagged.get(item.tag) == commit:
                continue
            planner = PlanningService(
                history=self.history, renderer=self.renderer, policy=component.policy
            )
            problem = planner.files_problem_at(commit, version=item.version, folder=component.path)
            problems += [f"{item.name}: {problem}"] if problem is not None else []
        releases = tuple(
            MergedRelease(
                pull,
                version,
                item.tag,
                section_notes(pull.body, item.name)
                or _notes_not_found(item.tag, policies[item.name].changelog.path),
                source,
                item.previous,
                component=item.name,
            )
            for item, version in versions
        )
        if problems:
            return releases, "; ".join(problems)
        return tuple(self._generated(release, commit, policies) for release in releases), None

    def _generated(
        self, release: MergedRelease, commit: str, policies: Mapping[str, ReleasePolicy]
    ) -> MergedRelease:
        """``release`` with GitHub's generated notes of its tag since its component's previous
        tag appended (``notes.github_generated: append``): one request each."""
        policy = policies[release.component or ""]
        if policy.notes.github_generated is not GeneratedNotes.APPEND:
            return release
        previous = release.previous_version
        text = self.github.generated_notes(
            tag=release.tag,
            target=commit,
            previous_tag=None
            if previous is None
            else TagTemplate(policy.tag_template).format(previous),
        ).strip()
        if not text:
            return release
        return replace(release, notes=f"{release.notes.rstrip()}\n\n{text}\n")


@dataclass(frozen=True, slots=True)
class _Found:
    """What one listing and the merged release PRs of a base branch hold."""

    pulls: ReleasePulls
    merged: tuple[MergedRelease, ...]
    mismatched: tuple[MismatchedRelease, ...]
    base_branch: str
    base_sha: str
    pins: Mapping[str, VersionPin]
    """The pins the components' plans kept (``!set-version``), written back in the markers."""

    def open_on(self, head: str) -> PullRequest | None:
        """The open release PR from ``head``."""
        if head == release_branch_name(self.base_branch):
            return self.pulls.open
        return next((p for p in self.pulls.nested if p.is_open and p.head_branch == head), None)


def _holds_any(state: ReleaseState) -> bool:
    """Whether a release branch of the other mode has a release PR to close or publish."""
    return state.open_pull is not None or bool(state.merged or state.mismatched)


def _notes_not_found(tag: str, changelog: str) -> str:
    """A release's notes when its section is not in the merged body (cut at GitHub's limit, or
    edited away): where they are."""
    return (
        f"Release {tag}. Its notes were not in the release pull request's body (cut at "
        f"GitHub's size limit, or edited away); {changelog} in the tagged commit holds them.\n"
    )
