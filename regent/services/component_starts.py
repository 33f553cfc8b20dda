"""Where each component's range starts in a monorepo plan: its releases among the head's
ancestors (by its own tag template), its ``since``, the walk's boundary, and the check of its
next version against the branch's release line (docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from regent.core.components.model import Component, Monorepo
from regent.core.components.ports import FileHistoryReader
from regent.core.errors import ConfigError, UsageError
from regent.core.plan import ReleasePlan
from regent.core.plan_range import HistoryRange, RangeStart, SinceSetting
from regent.core.policy import ReleasePolicy
from regent.core.versioning.lines import ReleaseLineError, check_line
from regent.core.versioning.tags import ReleaseHistory, TagTemplate, find_releases, release_tags
from regent.services.gather import SINCE_FORMS, SINCE_SETTING

ALL_TAGS = "*"


@dataclass(frozen=True, slots=True)
class RangeOpening:
    """Where one component's range starts: its releases, and the commit its range follows."""

    releases: ReleaseHistory
    commit: str | None
    range: HistoryRange


def ancestor_tags(
    history: FileHistoryReader,
    *,
    head: str | None,
    commits_of: Mapping[str, str],
    assumed: Mapping[str, str],
) -> set[str]:
    """The tags among ``head``'s ancestors (``commits_of``: every tag's commit; ``assumed``
    ones count as ancestors)."""
    if not head or not commits_of:
        return set()
    return set(history.tags_merged_into(head, glob=ALL_TAGS)) | set(assumed)


def range_openings(
    history: FileHistoryReader,
    monorepo: Monorepo,
    *,
    head: str | None,
    commits_of: Mapping[str, str],
    merged: Collection[str],
    since: SinceSetting | None,
) -> dict[str, RangeOpening]:
    """Each component's releases among HEAD's ancestors (the tags in ``merged``) and where its
    range starts (``commits_of``: every tag's commit; ``since`` over each one's)."""
    return {
        component.name: _opening(
            history,
            component.policy,
            merged=merged,
            commits_of=commits_of,
            head=head,
            since=since,
        )
        for component in monorepo.components
    }


def _opening(
    history: FileHistoryReader,
    policy: ReleasePolicy,
    *,
    merged: Collection[str],
    commits_of: Mapping[str, str],
    head: str | None,
    since: SinceSetting | None,
) -> RangeOpening:
    template = TagTemplate(policy.tag_template)
    names = [tag for tag in merged if template.version_text(tag) is not None]
    releases = find_releases(names, template=template, scheme=policy.version_scheme)
    since = since or (SinceSetting(policy.since, SINCE_SETTING) if policy.since else None)
    stable = releases.last_stable
    if stable is not None:
        commit = commits_of[stable.tag]
        return RangeOpening(
            releases, commit, HistoryRange(RangeStart.TAG, commit, stable.tag, since)
        )
    if since is None or head is None:
        return RangeOpening(releases, None, HistoryRange())
    commit = _since_commit(history, since, head)
    return RangeOpening(releases, commit, HistoryRange(RangeStart.SINCE, commit, None, since))


def _since_commit(history: FileHistoryReader, since: SinceSetting, head: str) -> str:
    commit = history.resolve_commit(since.revision)
    if commit is not None and history.is_ancestor(commit, head):
        return commit
    message = f"{since.revision!r} names no commit of this branch; name one ({SINCE_FORMS})"
    if since.source == SINCE_SETTING:
        raise ConfigError(f"since: {message}", key="since")
    raise UsageError(f"--since: {message}")


def walk_boundary(
    history: FileHistoryReader, openings: Mapping[str, RangeOpening]
) -> tuple[str, ...]:
    """Where the walk of every component's range stops: the common ancestors of their
    start commits (none when a component's range is the whole history)."""
    commits = [opening.commit for opening in openings.values()]
    if not commits or any(commit is None for commit in commits):
        return ()
    return history.merge_bases([c for c in commits if c is not None])


def prereleased(history: FileHistoryReader, opening: RangeOpening) -> frozenset[str]:
    """The commits of the range already in the component's latest prerelease."""
    prerelease = opening.releases.latest_prerelease
    if prerelease is None:
        return frozenset()
    tagged = history.resolve_commit(prerelease.tag)
    if tagged is None:
        return frozenset()
    return history.shas(until=tagged, since=opening.commit)


def check_component_line(
    component: Component,
    plan: ReleasePlan,
    opening: RangeOpening,
    commits_of: Mapping[str, str],
) -> None:
    """Refuse a component's next version outside its branch's range or already tagged by its
    own tag template anywhere in the repository (``commits_of``: every tag's commit)."""
    policy = component.policy
    if plan.next_version is None:
        return
    last = opening.releases.last_stable
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
