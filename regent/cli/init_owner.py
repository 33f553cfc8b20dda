"""The workflow ``regent init`` writes, with its ``uses:`` owner filled in when the repository's
remote names one.

Until Release Regent is published, a repository uses it from a fork, most often in the account
the repository belongs to; so the owner of the ``origin`` remote (an https or ssh URL, on
github.com or a GitHub Enterprise Server) is written there. Without one the workflow keeps the
``OWNER`` placeholder, and one printed line says what to replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from regent.adapters.git.history import GitHistory
from regent.config import example_workflow
from regent.core.errors import HistoryError

WORKFLOW_PATH = PurePosixPath(".github/workflows/release-regent.yml")


@dataclass(frozen=True)
class InitWorkflow:
    """The workflow's text and the line to print about its ``uses:`` owner."""

    text: str
    note: str


def init_workflow(root: Path) -> InitWorkflow:
    """The example workflow for the repository at ``root``."""
    owner = remote_owner(root)
    if owner is None:
        return InitWorkflow(
            text=example_workflow(),
            note=(
                f"replace OWNER in {WORKFLOW_PATH} with the account whose copy of Release Regent "
                "you use: until it is published, your fork, with a v1 tag (docs/action.md)"
            ),
        )
    return InitWorkflow(
        text=example_workflow(owner=owner),
        note=(
            f"{WORKFLOW_PATH} uses {owner}/release-regent@v1 ({owner} owns origin): until "
            f"Release Regent is published, fork it to {owner} and create a v1 tag there"
        ),
    )


def remote_owner(root: Path) -> str | None:
    """The account of the repository's GitHub remote (``origin``, else its only remote)."""
    try:
        url = GitHistory(root).repository_url()
    except HistoryError:
        return None
    if url is None:
        return None
    return urlsplit(url).path.split("/")[1]
