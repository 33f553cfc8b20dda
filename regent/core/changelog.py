"""The release notes model: sections of entries, built from a plan's counted changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from regent.core.changes import REVERT_TYPE, CommitChange
from regent.core.markdown import markdown_line, markdown_text
from regent.core.notes.author import Author
from regent.core.plan import ReleasePlan
from regent.core.policy import ChangelogPolicy


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """One entry of the release notes (``description`` may span lines: a breaking change's)."""

    description: str
    scope: str | None
    sha: str
    short_sha: str
    pr: int | None
    issues: tuple[int, ...]
    author: Author | None = None
    """Who wrote the commit (core/notes/contributors.py); None when not read."""


@dataclass(frozen=True, slots=True)
class NoteSection:
    title: str
    entries: tuple[NoteEntry, ...]


@dataclass(frozen=True, slots=True)
class ReleaseNotes:
    """Everything a release-notes or changelog template can show."""

    version: str
    tag: str
    previous_tag: str | None
    date: str
    is_prerelease: bool
    sections: tuple[NoteSection, ...]
    repository_url: str | None
    preface: str = ""
    """The maintainers' notes from the release PR, Markdown as they wrote it: shown first."""
    contributors: tuple[Author, ...] = ()
    """The people who made the release (no bots), in the order of their first commit."""
    first_time_contributors: tuple[Author, ...] = ()
    """Those with no commit before the previous release (none on a first release)."""
    bots: tuple[Author, ...] = ()
    """Bot authors (``dependabot[bot]``), kept apart from the people."""
    show_contributors: bool = False
    """Whether this destination shows each entry's author and the contributors lines."""
    mentions: bool = True
    """Logins as @-mentions (GitHub Release, release PR); False: never (CHANGELOG.md)."""
    generated_notes: str = ""
    """GitHub's own generated notes (``notes.github_generated: append``), "" when none."""

    @property
    def compare_url(self) -> str | None:
        if self.repository_url is None or self.previous_tag is None:
            return None
        return f"{self.repository_url}/compare/{self.previous_tag}...{self.tag}"


def build_release_notes(
    plan: ReleasePlan,
    *,
    policy: ChangelogPolicy,
    repository_url: str | None,
    date: str,
    authors: Mapping[str, Author] | None = None,
) -> ReleaseNotes | None:
    """The notes for ``plan``'s release, or None when it releases nothing; ``authors`` (by sha)
    gives each entry its author as it is built."""
    if plan.next_version is None or plan.next_tag is None:
        return None
    return ReleaseNotes(
        version=plan.next_version,
        tag=plan.next_tag,
        previous_tag=plan.previous_tag,
        date=date,
        is_prerelease=plan.is_prerelease,
        sections=group_sections(plan.notes_changes, policy=policy, authors=authors),
        repository_url=repository_url,
    )


def markdown_notes(notes: ReleaseNotes) -> ReleaseNotes:
    """``notes`` with the commit text in every entry escaped for Markdown (core/markdown.py)."""
    scopes: dict[str, str] = {}  # a release has many entries but few scopes: each escaped once
    return replace(
        notes,
        sections=tuple(
            NoteSection(section.title, tuple([_markdown_entry(e, scopes) for e in section.entries]))
            for section in notes.sections
        ),
    )


def _markdown_entry(entry: NoteEntry, scopes: dict[str, str]) -> NoteEntry:
    """The entry escaped; blank lines around its description dropped (they would end a bullet)."""
    scope = entry.scope
    if scope is not None:
        if scope not in scopes:
            scopes[scope] = markdown_line(scope)
        scope = scopes[scope]
    description = markdown_text(entry.description.strip())
    return NoteEntry(
        description, scope, entry.sha, entry.short_sha, entry.pr, entry.issues, entry.author
    )


def group_sections(
    changes: tuple[CommitChange, ...],
    *,
    policy: ChangelogPolicy,
    authors: Mapping[str, Author] | None = None,
) -> tuple[NoteSection, ...]:
    """Breaking changes first, then the configured sections in order; empty ones left out;
    each entry with its author from ``authors`` (by sha) when given."""
    by = authors or {}
    breaking = [_breaking_entry(c, by.get(c.sha)) for c in changes if c.breaking]
    buckets: dict[str, list[NoteEntry]] = {section.title: [] for section in policy.sections}
    section_of = {kind: section.title for section in policy.sections for kind in section.types}
    other: list[NoteEntry] = []
    for change in changes:
        title = section_of.get(change.type or "")
        if title is not None:
            buckets[title].append(_entry(change, by.get(change.sha)))
        elif policy.show_other_types and not change.breaking:
            other.append(_entry(change, by.get(change.sha)))
    sections = [NoteSection(policy.breaking_title, tuple(breaking))]
    sections.extend(NoteSection(title, tuple(entries)) for title, entries in buckets.items())
    sections.append(NoteSection(policy.other_title, tuple(other)))
    return tuple(section for section in sections if section.entries)


def _entry(change: CommitChange, author: Author | None) -> NoteEntry:
    description = change.description
    if change.type == REVERT_TYPE and change.reverted_header:
        description = change.reverted_header
    return NoteEntry(
        description, change.scope, change.sha, change.short_sha, change.pr, change.issues, author
    )


def _breaking_entry(change: CommitChange, author: Author | None) -> NoteEntry:
    description = change.breaking_description or change.description
    return NoteEntry(
        description, change.scope, change.sha, change.short_sha, change.pr, change.issues, author
    )
