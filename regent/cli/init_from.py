"""``regent init --from TOOL``: another release tool's configuration in the checkout, written as
``.release-regent.yml`` (with the example workflow, as ``regent init`` writes it)."""

from __future__ import annotations

import argparse
from collections.abc import Set
from pathlib import Path, PurePosixPath

from regent.adapters.checkout_files import read_checkout_file
from regent.adapters.git.history import GitHistory
from regent.cli.init_files import write_files
from regent.cli.init_owner import WORKFLOW_PATH, init_workflow
from regent.config import CONFIG_FILE_NAMES, parse_config_text
from regent.config.migration import (
    matching_tags,
    migrate,
    render_migration,
    source_files,
    summary_lines,
)
from regent.core.errors import ConfigError, HistoryError
from regent.core.markdown import printable
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, Links

SHOWN_TAGS = 3


def init_from(arguments: argparse.Namespace) -> int:
    """Write the configuration that stands for ``arguments.from_tool``'s; print what was not
    mapped and how many existing tags the new tag templates name."""
    root = Path(arguments.path)
    tool = arguments.from_tool
    texts = {
        name: text
        for name in source_files(tool)
        if (
            text := read_checkout_file(
                root, name, limit=CONFIG_SIZE_LIMIT, links=Links.FOLLOW_INSIDE
            )
        )
        is not None
    }
    tags = _tag_names(root)
    migration = migrate(tool, texts, tags=tags)
    text = render_migration(migration)
    try:
        parse_config_text(text, source=CONFIG_FILE_NAMES[0])
    except ConfigError as error:
        raise ConfigError(
            f"the configuration made from {tool}'s does not validate, so it was not written "
            f"(please report this): {error}"
        ) from None
    workflow = init_workflow(root)
    files = {PurePosixPath(CONFIG_FILE_NAMES[0]): text, WORKFLOW_PATH: workflow.text}
    for path in write_files(root, files, force=arguments.force):
        print(f"wrote {path}")
    print(printable(workflow.note))
    for line in summary_lines(migration):
        print(printable(line))
    for template in migration.tag_templates if tags is not None else ():
        print(printable(_tags_line(template, tags or set())))
    return 0


def _tag_names(root: Path) -> Set[str] | None:
    """The repository's tag names; None when ``root`` is not in a git repository."""
    try:
        return {name for name, _ in GitHistory(root).tag_commits(glob="*")}
    except HistoryError:
        return None


def _tags_line(template: str, tags: Set[str]) -> str:
    found = matching_tags(template, tags)
    if not found:
        return f"tags {template}: none yet; the first release is initial_version"
    shown = ", ".join(found[-SHOWN_TAGS:])
    return f"tags {template}: {len(found)} existing tags keep counting (e.g. {shown})"
