"""A migration written out as ``.release-regent.yml``: what was not mapped, and why, as
comments at the top, then the settings."""

from __future__ import annotations

import textwrap

import yaml

from regent.config.migration.result import Migration


def render_migration(migration: Migration) -> str:
    """The text of the configuration file ``migration`` stands for."""
    lines = [
        f"# Release Regent configuration, written by `regent init --from {migration.tool}`",
        f"# from {', '.join(migration.sources)}.",
        "# Reference: docs/configuration.md; what maps from each tool: docs/migration.md",
    ]
    if migration.unmapped:
        lines += ["#", "# Not mapped (set by hand what you still need):"]
        lines += [_wrapped(f"- {item.setting}: {item.reason}") for item in migration.unmapped]
    if migration.notes:
        lines += ["#", "# Notes:"]
        lines += [_wrapped(f"- {note}") for note in migration.notes]
    body = ""
    if migration.settings:
        body = yaml.safe_dump(
            dict(migration.settings), sort_keys=False, allow_unicode=True, width=100
        )
    return "\n".join(lines) + "\n\n" + body


def comment(text: str) -> str:
    """``text`` as one comment line: its line breaks and control characters made spaces."""
    flat = "".join(char if char.isprintable() else " " for char in text)
    return f"#   {' '.join(flat.split())}"


def _wrapped(text: str) -> str:
    """``text`` as comment lines of at most 100 characters."""
    flat = comment(text).removeprefix("#   ")
    return "\n".join(textwrap.wrap(flat, 100, initial_indent="#   ", subsequent_indent="#     "))


def summary_lines(migration: Migration) -> list[str]:
    """What ``regent init --from`` prints about a migration, one line each."""
    lines = [f"read {', '.join(migration.sources)}"]
    lines += [f"not mapped: {item.setting}: {item.reason}" for item in migration.unmapped]
    lines += [f"note: {note}" for note in migration.notes]
    return [comment(line).removeprefix("#   ") for line in lines]
