"""``regent changelog``: print or write the changelog of every past release (docs/changelog.md);
and ``regent init``'s offer to write it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath

from regent.cli.init_files import write_files
from regent.cli.progress import PROGRESS_AFTER, Progress
from regent.core.errors import RegentError, UsageError
from regent.core.markdown import printable
from regent.runtimes.wiring.backfill import checkout_backfill
from regent.services.changelog_backfill import SHOWN_TAGS, Backfill, ChangelogBackfill


def changelog_command(arguments: argparse.Namespace) -> int:
    """Print the changelog of the checkout's release tags, or write it with ``--write``."""
    progress = Progress(sys.stderr, after=PROGRESS_AFTER)
    try:
        backfill, root = checkout_backfill(
            Path(arguments.path), config=arguments.config, on_read=progress.commits_read
        )
        found = backfill.releases(since=arguments.since)
    finally:
        progress.done()
    for line in left_out_lines(found):
        print(f"regent: {printable(line)}", file=sys.stderr)
    text = backfill.changelog_text(found, keep_older=arguments.since is not None)
    if arguments.write:
        print(_write(backfill, root, text, found))
    else:
        sys.stdout.write(printable(text))
    return 0


def left_out_lines(found: Backfill) -> list[str]:
    """One line per kind of release tag left out of the changelog, naming some of them."""
    lines = []
    if found.unparsed:
        lines.append(
            f"{_tags(len(found.unparsed))} skipped: not {found.scheme} versions "
            f"({_names(found.unparsed)})"
        )
    if found.elsewhere:
        lines.append(
            f"{_tags(len(found.elsewhere))} skipped: not in the history of HEAD "
            f"({_names(found.elsewhere)})"
        )
    return lines


def offer_changelog(root: Path, *, write: bool) -> str | None:
    """``regent init``'s line about the changelog: with ``write``, write it from the release
    tags; else, when there are release tags and no changelog file, say how to. None: nothing
    to say."""
    try:
        backfill, top = checkout_backfill(root, config=None)
        existing = backfill.existing()
        count = backfill.tag_count() if existing is None else 0
    except RegentError as error:
        if write:
            raise UsageError(f"--changelog: {error.message}") from None
        return None
    if write:
        if existing is not None:
            raise UsageError(
                f"--changelog: {backfill.changelog_path} already exists; "
                "`regent changelog --write` rebuilds its release sections"
            )
        found = backfill.releases()
        return _write(backfill, top, backfill.changelog_text(found, keep_older=False), found)
    if not count:
        return None
    return (
        f"found {_tags(count, kind='release tag')} and no {backfill.changelog_path}: "
        "`regent changelog --write` (or `regent init --changelog`) writes it from them"
    )


def _write(backfill: ChangelogBackfill, root: Path, text: str, found: Backfill) -> str:
    """Write the changelog file inside the checkout; the line saying so."""
    (path,) = write_files(root, {PurePosixPath(backfill.changelog_path): text}, force=True)
    releases = len(found.releases)
    return f"wrote {path} ({releases} release{'' if releases == 1 else 's'})"


def _tags(number: int, *, kind: str = "tag") -> str:
    return f"{number} {kind}{'' if number == 1 else 's'}"


def _names(tags: tuple[str, ...]) -> str:
    more = len(tags) - SHOWN_TAGS
    return ", ".join(tags[:SHOWN_TAGS]) + (f" and {more} more" if more > 0 else "")
