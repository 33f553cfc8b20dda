"""Whether an open release PR's state marker is believed: its branch holds what it claims."""

from __future__ import annotations

import logging

from regent.core.errors import RegentError
from regent.core.model import FileChange, PullRequest
from regent.core.ports import HistoryReader
from regent.core.release_pr.decision import release_pr_marker
from regent.core.release_pr.marker import content_digest, parse_marker
from regent.core.release_pr.state import NextRelease

log = logging.getLogger(__name__)


def untrusted_marker(
    history: HistoryReader,
    pull: PullRequest | None,
    wanted: NextRelease | None,
    *,
    base_sha: str,
    branch: str,
) -> str | None:
    """Why the open PR's marker is not believed, when it claims that the branch already holds
    ``wanted`` but the branch (fetched by git, no API call) holds other files."""
    shown = parse_marker(pull.body) if pull is not None else None
    if pull is None or shown is None or wanted is None:
        return None
    claimed = release_pr_marker(wanted, base_sha=base_sha)
    if (shown.base_sha, shown.content) != (claimed.base_sha, claimed.content):
        return None  # the branch is rewritten anyway
    if _branch_holds(history, branch, wanted, base_sha=base_sha):
        return None
    problem = (
        f"its state marker says {wanted.tag} on {base_sha[:12]}, but the release branch "
        "holds other files (a run stopped half-way, or a push to it)"
    )
    log.warning("release PR #%d: %s; the branch is rewritten", pull.number, problem)
    return problem


def _branch_holds(
    history: HistoryReader, branch: str, wanted: NextRelease, *, base_sha: str
) -> bool:
    """Whether ``branch`` is one commit on ``base_sha`` holding ``wanted``'s files; a branch
    that cannot be fetched or read (gone, a link pushed in place of a file) does not."""
    try:
        head = history.refresh(branch, tags=False)  # the tags came with the base
        if history.first_parent(head) != base_sha:
            return False
        found = [FileChange(f.path, history.read_file_at(head, f.path)) for f in wanted.files]
    except RegentError:
        return False
    return content_digest(found) == content_digest(wanted.files)
