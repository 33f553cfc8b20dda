"""Render release notes and changelog entries with Jinja in a sandbox."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.errors import ConfigError
from regent.core.policy import TemplatePolicy

RELEASE_NOTES = "release_notes.md.j2"
CHANGELOG_ENTRY = "changelog_entry.md.j2"
PR_BODY = "pr_body.md.j2"


class JinjaRenderer:
    """Renders the built-in templates, or a repository's own ones where configured."""

    def __init__(self, *, overrides: TemplatePolicy, repository_root: Path | None = None) -> None:
        self._environment = SandboxedEnvironment(
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._sources = {
            RELEASE_NOTES: _source(RELEASE_NOTES, overrides.release_notes, repository_root),
            CHANGELOG_ENTRY: _source(CHANGELOG_ENTRY, overrides.changelog_entry, repository_root),
            PR_BODY: _source(PR_BODY, overrides.pr_body, repository_root),
        }

    def release_notes(self, notes: ReleaseNotes) -> str:
        """The Markdown notes shared by the release PR body and the GitHub Release."""
        return _tidy(self._render(RELEASE_NOTES, notes=notes, **_helpers(notes.repository_url)))

    def changelog_entry(self, notes: ReleaseNotes, *, release_notes: str) -> str:
        """The CHANGELOG.md section for the release, around the already rendered notes."""
        return _tidy(self._render(CHANGELOG_ENTRY, notes=notes, release_notes=release_notes))

    def release_pr_body(self, notes: ReleaseNotes, *, release_notes: str, base_branch: str) -> str:
        """The release PR body above its state marker, around the already rendered notes."""
        return _tidy(
            self._render(
                PR_BODY,
                notes=notes,
                release_notes=release_notes,
                version=notes.version,
                tag=notes.tag,
                base_branch=base_branch,
            )
        )

    def _render(self, name: str, **context: object) -> str:
        label, source = self._sources[name]
        try:
            return self._environment.from_string(source).render(**context)
        except TemplateSyntaxError as error:
            raise ConfigError(
                f"template syntax error: {error.message}", path=label, line=error.lineno
            ) from None
        except TemplateError as error:
            raise ConfigError(f"template failed to render: {error}", path=label) from None


def _tidy(text: str) -> str:
    """No leading blank lines and one final newline; copies long notes only when needed."""
    if text.startswith("\n") or not text.endswith("\n") or text.endswith("\n\n"):
        return text.strip("\n") + "\n"
    return text


def _source(name: str, override: str | None, root: Path | None) -> tuple[str, str]:
    if override is None:
        return name, resources.files("regent").joinpath("templates", name).read_text(
            encoding="utf-8"
        )
    path = (root or Path.cwd()) / override
    try:
        return override, path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read template: {error.strerror}", path=override) from None


def _helpers(repository_url: str | None) -> dict[str, Callable[..., str]]:
    """Link and bullet formatters; plain Python so that long notes render fast."""

    def link_commit(entry: NoteEntry) -> str:
        if repository_url is None:
            return entry.short_sha
        return f"[{entry.short_sha}]({repository_url}/commit/{entry.sha})"

    def link_pr(number: int) -> str:
        return f"[#{number}]({repository_url}/pull/{number})" if repository_url else f"#{number}"

    def link_issue(number: int) -> str:
        return f"[#{number}]({repository_url}/issues/{number})" if repository_url else f"#{number}"

    def format_entry(entry: NoteEntry) -> str:
        scope = f"**{entry.scope}:** " if entry.scope else ""
        pr = f" ({link_pr(entry.pr)})" if entry.pr is not None else ""
        issues = ", ".join(link_issue(number) for number in entry.issues)
        closes = f", closes {issues}" if issues else ""
        return f"{scope}{entry.description}{pr} ({link_commit(entry)}){closes}"

    def format_entries(section: NoteSection) -> str:
        return "\n".join(f"* {format_entry(entry)}" for entry in section.entries)

    return {
        "link_commit": link_commit,
        "link_pr": link_pr,
        "link_issue": link_issue,
        "format_entry": format_entry,
        "format_entries": format_entries,
    }
