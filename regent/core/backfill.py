"""Which commits each past release holds, from one pass over the history (pure).

A stable release holds the commits reachable from its tag and from no lower stable tag (the
range a release PR planned: since the last stable release). A prerelease holds those since the
previous prerelease of its line (same version and channel), or since the stable release below
it for the first of its line, as ``regent plan`` words its notes.

Each commit is claimed once in the stable pass, lowest tag first; each prerelease line then
claims only the commits of its own range, so the cost is the history plus the sections' size,
never a walk per pair of tags.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from regent.core.history import RawCommit
from regent.core.versioning.tags import TaggedVersion
from regent.core.versioning.versions import Precedence


@dataclass(frozen=True, slots=True)
class ReleaseSpan:
    """One past release: its tag, the release its notes compare with, and its commits (newest
    first, the tagged commit first)."""

    tagged: TaggedVersion
    previous: TaggedVersion | None
    commits: tuple[RawCommit, ...]


@dataclass(frozen=True, slots=True)
class ReleaseSpans:
    """The releases found in a history, newest first, and the release tags it does not hold."""

    spans: tuple[ReleaseSpan, ...]
    elsewhere: tuple[str, ...]
    """Release tags whose commit is not in the history read (another branch's), sorted."""


def release_spans(
    commits: Iterable[RawCommit],
    *,
    tagged: Iterable[TaggedVersion],
    commit_of: Mapping[str, str],
) -> ReleaseSpans:
    """Split ``commits`` (a history, newest first, as ``git log`` streams it) into the releases
    ``tagged`` names; ``commit_of`` maps each tag to its commit."""
    read: dict[str, RawCommit] = {}
    order: dict[str, int] = {}
    for commit in commits:
        order[commit.sha] = len(order)
        read[commit.sha] = commit
    present = [t for t in tagged if commit_of.get(t.tag) in read]
    elsewhere = sorted(t.tag for t in tagged if commit_of.get(t.tag) not in read)
    ascending = sorted(present, key=_precedence)
    stables = [t for t in ascending if not t.version.is_prerelease]
    owner: dict[str, int] = {}
    spans: list[ReleaseSpan] = []
    for index, release in enumerate(stables):
        shas = _claim(commit_of[release.tag], read, owner, mark=index, stop=_never)
        previous = stables[index - 1] if index else None
        spans.append(_span(release, previous, shas, read=read, order=order))
    rank = {t.tag: n for n, t in enumerate(stables)}
    lines: dict[tuple[tuple[int, int, int], str | None], list[TaggedVersion]] = {}
    for release in ascending:
        if release.version.is_prerelease:
            key = (release.version.release, release.version.channel)
            lines.setdefault(key, []).append(release)
    for line in lines.values():
        below = bisect_left(stables, Precedence(line[0].version), key=_precedence)
        base = stables[below - 1] if below else None
        limit = rank[base.tag] if base is not None else -1

        def released(sha: str, limit: int = limit) -> bool:
            """Whether a stable release up to the line's base holds ``sha``."""
            return owner.get(sha, len(stables)) <= limit

        claimed: dict[str, int] = {}
        for index, release in enumerate(line):
            shas = _claim(commit_of[release.tag], read, claimed, mark=index, stop=released)
            previous = line[index - 1] if index else base
            spans.append(_span(release, previous, shas, read=read, order=order))
    spans.sort(key=lambda span: _precedence(span.tagged), reverse=True)
    return ReleaseSpans(tuple(spans), tuple(elsewhere))


def _claim(
    start: str,
    read: Mapping[str, RawCommit],
    claimed: dict[str, int],
    *,
    mark: int,
    stop: Callable[[str], bool],
) -> list[str]:
    """The commits reachable from ``start`` that no earlier release claimed nor ``stop``
    excludes, now marked as ``mark``'s."""
    found: list[str] = []
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha in claimed or sha not in read or stop(sha):
            continue
        claimed[sha] = mark
        found.append(sha)
        stack.extend(read[sha].parents)
    return found


def _span(
    release: TaggedVersion,
    previous: TaggedVersion | None,
    shas: list[str],
    *,
    read: Mapping[str, RawCommit],
    order: Mapping[str, int],
) -> ReleaseSpan:
    """The release's commits in the order the history listed them, its tagged commit first."""
    ordered = sorted(shas, key=order.__getitem__)
    if ordered and ordered[0] != shas[0]:  # the tagged commit leads, whatever the dates say
        ordered.remove(shas[0])
        ordered.insert(0, shas[0])
    return ReleaseSpan(release, previous, tuple(read[sha] for sha in ordered))


def _precedence(tagged: TaggedVersion) -> Precedence:
    return Precedence(tagged.version)


def _never(sha: str) -> bool:
    return False
