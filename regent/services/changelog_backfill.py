"""``regent changelog``: the changelog of every past release, built from local history with the
templates new releases use (docs/changelog.md). One ``git log`` over the history, no network."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from regent.core.analysis import analyse_commits
from regent.core.backfill import ReleaseSpan, release_spans
from regent.core.changelog import ReleaseNotes, group_sections
from regent.core.changelog_file import changelog_section, with_release_sections
from regent.core.changes import Effect
from regent.core.errors import HistoryError, UsageError
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader, NotesRenderer
from regent.core.versioning.tags import TaggedVersion, TagTemplate, release_tags, unparsed_tags
from regent.core.versioning.versions import Precedence
from regent.services.release_notes_extras import changelog_entry

SHOWN_TAGS = 5


class TaggedHistory(HistoryReader, Protocol):
    """The history with the dates its tags were made."""

    def tag_dates(self, *, glob: str) -> Mapping[str, str]:
        """``YYYY-MM-DD`` of each tag matching ``glob`` (an annotated tag's own date)."""


@dataclass(frozen=True, slots=True)
class PastRelease:
    """One release tag and its changelog section, exactly as written to the file."""

    version: str
    tag: str
    section: str


@dataclass(frozen=True, slots=True)
class Backfill:
    """The past releases of a history, newest first, and the tags left out (with why)."""

    releases: tuple[PastRelease, ...]
    unparsed: tuple[str, ...]
    """Tags that follow the tag template but whose version the scheme does not read."""
    elsewhere: tuple[str, ...]
    """Release tags whose commit is not in the history of HEAD."""
    scheme: str


class ChangelogBackfill:
    """Builds the changelog of a checkout's past releases."""

    def __init__(
        self, *, history: TaggedHistory, renderer: NotesRenderer, policy: ReleasePolicy
    ) -> None:
        if policy.monorepo is not None:
            raise UsageError(
                "regent changelog builds the changelog of one version line; this configuration "
                "has components, whose past releases it does not build yet (docs/changelog.md): "
                "write each component's CHANGELOG.md by hand, or backfill a checkout of one "
                "component with a configuration of its own"
            )
        self._history = history
        self._renderer = renderer
        self._policy = policy

    @property
    def changelog_path(self) -> str:
        return self._policy.changelog.path

    def existing(self) -> str | None:
        """The changelog file of the work tree, or None when there is none."""
        return self._history.read_file(self._policy.changelog.path)

    def tag_count(self) -> int:
        """How many tags name a release under the tag template and version scheme."""
        template = TagTemplate(self._policy.tag_template)
        names = [name for name, _ in self._history.tag_commits(glob=template.glob)]
        return len(release_tags(names, template=template, scheme=self._policy.version_scheme))

    def releases(self, *, since: str | None = None) -> Backfill:
        """Every release tag in the history of HEAD, newest first; with ``since`` (a release
        tag), only the releases above its version."""
        history, policy = self._history, self._policy
        head = history.head_sha()
        if head is None:
            raise HistoryError("the repository has no commits yet, so no releases to list")
        if history.shallow_commits():
            raise HistoryError(
                "this clone is shallow, so it misses past releases; fetch the full history "
                "first: `git fetch --unshallow --tags` (actions/checkout: `fetch-depth: 0`)"
            )
        template, scheme = TagTemplate(policy.tag_template), policy.version_scheme
        commit_of = dict(history.tag_commits(glob=template.glob))
        tagged = release_tags(commit_of, template=template, scheme=scheme)
        unparsed = tuple(unparsed_tags(commit_of, template=template, parsed=tagged))
        if not tagged:
            raise UsageError(_no_tags(template.template, scheme.name, unparsed))
        wanted = _above(tagged, since) if since is not None else tagged
        walk = history.walk(until=head, since=None)
        spans = release_spans(walk, tagged=tagged, commit_of=commit_of)
        if not spans.spans:
            shown = ", ".join(spans.elsewhere[:SHOWN_TAGS])
            raise UsageError(
                f"no release tag is in the history of HEAD ({shown} are on other branches); "
                "check out the branch the releases were made from"
            )
        dates = history.tag_dates(glob=template.glob)
        named = {t.tag for t in wanted}
        releases = tuple(
            self._release(span, date=dates.get(span.tagged.tag, ""))
            for span in spans.spans
            if span.tagged.tag in named
        )
        return Backfill(releases, unparsed, spans.elsewhere, scheme.name)

    def changelog_text(self, backfill: Backfill, *, keep_older: bool) -> str:
        """The changelog file with ``backfill``'s sections: the text above its first release
        section kept, the older sections kept when ``keep_older``, else replaced."""
        return with_release_sections(
            self.existing(),
            [(release.version, release.section) for release in backfill.releases],
            keep_older=keep_older,
        )

    def _release(self, span: ReleaseSpan, *, date: str) -> PastRelease:
        """The release's changelog section, rendered as a release PR would have written it."""
        policy = self._policy
        changes = analyse_commits(
            span.commits,
            bump_policy=policy.bump,
            lenient=policy.lenient_parsing,
            squash_bodies=policy.squash_bodies,
        )
        counted = tuple(change for change in changes if change.effect is Effect.COUNTED)
        version = str(span.tagged.version)
        notes = ReleaseNotes(
            version=version,
            tag=span.tagged.tag,
            previous_tag=span.previous.tag if span.previous is not None else None,
            date=date,
            is_prerelease=span.tagged.version.is_prerelease,
            sections=group_sections(counted, policy=policy.changelog),
            repository_url=self._history.repository_url(),
        )
        entry = changelog_entry(self._renderer, notes, policy=policy.notes)
        return PastRelease(version, span.tagged.tag, changelog_section(entry, version=version))


def _above(tagged: list[TaggedVersion], since: str) -> list[TaggedVersion]:
    """The releases above the release tag ``since``; a usage error naming the tags otherwise."""
    found = next((t for t in tagged if t.tag == since), None)
    if found is None:
        shown = ", ".join(t.tag for t in tagged[:SHOWN_TAGS])
        raise UsageError(
            f"--since: {since!r} is not a release tag of this repository; name one of its "
            f"release tags (newest: {shown})"
        )
    floor = Precedence(found.version)
    return [t for t in tagged if floor < Precedence(t.version)]


def _no_tags(template: str, scheme: str, unparsed: tuple[str, ...]) -> str:
    if unparsed:
        shown = ", ".join(unparsed[:SHOWN_TAGS])
        return (
            f"no release tags: the tags following {template!r} ({shown}) are not {scheme} "
            "versions; set version_scheme (semver or pep440) to the one they use"
        )
    return (
        f"no release tags: no tag follows the tag template {template!r}; set tag_template to "
        "the form of your release tags (e.g. 'v{version}' or 'release-{version}')"
    )
