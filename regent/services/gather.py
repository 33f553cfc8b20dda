"""Gather what the release decision needs from local history, in as few git walks as possible."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from regent.config import version_scheme
from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.errors import ConfigError, UsageError
from regent.core.plan_range import (
    NAMED_TAGS,
    SHALLOW_FIX,
    WHOLE_HISTORY,
    HistoryRange,
    IgnoredTags,
    RangeStart,
    SinceSetting,
)
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader
from regent.core.pull_steering import NO_STEERING, PullSteering
from regent.core.versioning.tags import (
    ReleaseHistory,
    TaggedVersion,
    TagTemplate,
    find_releases,
    release_tags,
    unparsed_tags,
)
from regent.core.versioning.versions import VersionScheme

SINCE_SETTING = "the since setting"
SINCE_OPTION = "the --since option"
SINCE_FORMS = "a sha, a tag, or a ref such as main~100"


@dataclass(frozen=True, slots=True)
class GatheredHistory:
    """The releases reachable from the head and the analysed commits since the last stable one."""

    releases: ReleaseHistory
    changes: tuple[CommitChange, ...]
    prereleased: frozenset[str]
    range: HistoryRange = WHOLE_HISTORY
    steering: PullSteering = NO_STEERING
    """What the merged pull requests of the range say (their overrides are in ``changes``)."""
    tagged: tuple[TaggedVersion, ...] = ()
    """Every release tag of the repository, ancestor of the head or not (a release line's
    guard against proposing a version tagged on another branch)."""


SteeringFor = Callable[[str | None, str], PullSteering]
"""The merged pull requests' steering of the range after a start commit up to a head."""


@dataclass(frozen=True, slots=True)
class TagView:
    """The repository's tags as planned with: ``listed`` (name and commit of each tag matching
    the template, as read once by a run; None: read them), plus ``assumed`` ones, less
    ``hidden`` ones."""

    listed: tuple[tuple[str, str], ...] | None = None
    assumed: tuple[tuple[str, str], ...] = ()
    hidden: frozenset[str] = frozenset()


NO_TAG_CHANGES = TagView()


@dataclass(frozen=True, slots=True)
class _Options:
    policy: ReleasePolicy
    template: TagTemplate
    scheme: VersionScheme
    since: SinceSetting | None
    shallow: frozenset[str]
    ignored: IgnoredTags | None
    steering_for: SteeringFor | None


def gather_history(
    history: HistoryReader,
    *,
    policy: ReleasePolicy,
    head: str | None = None,
    tags: TagView = NO_TAG_CHANGES,
    since: SinceSetting | None = None,
    deepen: bool = True,
    steering_for: SteeringFor | None = None,
) -> GatheredHistory:
    """Find the last stable release among ``head``'s ancestors and read the commits since.

    ``head`` defaults to HEAD; ``tags`` adjusts the repository's tags (a release about to be
    tagged, say). The highest stable tag is confirmed as an ancestor by the same ``git log``
    walk that reads the commits (it is a boundary of ``tag..head``); only when it is not an
    ancestor does the slower ``git tag --merged`` pick the candidates. With no stable tag the
    range starts after ``since`` (default: the policy's), else at the first commit. A shallow
    clone is deepened unless ``deepen`` is False: then the range is what the clone holds.
    ``steering_for`` gives the merged pull requests' overrides and floors for the range.
    """
    head = head or history.head_sha()
    if head is None:
        return GatheredHistory(ReleaseHistory(), (), frozenset())
    if deepen:
        history.ensure_full_history()
    template, scheme = TagTemplate(policy.tag_template), policy.version_scheme
    commits_of = _tag_commits(history, template=template, tags=tags)
    candidates = release_tags(commits_of, template=template, scheme=scheme)
    if since is None and policy.since is not None:
        since = SinceSetting(policy.since, SINCE_SETTING)
    options = _Options(
        policy=policy,
        template=template,
        scheme=scheme,
        since=since,
        shallow=frozenset() if deepen else history.shallow_commits(),
        ignored=_ignored_tags(commits_of, candidates, template=template, scheme=scheme),
        steering_for=steering_for,
    )
    gathered = _walk(history, head, candidates, commits_of, options=options)
    if gathered is not None:
        return replace(gathered, tagged=tuple(candidates))
    merged = set(history.tags_merged_into(head, glob=template.glob)) - tags.hidden
    merged |= {name for name, commit in tags.assumed if history.is_ancestor(commit, head)}
    ancestors = [tagged for tagged in candidates if tagged.tag in merged]
    confirmed = _walk(history, head, ancestors, commits_of, options=options, verified=True)
    assert confirmed is not None
    return replace(confirmed, tagged=tuple(candidates))


def _tag_commits(history: HistoryReader, *, template: TagTemplate, tags: TagView) -> dict[str, str]:
    """Each candidate tag's commit, with ``tags`` applied."""
    listed = tags.listed
    found = dict(history.tag_commits(glob=template.glob) if listed is None else listed)
    found.update(tags.assumed)
    return {name: commit for name, commit in found.items() if name not in tags.hidden}


def _walk(
    history: HistoryReader,
    head: str,
    candidates: list[TaggedVersion],
    commits_of: dict[str, str],
    *,
    options: _Options,
    verified: bool = False,
) -> GatheredHistory | None:
    """Read the commits since the highest stable candidate; None if it is not an ancestor."""
    stable = next((c for c in candidates if not c.version.is_prerelease), None)
    tagged = commits_of[stable.tag] if stable else None
    start = _range_start(history, head, stable, tagged, options=options)
    since = start.commit
    steering = options.steering_for(since, head) if options.steering_for else NO_STEERING
    walk = history.walk(until=head, since=since)
    policy = options.policy
    changes = analyse_commits(
        walk,
        bump_policy=policy.bump,
        lenient=policy.lenient_parsing,
        squash_bodies=policy.squash_bodies,
        overrides=steering.overrides,
    )
    if tagged not in (None, head) and tagged not in walk.boundary and not verified:
        return None
    newer = [c for c in candidates if stable is None or c.version > stable.version]
    in_range = _tagged_in_range({commits_of[c.tag] for c in newer}, changes, head)
    prerelease = next(
        (
            c
            for c in newer
            if verified
            or commits_of[c.tag] in in_range
            or history.is_ancestor(commits_of[c.tag], head)
        ),
        None,
    )
    names = [tagged.tag for tagged in (stable, prerelease) if tagged is not None]
    releases = find_releases(names, template=options.template, scheme=options.scheme)
    prereleased: frozenset[str] = frozenset()
    if prerelease is not None:
        prereleased = history.shas(until=commits_of[prerelease.tag], since=since)
    shallow_at = tuple(c.sha for c in changes if c.sha in options.shallow)
    return GatheredHistory(
        releases, changes, prereleased, replace(start, shallow_at=shallow_at), steering
    )


def _tagged_in_range(tagged: set[str], changes: Sequence[CommitChange], head: str) -> set[str]:
    """Which of the ``tagged`` commits the range read: one pass, no set of every sha."""
    if not tagged:
        return set()
    return {head} & tagged | {c.sha for c in changes if c.sha in tagged}


def _range_start(
    history: HistoryReader,
    head: str,
    stable: TaggedVersion | None,
    tagged: str | None,
    *,
    options: _Options,
) -> HistoryRange:
    """Where the range starts: the stable tag, else the ``since`` commit, else the root."""
    since, ignored = options.since, options.ignored
    if stable is not None:
        return HistoryRange(RangeStart.TAG, tagged, stable.tag, since, ignored)
    if since is None:
        return HistoryRange(ignored_tags=ignored)
    commit = history.resolve_commit(since.revision)
    if commit is None or not history.is_ancestor(commit, head):
        why = (
            "names no commit in this repository"
            if commit is None
            else f"({commit[:7]}) is not an ancestor of the commit planned"
        )
        message = f"{since.revision!r} {why}; name a commit of this branch ({SINCE_FORMS})"
        if commit is None and options.shallow:
            message += f"; this clone is shallow and may not hold it: {SHALLOW_FIX}"
        if since.source == SINCE_SETTING:
            raise ConfigError(f"since: {message}", key="since")
        raise UsageError(f"--since: {message}")
    return HistoryRange(RangeStart.SINCE, commit, None, since, ignored)


def _ignored_tags(
    commits_of: dict[str, str],
    candidates: list[TaggedVersion],
    *,
    template: TagTemplate,
    scheme: VersionScheme,
) -> IgnoredTags | None:
    """The tags that follow the template but not the scheme, and a scheme that reads them."""
    names = unparsed_tags(commits_of, template=template, parsed=candidates)
    if not names:
        return None
    other_name = "pep440" if scheme.name == "semver" else "semver"
    other = version_scheme(other_name)
    shown = tuple(names[:NAMED_TAGS])
    reads = any(other.try_parse(template.version_text(name) or "") for name in shown)
    return IgnoredTags(len(names), shown, scheme.name, other_name if reads else None)
