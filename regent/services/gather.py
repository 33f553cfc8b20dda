"""Gather what the release decision needs from local history, in as few git walks as possible."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader
from regent.core.tags import ReleaseHistory, TaggedVersion, TagTemplate, find_releases, release_tags
from regent.core.version import VersionScheme


@dataclass(frozen=True, slots=True)
class GatheredHistory:
    """The releases reachable from the head and the analysed commits since the last stable one."""

    releases: ReleaseHistory
    changes: tuple[CommitChange, ...]
    prereleased: frozenset[str]


@dataclass(frozen=True, slots=True)
class TagView:
    """Tags to plan as if they were (``assumed``: name and commit) or were not (``hidden``)."""

    assumed: tuple[tuple[str, str], ...] = ()
    hidden: frozenset[str] = frozenset()


NO_TAG_CHANGES = TagView()


@dataclass(frozen=True, slots=True)
class _Options:
    policy: ReleasePolicy
    template: TagTemplate
    scheme: VersionScheme


def gather_history(
    history: HistoryReader,
    *,
    policy: ReleasePolicy,
    scheme: VersionScheme,
    head: str | None = None,
    tags: TagView = NO_TAG_CHANGES,
) -> GatheredHistory:
    """Find the last stable release among ``head``'s ancestors and read the commits since.

    ``head`` defaults to HEAD; ``tags`` adjusts the repository's tags (a release about to be
    tagged, say). The highest stable tag is confirmed as an ancestor by the same ``git log``
    walk that reads the commits (it is a boundary of ``tag..head``); only when it is not an
    ancestor does the slower ``git tag --merged`` pick the candidates.
    """
    head = head or history.head_sha()
    if head is None:
        return GatheredHistory(ReleaseHistory(), (), frozenset())
    history.ensure_full_history()
    template = TagTemplate(policy.tag_template)
    commits_of = _tag_commits(history, template=template, tags=tags)
    candidates = release_tags(commits_of, template=template, scheme=scheme)
    options = _Options(policy=policy, template=template, scheme=scheme)
    gathered = _walk(history, head, candidates, commits_of, options=options)
    if gathered is not None:
        return gathered
    merged = set(history.tags_merged_into(head, glob=template.glob)) - tags.hidden
    merged |= {name for name, commit in tags.assumed if history.is_ancestor(commit, head)}
    ancestors = [tagged for tagged in candidates if tagged.tag in merged]
    confirmed = _walk(history, head, ancestors, commits_of, options=options, verified=True)
    assert confirmed is not None
    return confirmed


def _tag_commits(history: HistoryReader, *, template: TagTemplate, tags: TagView) -> dict[str, str]:
    """Each candidate tag's commit, with ``tags`` applied."""
    found = dict(history.tag_commits(glob=template.glob))
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
    since = commits_of[stable.tag] if stable else None
    walk = history.walk(until=head, since=since)
    policy = options.policy
    changes = analyse_commits(walk, bump_policy=policy.bump, lenient=policy.lenient_parsing)
    if since not in (None, head) and since not in walk.boundary and not verified:
        return None
    in_range = {change.sha for change in changes} | {head}
    newer = [c for c in candidates if stable is None or c.version > stable.version]
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
    return GatheredHistory(releases, changes, prereleased)
