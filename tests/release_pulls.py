"""Release PRs as the core reads them, for unit tests of what an open or merged one says."""

from __future__ import annotations

from dataclasses import replace

from regent.core.model import PullRequest, PullState
from regent.core.release_pr.labels import PENDING_LABEL


def open_release_pull(
    *, body: str, title: str = "chore(release): v1.2.0", number: int = 7
) -> PullRequest:
    """acme/widget's open release PR ``number`` from ``release-regent/main`` into main,
    labelled pending."""
    return PullRequest(
        number=number,
        title=title,
        body=body,
        head_branch="release-regent/main",
        head_sha="h" * 40,
        base_branch="main",
        state=PullState.OPEN,
        merged=False,
        merge_commit_sha=None,
        labels=(PENDING_LABEL,),
        draft=False,
        html_url=f"https://github.com/acme/widget/pull/{number}",
    )


def merged_release_pull(*, title: str, body: str = "", number: int = 7) -> PullRequest:
    """That release PR merged into main, still labelled pending."""
    opened = open_release_pull(body=body, title=title, number=number)
    return replace(opened, state=PullState.CLOSED, merged=True, merge_commit_sha="m" * 40)
