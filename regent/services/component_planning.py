"""``regent plan`` for a monorepo: every component's next release from one ``git log
--name-only`` pass (docs/monorepo.md). Where ranges start: ``component_starts``; the walk and
attribution: ``component_reading``; workspace dependents: ``component_dependents``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from regent.core.changes import CommitChange
from regent.core.components.model import Component, Monorepo
from regent.core.components.notes import explained_notes
from regent.core.components.planning import ComponentHistory, plan_components, stale_pins
from regent.core.components.ports import FileHistoryReader
from regent.core.errors import InvalidVersionError
from regent.core.model import ReleasePulls, instant
from regent.core.notes.contributors import Credits
from regent.core.plan import ReleasePlan, VersionOverride
from regent.core.plan_overrides import OverrideKind
from regent.core.plan_range import SinceSetting
from regent.core.policy import ReleasePolicy
from regent.core.ports import MergedPullsReader, NotesRenderer
from regent.core.pull_steering import (
    NO_STEERING,
    PULLS_NOT_READ,
    BumpFloor,
    PullSteering,
    floors_in,
    pull_steering,
)
from regent.core.release_pr.marker import VersionPin
from regent.services.changelog_preview import changelog_preview
from regent.services.component_credits import ComponentCredits, authors_of, finished
from regent.services.component_dependents import release_dependents
from regent.services.component_reading import HistoryRead, attribute, read_history
from regent.services.component_starts import (
    ALL_TAGS,
    RangeOpening,
    ancestor_tags,
    check_component_line,
    prereleased,
    range_openings,
    walk_boundary,
)
from regent.services.planning import PreparedRelease, prepared_release
from regent.services.pull_listing import ListedPulls

__all__ = ["ALL_TAGS", "ComponentPlanningService", "PreparedComponent", "PreparedComponents"]

log = logging.getLogger(__name__)


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
    pins: Mapping[str, VersionPin] = field(default_factory=dict)
    """The pins (``!set-version``) the plans kept, by component."""


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
        credits: ComponentCredits | None = None,
    ) -> None:
        """``since`` replaces each component's own; ``deepen`` False plans a shallow clone as
        it is. ``pulls`` reads ``base_branch``'s merged pull requests once per plan, for their
        ``BEGIN_COMMIT_OVERRIDE`` blocks and bump floor labels, each applied to the components
        its commits belong to (and their titles, for ``notes.entry_text: pr_title``); without it
        the plans say they did not read them. ``credits`` reads who made each component's
        release (``notes.contributors``); None credits nobody."""
        self._history = history
        self._renderer = renderer
        self._monorepo = monorepo
        self._since = since
        self._deepen = deepen
        self._pulls = pulls
        self._base_branch = base_branch
        self._credits = credits
        self._titles: dict[int, str] = {}
        """The title of each merged pull request read, by number."""

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
            credits=self._credits,
        )

    def prepare(
        self,
        *,
        today: str,
        requested: str | None = None,
        at: str | None = None,
        assumed: Mapping[str, str] | None = None,
        pins: Mapping[str, VersionPin] | None = None,
        fresh: Collection[str] = (),
    ) -> PreparedComponents:
        """Plan every component at HEAD (or commit ``at``, its files read there) and render its
        notes and version-file updates; ``requested`` is the ``--prerelease`` channel (``none``:
        stable) over each component's; ``assumed`` (tag -> commit, an ancestor of the head):
        tags counted as made (releases merged and not yet tagged). ``pins`` force components'
        versions (a linked group's with any member's); one that no longer holds (not above the
        latest release) is dropped with a warning, or refused when its component is in
        ``fresh`` (pinned by this run)."""
        history = self._history
        head = at or history.head_sha()
        if self._deepen:
            history.ensure_full_history()
        shallow = frozenset() if self._deepen else history.shallow_commits()
        components = self._monorepo.components
        commits_of, openings, steering, read = self._opened_and_read(head, assumed or {})
        by_component, outside = attribute(read, openings, monorepo=self._monorepo)
        histories = []
        for component in components:
            opening, changes = openings[component.name], by_component.get(component.name, ())
            shallow_at = tuple(c.sha for c in changes if c.sha in shallow)
            histories.append(
                ComponentHistory(
                    component,
                    opening.releases,
                    changes,
                    prereleased(history, opening),
                    replace(opening.range, shallow_at=shallow_at),
                    _channel(component.policy, requested),
                )
            )
        kept = _kept_pins(histories, pins or {}, fresh=fresh, monorepo=self._monorepo)
        plans = plan_components(
            histories,
            monorepo=self._monorepo,
            order=read.order(),
            steering=steering or NO_STEERING,
            skipped=PULLS_NOT_READ if steering is None else None,
            pins={name: _forced(pin) for name, pin in kept.items()},
        )
        read_file = self._history.read_file if at is None else partial(history.read_file_at, at)
        plans, dependents = release_dependents(
            plans, histories, monorepo=self._monorepo, read=read_file, tagged=commits_of
        )
        for component in components:  # a dependent's patch release is checked too
            check_component_line(
                component, plans[component.name], openings[component.name], commits_of
            )
        credits = (
            {}
            if self._credits is None or head is None
            else self._credits.of_plans(plans, monorepo=self._monorepo, head=head)
        )
        prepared = tuple(
            PreparedComponent(
                c,
                self._explained(
                    dependents.prepared(
                        c.name,
                        self._prepared(
                            c, plans[c.name], today=today, read=read_file, credits=credits
                        ),
                        renderer=self._renderer,
                    ),
                    group=self._monorepo.group_of(c.name),
                ),
            )
            for c in components
        )
        return PreparedComponents(prepared, outside, kept)

    def changelog_entry(self, entry: PreparedComponent) -> str | None:
        """The section a component's prepared release writes to its changelog file, as
        written there; None when it releases nothing."""
        return changelog_preview(self._renderer, entry.prepared, policy=entry.component.policy)

    def floors_at(self, at: str, *, assumed: Mapping[str, str]) -> dict[str, tuple[BumpFloor, ...]]:
        """The bump-floor labels of the merged pull requests in each component's range at
        commit ``at`` (``assumed`` as for ``prepare``); no walk when none carries one."""
        _, openings = self._openings(at, assumed)
        exclude = walk_boundary(self._history, openings)
        steering = self._steering(exclude)
        if steering is None or not steering.floors:
            return {}
        read = read_history(
            self._history, self._monorepo, head=at, exclude=exclude, steering=steering
        )
        by_component, _ = attribute(read, openings, monorepo=self._monorepo)
        return {name: floors_in(changes, steering.floors) for name, changes in by_component.items()}

    def _openings(
        self, head: str | None, assumed: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, RangeOpening]]:
        """Every tag's commit (``assumed`` ones too) and where each component's range starts."""
        commits_of = self._tag_commits(head, assumed)
        merged = ancestor_tags(self._history, head=head, commits_of=commits_of, assumed=assumed)
        return commits_of, self._openings_among(head, commits_of, merged)

    def _opened_and_read(
        self, head: str | None, assumed: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, RangeOpening], PullSteering | None, HistoryRead]:
        """``_openings`` and the walk of every range, the walk read while ``git tag --merged``
        finds the head's ancestors on another core: it starts where it would if every tag were
        one (so unless a tag was made off this branch), and is read again only when the
        ancestors found move where it starts."""
        history = self._history
        commits_of = self._tag_commits(head, assumed)
        listing = history.tags_merged_later(head, glob=ALL_TAGS) if head and commits_of else None
        openings = self._openings_among(head, commits_of, set(commits_of))
        exclude = walk_boundary(history, openings)
        steering = self._steering(exclude)
        read = read_history(
            history, self._monorepo, head=head, exclude=exclude, steering=steering or NO_STEERING
        )
        merged = set(listing()) | set(assumed) if listing is not None else set()
        if merged == set(commits_of):
            return commits_of, openings, steering, read
        openings = self._openings_among(head, commits_of, merged)
        exact = walk_boundary(history, openings)
        if exact != exclude:
            steering = self._steering(exact)
            read = read_history(
                history, self._monorepo, head=head, exclude=exact, steering=steering or NO_STEERING
            )
        return commits_of, openings, steering, read

    def _tag_commits(self, head: str | None, assumed: Mapping[str, str]) -> dict[str, str]:
        commits_of = dict(self._history.tag_commits(glob=ALL_TAGS)) if head else {}
        commits_of.update(assumed)
        return commits_of

    def _openings_among(
        self, head: str | None, commits_of: Mapping[str, str], merged: Collection[str]
    ) -> dict[str, RangeOpening]:
        return range_openings(
            self._history,
            self._monorepo,
            head=head,
            commits_of=commits_of,
            merged=merged,
            since=self._since,
        )

    def _explained(self, prepared: PreparedRelease, *, group: Sequence[str]) -> PreparedRelease:
        """``prepared`` whose notes say why it releases when they list nothing of its own."""
        if prepared.notes is None:
            return prepared
        notes = explained_notes(prepared.notes, group=group)
        if notes is prepared.notes:
            return prepared
        return replace(prepared, notes=notes, release_notes=self._renderer.release_notes(notes))

    def _steering(self, exclude: Sequence[str]) -> PullSteering | None:
        """The merged pull requests of every component's range, from one listing of the base
        branch's since the walk's boundary (all of them when it has none); None: not read."""
        if self._pulls is None or self._base_branch is None:
            return None
        times = [t for commit in exclude if (t := self._history.commit_time(commit))]
        since = min(times, key=instant) if times and len(times) == len(exclude) else None
        merged = self._pulls.merged_pulls(base_branch=self._base_branch, since=since)
        self._titles.update((pull.number, pull.title) for pull in merged)
        return pull_steering(merged)

    def _prepared(
        self,
        component: Component,
        plan: ReleasePlan,
        *,
        today: str,
        read: Callable[[str], str | None],
        credits: Mapping[str, Credits],
    ) -> PreparedRelease:
        """``plan`` with its notes rendered (its people and pull request titles added) and the
        component's version files updated."""
        policy, mine = component.policy, credits.get(component.name)
        return prepared_release(
            plan,
            policy=component.policy,
            renderer=self._renderer,
            repository_url=self._history.repository_url(),
            today=today,
            read=read,
            folder=component.path,
            finish=partial(finished, policy=policy, credits=mine, titles=self._titles),
            authors=authors_of(mine),
        )


def _forced(pin: VersionPin) -> VersionOverride:
    return VersionOverride(pin.version, pin.source, OverrideKind.SET_VERSION)


def _kept_pins(
    histories: Sequence[ComponentHistory],
    pins: Mapping[str, VersionPin],
    *,
    fresh: Collection[str],
    monorepo: Monorepo,
) -> dict[str, VersionPin]:
    """The ``pins`` that still hold; a stale one is dropped with a warning, or refused (an
    ``InvalidVersionError``) when this run pinned it."""
    forced = {name: _forced(pin) for name, pin in pins.items()}
    stale = stale_pins(histories, forced, monorepo=monorepo)
    for name, problem in stale.items():
        if name in fresh:
            raise InvalidVersionError(problem)
        log.warning("the pinned version is dropped: %s", problem)
    return {name: pin for name, pin in pins.items() if name not in stale}


def _channel(policy: ReleasePolicy, requested: str | None) -> str | None:
    """The channel a component releases on, checked against its version scheme."""
    channel = policy.channel(requested)
    return None if channel is None else policy.version_scheme.check_channel(channel)
