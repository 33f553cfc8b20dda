"""Render release notes and changelog entries with Jinja in a sandbox."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment

from regent.adapters.checkout_files import read_checkout_file
from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes, markdown_notes
from regent.core.errors import ConfigError
from regent.core.markdown import markdown_line
from regent.core.notes.author import Author
from regent.core.policy import TemplateFilter, TemplatePolicy
from regent.core.repo_paths import TEMPLATE_SIZE_LIMIT, Links

RELEASE_NOTES = "release_notes.md.j2"
CHANGELOG_ENTRY = "changelog_entry.md.j2"
PR_BODY = "pr_body.md.j2"


TemplateReader = Callable[[str], str | None]
"""Reads a repository path's text, None when there is no such file."""


class JinjaRenderer:
    """Renders the built-in templates, or a repository's own ones where configured.

    Templates see commit text and branch names already escaped for Markdown
    (``markdown_notes``), so an override is as safe as the built-in templates.

    Overrides are read from ``repository_root`` (default: the working directory), or through
    ``read_template`` (a clone without a work tree reads them from git), when first rendered.
    """

    def __init__(
        self,
        *,
        overrides: TemplatePolicy,
        repository_root: Path | None = None,
        read_template: TemplateReader | None = None,
    ) -> None:
        self._environment = SandboxedEnvironment(
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        add_plugin_filters(self._environment, overrides.filters)
        self._overrides = {
            RELEASE_NOTES: overrides.release_notes,
            CHANGELOG_ENTRY: overrides.changelog_entry,
            PR_BODY: overrides.pr_body,
        }
        self._read = read_template or _disk_reader(repository_root or Path.cwd())
        self._sources: dict[str, tuple[str, str]] = {}
        self._templates: dict[str, Template] = {}
        self._escaped: tuple[tuple[NoteSection, ...], tuple[NoteSection, ...]] = ((), ())
        """The sections last escaped, and their escaping (notes, the changelog's and the PR
        body's share theirs)."""

    def release_notes(self, notes: ReleaseNotes) -> str:
        """The Markdown notes shared by the release PR body and the GitHub Release."""
        return self._render(RELEASE_NOTES, notes=self._escape(notes), **_helpers(notes))

    def changelog_entry(self, notes: ReleaseNotes, *, release_notes: str) -> str:
        """The CHANGELOG.md section for the release, around the already rendered notes."""
        return self._render(CHANGELOG_ENTRY, notes=self._escape(notes), release_notes=release_notes)

    def renders_alike(self, notes: ReleaseNotes, other: ReleaseNotes) -> bool:
        """Whether ``release_notes`` renders ``notes`` and ``other`` the same: equal notes, or,
        with the built-in template, notes differing only in ``mentions`` where it shows no
        authors (it mentions nobody without ``show_contributors``)."""
        if self._overrides[RELEASE_NOTES] is None and not notes.show_contributors:
            other = replace(other, mentions=notes.mentions)
        return notes == other  # the same sections compare by identity: no entry is read

    def release_pr_body(self, notes: ReleaseNotes, *, release_notes: str, base_branch: str) -> str:
        """The release PR body above its state marker, around the already rendered notes."""
        return self._render(
            PR_BODY,
            notes=self._escape(notes),
            release_notes=release_notes,
            version=notes.version,
            tag=notes.tag,
            base_branch=markdown_line(base_branch),
        )

    def _escape(self, notes: ReleaseNotes) -> ReleaseNotes:
        """``markdown_notes(notes)``, the sections escaped once for every template that shows
        them (the same tuple of sections, as ``for_changelog`` keeps it)."""
        sections, escaped = self._escaped
        if notes.sections is not sections:
            shown = markdown_notes(notes)
            self._escaped = (notes.sections, shown.sections)
            return shown
        return replace(notes, sections=escaped)

    def _source(self, name: str) -> tuple[str, str]:
        """The template's label (for errors) and text: the override, else the built-in one."""
        if name not in self._sources:
            override = self._overrides[name]
            self._sources[name] = (
                (name, _builtin(name))
                if override is None
                else (
                    override,
                    self._read_override(override),
                )
            )
        return self._sources[name]

    def _template(self, name: str) -> Template:
        """The template compiled once (``regent changelog`` renders one per past release)."""
        if name not in self._templates:
            self._templates[name] = self._environment.from_string(self._source(name)[1])
        return self._templates[name]

    def _read_override(self, path: str) -> str:
        text = self._read(path)
        if text is None:
            raise ConfigError("cannot read template: no such file in the repository", path=path)
        return text

    def _render(self, name: str, **context: object) -> str:
        """The template rendered, tidied (``_tidy``)."""
        label, _ = self._source(name)
        try:
            return _tidy(list(self._template(name).generate(**context)))
        except TemplateSyntaxError as error:
            raise ConfigError(
                f"template syntax error: {error.message}", path=label, line=error.lineno
            ) from None
        except TemplateError as error:
            raise ConfigError(f"template failed to render: {error}", path=label) from None


def add_plugin_filters(
    environment: SandboxedEnvironment, filters: Sequence[TemplateFilter]
) -> None:
    """Give the sandbox the plugins' filters; one that raises fails the render as a template
    error naming it, and none may replace a filter Jinja has already."""
    for plugin in filters:
        if plugin.name in environment.filters:
            raise ConfigError(
                f"the template filter plugin {plugin.name!r} has the name of one of Jinja's "
                "own filters; give its entry point another name",
                key="templates.filters",
            )
        environment.filters[plugin.name] = _guarded(plugin)


def _guarded(plugin: TemplateFilter) -> Callable[..., object]:
    function = plugin.function

    def run(*args: object, **kwargs: object) -> object:
        try:
            return function(*args, **kwargs)
        except TemplateError:
            raise
        except Exception as error:  # a broken plugin fails the render, not the process
            raise TemplateRuntimeError(
                f"the filter {plugin.name!r} (a plugin) raised {type(error).__name__}: {error}"
            ) from None

    return run


def _tidy(pieces: list[str]) -> str:
    """The rendered ``pieces`` joined with no leading blank lines and one final newline, in one
    copy (long notes are one piece of the changelog entry's and the PR body's)."""
    while pieces and not pieces[0].strip("\n"):
        pieces.pop(0)
    while pieces and not pieces[-1].strip("\n"):
        pieces.pop()
    if not pieces:
        return "\n"
    pieces[0] = pieces[0].lstrip("\n")  # the same text when it has no leading newline
    last = pieces[-1]
    end = len(last)
    while last[end - 1] == "\n":
        end -= 1
    if end == len(last):
        pieces.append("\n")
    elif end + 1 < len(last):
        pieces[-1] = last[: end + 1]
    return "".join(pieces)


def _builtin(name: str) -> str:
    return resources.files("regent").joinpath("templates", name).read_text(encoding="utf-8")


def _disk_reader(root: Path) -> TemplateReader:
    """Reads an override from the checkout: inside it only, up to the template size limit."""

    def read(relative: str) -> str | None:
        return read_checkout_file(
            root, relative, limit=TEMPLATE_SIZE_LIMIT, links=Links.FOLLOW_INSIDE
        )

    return read


def _in_bullet(text: str) -> str:
    """``text`` with its lines after the first indented by two spaces (blank ones left empty)."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(f"  {line}" if line.strip() else "" for line in rest)])


ISSUES_LISTED = 20
"""Issues linked in one entry; a commit closing more says how many more (notes stay readable,
and a footer of 10,000 ``Closes #N`` lines cannot make one entry megabytes long)."""


_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")
"""A GitHub login as GitHub allows it (a bot's ends in ``[bot]``): safe to write as is."""


def format_author(author: Author, *, mentions: bool) -> str:
    """``@login`` (in a code span unless ``mentions``, so that nobody is notified), else the
    git name escaped for Markdown."""
    if author.login is not None and _LOGIN.fullmatch(author.login):
        return f"@{author.login}" if mentions else f"`@{author.login}`"
    return markdown_line(author.login or author.name or author.email)


def format_authors(authors: Sequence[Author], *, mentions: bool) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    names = [format_author(author, mentions=mentions) for author in authors]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _helpers(notes: ReleaseNotes) -> dict[str, Callable[..., str]]:
    """Link and bullet formatters; plain Python so that long notes render fast."""
    repository_url, mentions = notes.repository_url, notes.mentions
    credit = notes.show_contributors

    def link_commit(entry: NoteEntry) -> str:
        if repository_url is None:
            return entry.short_sha
        return f"[{entry.short_sha}]({repository_url}/commit/{entry.sha})"

    def link_pr(number: int) -> str:
        return f"[#{number}]({repository_url}/pull/{number})" if repository_url else f"#{number}"

    def link_issue(number: int) -> str:
        return f"[#{number}]({repository_url}/issues/{number})" if repository_url else f"#{number}"

    def format_entry(entry: NoteEntry) -> str:
        """One bullet's text; lines after the first indented to stay inside a ``* `` bullet."""
        scope = f"**{entry.scope}:** " if entry.scope else ""
        pr = f" ({link_pr(entry.pr)})" if entry.pr is not None else ""
        issues = ", ".join(link_issue(number) for number in entry.issues[:ISSUES_LISTED])
        more = len(entry.issues) - ISSUES_LISTED
        issues += f" and {more:,} more" if more > 0 else ""
        closes = f", closes {issues}" if issues else ""
        commit = f" ({link_commit(entry)})" if entry.sha else ""  # a dependency has none
        author = entry.author
        by = f" by {format_author(author, mentions=mentions)}" if credit and author else ""
        return _in_bullet(f"{scope}{entry.description}{pr}{commit}{by}{closes}")

    def format_entries(section: NoteSection) -> str:
        return "\n".join(f"* {format_entry(entry)}" for entry in section.entries)

    return {
        "link_commit": link_commit,
        "link_pr": link_pr,
        "link_issue": link_issue,
        "format_entry": format_entry,
        "format_entries": format_entries,
        "format_author": lambda author: format_author(author, mentions=mentions),
        "format_authors": lambda authors: format_authors(authors, mentions=mentions),
    }
