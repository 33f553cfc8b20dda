"""``regent plan`` for a monorepo: every component's next release from one ``git log
--name-only`` pass (docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from regent.core.analysis import analyse_commits
from regent.core.changelog import build_release_notes
from regent.core.changes import CommitChange
from regent.core.components.attribution import (
    attribute_changes,
    pull_owners,
    released_before,
    steered_merges,
)
from regent.core.components.model import Component, Monorepo
from regent.core.components.paths import PathIndex
from regent.core.components.planning import ComponentHistory, plan_components
from regent.core.components.ports import FileHistoryReader
from regent.core.errors import ConfigError, UsageError
from regent.core.history import RawCommit
from regent.core.model import ReleasePulls, instant
from regent.core.plan import ReleasePlan
from regent.core.plan_range import HistoryRange, RangeStart, SinceSetting
from regent.core.policy import BumpPolicy, ReleasePolicy
from regent.core.ports import MergedPullsReader, NotesRenderer
from regent.core.pull_steering import NO_STEERING, PULLS_NOT_READ, PullSteering, pull_steering
from regent.core.versioning.lines import ReleaseLineError, check_line
from regent.core.versioning.tags import ReleaseHistory, TagTemplate, find_releases, release_tags
from regent.services.component_dependents import release_dependents
from regent.services.gather import SINCE_FORMS, SINCE_SETTING
from regent.services.planning import PreparedRelease, plan_version_files
from regent.services.pull_listing import ListedPulls

ALL_TAGS = "*"


@dataclass(frozen=True, slots=True)
class PreparedComponent:
    """One component's prepared release (or its plan of nothing)."""

    component: Component
    prepared: PreparedRelease


@dataclass(frozen=True, slots=True)
class PreparedComponents:
    """Every component's prepared release, in configuration order, and the commits of the range
    that no component holds (listed, bumping nothing)."""

    components: tuple[PreparedComponent, ...]
    outside: tuple[CommitChange, ...]


@dataclass(frozen=True, slots=True)
class _Start:
    """Where one component's range starts: its releases, and the commit its range follows."""

    releases: ReleaseHistory
    commit: str | None
    range: HistoryRange


class ComponentPlanningService:
    """Works out the next release of every component of one checkout."""

    def __init__(
        self,
        *,
        history: FileHistoryReader,
        renderer: NotesRenderer,
        monorepo: Monorepo,
        since: SinceSetting | None = None,
        deepen: bool = True,
        pulls: MergedPullsReader | None = None,
        base_branch: str | None = None,
    ) -> None:
        """``since`` replaces each component's own; ``deepen`` False plans a shallow clone as
        it is. ``pulls`` reads ``base_branch``'s merged pull requests once per plan, for their
        ``BEGIN_COMMIT_OVERRIDE`` blocks and bump floor labels, each applied to the components
        its commits belong to; without it the plans say they did not read them."""
        self._history = history
        self._renderer = renderer
        self._monorepo = monorepo
        self._since = since
        self._deepen = deepen
        self._pulls = pulls
        self._base_branch = base_branch

    def reading(self, listing: ReleasePulls, *, base_branch: str) -> ComponentPlanningService:
        """This planner taking ``base_branch``'s merged pull requests from ``listing`` (a
        reconcile's one listing; a range it did not reach is read as before); itself when it
        reads no pull requests."""
        if self._pulls is None:
            return self
        return ComponentPlanningService(
            history=self._history,
            renderer=self._renderer,
            monorepo=self._monorepo,
            since=self._since,
            deepen=self._deepen,
            pulls=ListedPulls(listing, base_branch, more=self._pulls),
            base_branch=base_branch,
        )

    def prepare(
        self,
        *,
        today: str,
        requested: str | None = None,
        at: str | None = None,
        assumed: Mapping[str, str] | None = None,
    ) -> PreparedComponents:
        """Plan every component at HEAD (or commit ``at``, its files read there) and render its
        notes and version-file updates; ``requested`` is the ``--prerelease`` channel (``none``:
        stable) over each component's; ``assumed`` (tag -> commit, an ancestor of the head):
        tags counted as made (releases merged and not yet tagged)."""
        history = self._history
        head = at or history.head_sha()
        if self._deepen:
            history.ensure_full_history()
        shallow = frozenset() if self._deepen else history.shallow_commits()
        components = self._monorepo.components
        commits_of = dict(history.tag_commits(glob=ALL_TAGS)) if head else {}
        commits_of.update(assumed or {})
        starts = self._starts(head, commits_of, assumed=assumed or {})
        exclude = self._exclude(starts)
        steering = self._steering(exclude)
        read = self._read(head, exclude, steering or NO_STEERING)
        by_component, outside = self._attribute(read, starts)
        histories = []
        for component in components:
            start, changes = starts[component.name], by_component.get(component.name, ())
            shallow_at = tuple(c.sha for c in changes if c.sha in shallow)
            histories.append(
                ComponentHistory(
                    component,
                    start.releases,
                    changes,
                    self._prereleased(start),
                    replace(start.range, shallow_at=shallow_at),
                    _channel(component.policy, requested),
                )
            )
        plans = plan_components(
            histories,
            monorepo=self._monorepo,
            order=read.order(),
            steering=steering or NO_STEERING,
            skipped=PULLS_NOT_READ if steering is None else None,
        )
        read_file = self._history.read_file if at is None else partial(history.read_file_at, at)
        plans, dependents = release_dependents(
            plans, histories, monorepo=self._monorepo, read=read_file
        )
        for component in components:  # a dependent's patch release is checked too
            _check_line(component, plans[component.name], starts[component.name], commits_of)
        prepared = tuple(
            PreparedComponent(
                c,
                dependents.prepared(
                    c.name,
                    self._prepared(c, plans[c.name], today=today, read=read_file),
                    renderer=self._renderer,
                ),
            )
            for c in components
        )
        return PreparedComponents(prepared, outside)

    def _attribute(
        self, read: _Read, starts: Mapping[str, _Start]
    ) -> tuple[dict[str, tuple[CommitChange, ...]], tuple[CommitChange, ...]]:
        """Each component's changes (after its own release), and those of no component."""
        components = self._monorepo.components
        released_at = {
            commit: released_before(commit, read.parents)
            for commit in {start.commit for start in starts.values()}
        }
        released = {c.name: released_at[starts[c.name].commit] for c in components}
        by_component: dict[str, tuple[CommitChange, ...]] = {}
        outside: tuple[CommitChange, ...] = ()
        for reading, changes in read.changes.items():
            attributed = attribute_changes(
                changes,
                owners=read.owners,
                names=released.keys(),
                released=released,
                scope_as_component=self._monorepo.scope_as_component,
            )
            for c in components:
                if _reading(c.policy) == reading:
                    by_component[c.name] = attributed.by_component[c.name]
            outside = outside or attributed.outside
        return by_component, outside

    def _starts(
        self, head: str | None, commits_of: Mapping[str, str], *, assumed: Mapping[str, str]
    ) -> dict[str, _Start]:
        """Each component's releases among HEAD's ancestors and where its range starts
        (``commits_of``: every tag's commit, ``assumed`` ones too)."""
        merged = (
            set(self._history.tags_merged_into(head, glob=ALL_TAGS)) | set(assumed)
            if head and commits_of
            else set()
        )
        return {
            component.name: self._start(component.policy, merged, commits_of, head)
            for component in self._monorepo.components
        }

    def _start(
        self,
        policy: ReleasePolicy,
        merged: set[str],
        commits_of: Mapping[str, str],
        head: str | None,
    ) -> _Start:
        template = TagTemplate(policy.tag_template)
        names = [tag for tag in merged if template.version_text(tag) is not None]
        releases = find_releases(names, template=template, scheme=policy.version_scheme)
        since = self._since or (SinceSetting(policy.since, SINCE_SETTING) if policy.since else None)
        stable = releases.last_stable
        if stable is not None:
            commit = commits_of[stable.tag]
            return _Start(releases, commit, HistoryRange(RangeStart.TAG, commit, stable.tag, since))
        if since is None or head is None:
            return _Start(releases, None, HistoryRange())
        commit = self._since_commit(since, head)
        return _Start(releases, commit, HistoryRange(RangeStart.SINCE, commit, None, since))

    def _since_commit(self, since: SinceSetting, head: str) -> str:
        commit = self._history.resolve_commit(since.revision)
        if commit is not None and self._history.is_ancestor(commit, head):
            return commit
        message = f"{since.revision!r} names no commit of this branch; name one ({SINCE_FORMS})"
        if since.source == SINCE_SETTING:
            raise ConfigError(f"since: {message}", key="since")
        raise UsageError(f"--since: {message}")

    def _exclude(self, starts: Mapping[str, _Start]) -> tuple[str, ...]:
        """Where the walk of every component's range stops: the common ancestors of their
        start commits (none when a component's range is the whole history)."""
        commits = [start.commit for start in starts.values()]
        if not commits or any(commit is None for commit in commits):
            return ()
        return self._history.merge_bases([c for c in commits if c is not None])

    def _steering(self, exclude: Sequence[str]) -> PullSteering | None:
        """The merged pull requests of every component's range, from one listing of the base
        branch's since the walk's boundary (all of them when it has none); None: not read."""
        if self._pulls is None or self._base_branch is None:
            return None
        times = [t for commit in exclude if (t := self._history.commit_time(commit))]
        since = min(times, key=instant) if times and len(times) == len(exclude) else None
        return pull_steering(self._pulls.merged_pulls(base_branch=self._base_branch, since=since))

    def _read(self, head: str | None, exclude: Sequence[str], steering: PullSteering) -> _Read:
        """One walk of every component's range (from HEAD back to ``exclude``, where every
        range has started): the changes read under each component's parsing rules (with the
        merged pull requests' overrides), each commit's owners by its files (a steered merge
        commit's: those of its pull request's commits), and each commit's parents (to tell
        which a component already released).

        The commits stream through the analysis; only when components read commits under
        different rules (their own ``bump`` or ``commit_parsing``) are they kept to be read
        once per set of rules.
        """
        read = _Read()
        if head is None:
            return read
        index = PathIndex((c.name, c.path) for c in self._monorepo.components)
        walk = self._history.walk_files(until=head, exclude=exclude)

        def stream() -> Iterator[RawCommit]:
            for commit, files in walk:
                read.parents[commit.sha] = commit.parents
                read.owners[commit.sha] = index.owners_of(files)
                yield commit

        readings = list(dict.fromkeys(_reading(c.policy) for c in self._monorepo.components))
        commits_read: Iterable[RawCommit] = stream()
        if len(readings) > 1:
            commits_read = list(commits_read)
        for reading in readings:
            bump, lenient, squash_bodies = reading
            read.changes[reading] = analyse_commits(
                commits_read,
                bump_policy=bump,
                lenient=lenient,
                squash_bodies=squash_bodies,
                overrides=steering.overrides,
            )
        steered = steered_merges(steering, read.parents)
        if steered:
            first = next(iter(read.changes.values()))
            read.owners.update(pull_owners(first, owners=read.owners, steered=steered))
        return read

    def _prereleased(self, start: _Start) -> frozenset[str]:
        prerelease = start.releases.latest_prerelease
        if prerelease is None:
            return frozenset()
        tagged = self._history.resolve_commit(prerelease.tag)
        if tagged is None:
            return frozenset()
        return self._history.shas(until=tagged, since=start.commit)

    def _prepared(
        self,
        component: Component,
        plan: ReleasePlan,
        *,
        today: str,
        read: Callable[[str], str | None],
    ) -> PreparedRelease:
        """``plan`` with its notes rendered and the component's version files updated."""
        policy = component.policy
        notes = build_release_notes(
            plan,
            policy=policy.changelog,
            repository_url=self._history.repository_url(),
            date=today,
        )
        path = policy.changelog.path
        if notes is None:
            return PreparedRelease(plan, None, "", path, ())
        files = plan_version_files(
            read,
            policy=policy,
            new_version=notes.version,
            folder=component.path,
        )
        return PreparedRelease(plan, notes, self._renderer.release_notes(notes), path, files)


def _check_line(
    component: Component, plan: ReleasePlan, start: _Start, commits_of: Mapping[str, str]
) -> None:
    """Refuse a component's next version outside its branch's range or already tagged by its
    own tag template anywhere in the repository (``commits_of``: every tag's commit)."""
    policy = component.policy
    if plan.next_version is None:
        return
    last = start.releases.last_stable
    try:
        check_line(
            policy.version_scheme.parse(plan.next_version),
            branch=policy.branch,
            version_range=policy.version_range,
            current=last.version if last is not None else None,
            tagged=release_tags(
                commits_of, template=TagTemplate(policy.tag_template), scheme=policy.version_scheme
            ),
        )
    except ReleaseLineError as error:
        raise ReleaseLineError(f"component {component.name!r}: {error.message}") from None


def _channel(policy: ReleasePolicy, requested: str | None) -> str | None:
    """The channel a component releases on, checked against its version scheme."""
    channel = policy.channel(requested)
    return None if channel is None else policy.version_scheme.check_channel(channel)


_Reading = tuple[BumpPolicy, bool, bool]


def _reading(policy: ReleasePolicy) -> _Reading:
    """What the analysis of a commit depends on in ``policy``."""
    return policy.bump, policy.lenient_parsing, policy.squash_bodies


@dataclass(slots=True)
class _Read:
    """What one walk of the history found (filled as the walk streams)."""

    changes: dict[_Reading, tuple[CommitChange, ...]] = field(default_factory=dict)
    owners: dict[str, frozenset[str]] = field(default_factory=dict)
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def order(self) -> dict[str, int]:
        """Each commit's position, oldest first."""
        first = next(iter(self.changes.values()), ())
        return {change.sha: at for at, change in enumerate(first)}
