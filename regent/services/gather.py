"""Gather what the release decision needs from local history, in as few git walks as possible."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader
from regent.core.tags import ReleaseHistory, TaggedVersion, TagTemplate, find_releases, release_tags
from regent.core.version import VersionScheme

TAG_REF = "refs/tags/"


@dataclass(frozen=True, slots=True)
class GatheredHistory:
    """The releases reachable from HEAD and the analysed commits since the last stable one."""

    releases: ReleaseHistory
    changes: tuple[CommitChange, ...]
    prereleased: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Options:
    policy: ReleasePolicy
    template: TagTemplate
    scheme: VersionScheme


def gather_history(
    history: HistoryReader, *, policy: ReleasePolicy, scheme: VersionScheme
) -> GatheredHistory:
    """Find the last stable release among HEAD's ancestors and read the commits since.

    The highest stable tag is confirmed as an ancestor by the same ``git log`` walk that reads
    the commits (it is a boundary of ``tag..HEAD``); only when it is not an ancestor does
    the slower ``git tag --merged`` pick the candidates.
    """
    head = history.head_sha()
    if head is None:
        return GatheredHistory(ReleaseHistory(), (), frozenset())
    history.ensure_full_history()
    template = TagTemplate(policy.tag_template)
    commits_of = dict(history.tag_commits(glob=template.glob))
    candidates = release_tags(commits_of, template=template, scheme=scheme)
    options = _Options(policy=policy, template=template, scheme=scheme)
    gathered = _walk(history, head, candidates, commits_of, options=options)
    if gathered is not None:
        return gathered
    merged = set(history.tags_merged_into(head, glob=template.glob))
    ancestors = [tagged for tagged in candidates if tagged.tag in merged]
    confirmed = _walk(history, head, ancestors, commits_of, options=options, verified=True)
    assert confirmed is not None
    return confirmed


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
    since = TAG_REF + stable.tag if stable else None
    walk = history.walk(until=head, since=since)
    policy = options.policy
    changes = analyse_commits(walk, bump_policy=policy.bump, lenient=policy.lenient_parsing)
    stable_commit = commits_of[stable.tag] if stable else None
    if stable_commit not in (None, head) and stable_commit not in walk.boundary and not verified:
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
        prereleased = history.shas(until=TAG_REF + prerelease.tag, since=since)
    return GatheredHistory(releases, changes, prereleased)
