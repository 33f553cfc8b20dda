"""Release PRs as the core reads them, for unit tests of what a merged one says."""

from __future__ import annotations

from regent.core.model import PullRequest, PullState
from regent.core.release_pr.labels import PENDING_LABEL


def merged_release_pull(*, title: str, body: str = "", number: int = 7) -> PullRequest:
    """acme/widget's release PR ``number`` from ``release-regent/main``, merged into main and
    still labelled pending."""
    return PullRequest(
        number=number,
        title=title,
        body=body,
        head_branch="release-regent/main",
        head_sha="h" * 40,
        base_branch="main",
        state=PullState.CLOSED,
        merged=True,
        merge_commit_sha="m" * 40,
        labels=(PENDING_LABEL,),
        draft=False,
        html_url=f"https://github.com/acme/widget/pull/{number}",
    )
