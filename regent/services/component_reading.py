"""The reading step of a monorepo plan: one ``git log --name-only`` walk of every component's
range, read under each component's parsing rules, and each change attributed to the components
holding its files (docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.components.attribution import (
    attribute_changes,
    pull_owners,
    released_before,
    steered_merges,
)
from regent.core.components.model import Monorepo
from regent.core.components.paths import PathIndex
from regent.core.components.ports import FileHistoryReader
from regent.core.history import RawCommit
from regent.core.policy import BumpPolicy, ReleasePolicy
from regent.core.pull_steering import PullSteering
from regent.services.component_starts import RangeOpening

Reading = tuple[BumpPolicy, bool, bool]


def reading_of(policy: ReleasePolicy) -> Reading:
    """What the analysis of a commit depends on in ``policy``."""
    return policy.bump, policy.lenient_parsing, policy.squash_bodies


@dataclass(slots=True)
class HistoryRead:
    """What one walk of the history found (filled as the walk streams)."""

    changes: dict[Reading, tuple[CommitChange, ...]] = field(default_factory=dict)
    owners: dict[str, frozenset[str]] = field(default_factory=dict)
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def order(self) -> dict[str, int]:
        """Each commit's position, oldest first."""
        first = next(iter(self.changes.values()), ())
        return {change.sha: at for at, change in enumerate(first)}


def read_history(
    history: FileHistoryReader,
    monorepo: Monorepo,
    *,
    head: str | None,
    exclude: Sequence[str],
    steering: PullSteering,
) -> HistoryRead:
    """One walk of every component's range (from HEAD back to ``exclude``, where every
    range has started): the changes read under each component's parsing rules (with the
    merged pull requests' overrides), each commit's owners by its files (a steered merge
    commit's: those of its pull request's commits), and each commit's parents (to tell
    which a component already released).

    The commits stream through the analysis; only when components read commits under
    different rules (their own ``bump`` or ``commit_parsing``) are they kept to be read
    once per set of rules.
    """
    read = HistoryRead()
    if head is None:
        return read
    index = PathIndex((c.name, c.path) for c in monorepo.components)
    walk = history.walk_files(until=head, exclude=exclude)

    def stream() -> Iterator[RawCommit]:
        for commit, files in walk:
            read.parents[commit.sha] = commit.parents
            read.owners[commit.sha] = index.owners_of(files)
            yield commit

    readings = list(dict.fromkeys(reading_of(c.policy) for c in monorepo.components))
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


def attribute(
    read: HistoryRead, openings: Mapping[str, RangeOpening], *, monorepo: Monorepo
) -> tuple[dict[str, tuple[CommitChange, ...]], tuple[CommitChange, ...]]:
    """Each component's changes (after its own release), and those of no component."""
    components = monorepo.components
    released_at = {
        commit: released_before(commit, read.parents)
        for commit in {opening.commit for opening in openings.values()}
    }
    released = {c.name: released_at[openings[c.name].commit] for c in components}
    by_component: dict[str, tuple[CommitChange, ...]] = {}
    outside: tuple[CommitChange, ...] = ()
    for reading, changes in read.changes.items():
        attributed = attribute_changes(
            changes,
            owners=read.owners,
            names=released.keys(),
            released=released,
            scope_as_component=monorepo.scope_as_component,
        )
        for c in components:
            if reading_of(c.policy) == reading:
                by_component[c.name] = attributed.by_component[c.name]
        outside = outside or attributed.outside
    return by_component, outside
