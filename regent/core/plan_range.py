"""Where a plan's commits start, and what it could not see: ignored tags, a shallow clone."""

from __future__ import annotations

import enum
from dataclasses import dataclass

NAMED_TAGS = 5
"""Ignored tags named in a plan; the rest are counted."""
SHALLOW_FIX = "run `regent plan --deepen`, or check out with `fetch-depth: 0`"


class RangeStart(enum.StrEnum):
    """What the plan's range of commits starts after."""

    TAG = "tag"
    """The last stable release tag among HEAD's ancestors."""
    SINCE = "since"
    """The ``since`` commit, with no release tag yet."""
    ROOT = "root"
    """Nothing: the whole history, with no release tag and no ``since``."""


@dataclass(frozen=True, slots=True)
class SinceSetting:
    """A commit-ish the first release's commits start after, and who set it."""

    revision: str
    source: str


@dataclass(frozen=True, slots=True)
class IgnoredTags:
    """Tags that follow the tag template but whose version the configured scheme refuses."""

    count: int
    names: tuple[str, ...]
    scheme: str
    other_scheme: str | None = None
    """A scheme that reads at least one of them, to suggest."""

    def sentence(self) -> str:
        plural = "s" if self.count != 1 else ""
        more = f" and {self.count - len(self.names)} more" if self.count > len(self.names) else ""
        hint = f"; did you mean version_scheme: {self.other_scheme}?" if self.other_scheme else ""
        shown = ", ".join(self.names)
        return f"{self.count} tag{plural} ignored: not {self.scheme} ({shown}{more}){hint}"


@dataclass(frozen=True, slots=True)
class HistoryRange:
    """Where the commits of a plan start and why, and what the plan could not see."""

    start: RangeStart = RangeStart.ROOT
    commit: str | None = None
    """The commit the range starts after (None: the first commit is in it)."""
    tag: str | None = None
    """The release tag at ``commit`` when ``start`` is TAG."""
    since: SinceSetting | None = None
    """The ``since`` asked for, used (``start`` is SINCE) or outranked by a tag."""
    ignored_tags: IgnoredTags | None = None
    shallow_at: tuple[str, ...] = ()
    """Commits of the range whose parents a shallow clone does not hold."""

    def since_words(self) -> str:
        """``since v1.0.0``, ``since 1a2b3c4`` (a ``since`` commit), or the whole history."""
        if self.start is RangeStart.TAG and self.tag is not None:
            return f"since {self.tag}"
        if self.start is RangeStart.SINCE and self.commit is not None:
            return f"since {self.commit[:7]}"
        return "in the visible history" if self.shallow_at else "in the whole history"

    def _since_notice(self) -> str | None:
        """Which ``since`` started the range, or why it did not."""
        if self.since is None:
            return None
        asked = f"{self.since.source} ({self.since.revision})"
        if self.start is RangeStart.TAG:
            return (
                f"{asked} is not used: the release tag {self.tag} starts the range "
                "(a release tag always wins)"
            )
        short = (self.commit or "")[:7]
        return f"no release tag yet: the commits after {short} only, from {asked}"

    def notices(self) -> tuple[str, ...]:
        """What a maintainer should know about the range, one sentence each."""
        notices = [since] if (since := self._since_notice()) is not None else []
        if self.shallow_at:
            shown = ", ".join(sha[:7] for sha in self.shallow_at[:3])
            notices.append(
                f"shallow clone: history before {shown} is not visible, so an older release "
                f"tag and its commits may be missing; {SHALLOW_FIX}"
            )
        if self.ignored_tags is not None:
            notices.append(self.ignored_tags.sentence())
        return tuple(notices)


WHOLE_HISTORY = HistoryRange()
"""The range of a repository with no release tag and no ``since``."""


def range_fields(history_range: HistoryRange) -> dict[str, object]:
    """The JSON contract's ``range``, ``ignored_tags`` and ``notices`` (docs/plan-json.md)."""
    since = history_range.since
    ignored = history_range.ignored_tags
    return {
        "range": {
            "start": history_range.start.value,
            "commit": history_range.commit,
            "tag": history_range.tag,
            "since": since.revision if since else None,
            "since_source": since.source if since else None,
            "shallow_at": list(history_range.shallow_at[:NAMED_TAGS]),
        },
        "ignored_tags": {
            "count": ignored.count,
            "names": list(ignored.names),
            "scheme": ignored.scheme,
            "suggested_scheme": ignored.other_scheme,
        }
        if ignored
        else None,
        "notices": list(history_range.notices()),
    }
