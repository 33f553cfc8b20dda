"""Whether a run asks GitHub for auto-merge on the release PR, and the lines it reports when
GitHub refuses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from regent.core.model import PullRequest, PullState
from regent.core.release_pr.auto_merge import AutoMerge, refusal_lines, wants_auto_merge

PULL = PullRequest(
    number=7,
    title="chore: release 1.2.0",
    body="",
    head_branch="release-regent/main",
    head_sha="a" * 40,
    base_branch="main",
    state=PullState.OPEN,
    merged=False,
    merge_commit_sha=None,
    labels=(),
    draft=False,
    html_url="https://github.com/acme/widget/pull/7",
    node_id="PR_kwDOA",
)


@pytest.mark.parametrize(
    ("method", "enabled", "state", "wanted"),
    [
        (None, None, PullState.OPEN, False),
        ("squash", None, PullState.OPEN, True),
        ("squash", "squash", PullState.OPEN, False),
        ("squash", "merge", PullState.OPEN, True),
        ("rebase", None, PullState.CLOSED, False),
    ],
    ids=["not-configured", "off", "already-on", "other-method", "closed"],
)
def test_auto_merge_is_asked_for_once_per_method(
    method: str | None, enabled: str | None, state: PullState, wanted: bool
) -> None:
    pull = replace(PULL, auto_merge=enabled, state=state)
    assert wants_auto_merge(pull, method) is wanted


NOT_ALLOWED = "Pull request Auto merge is not allowed for this repository"
CLEAN = "Pull request Pull request is in clean status"


@pytest.mark.parametrize(
    ("results", "lines"),
    [
        ((AutoMerge(7, "squash"),), ()),
        (
            (AutoMerge(7, "squash", NOT_ALLOWED),),
            (
                f"auto-merge is not enabled on release PR #7: GitHub said {NOT_ALLOWED!r}; turn "
                "on 'Allow auto-merge' in the repository's settings, or merge it by hand",
            ),
        ),
        (
            (AutoMerge(7, "merge", NOT_ALLOWED), AutoMerge(9, "merge", NOT_ALLOWED)),
            (
                f"auto-merge is not enabled on release PR #7, #9: GitHub said {NOT_ALLOWED!r}; "
                "turn on 'Allow auto-merge' in the repository's settings, or merge it by hand",
            ),
        ),
        (
            (AutoMerge(7, "merge", CLEAN), AutoMerge(9, "merge")),
            (
                f"auto-merge is not enabled on release PR #7: GitHub said {CLEAN!r}; nothing "
                "was left to wait for, so merge it by hand",
            ),
        ),
        (
            (AutoMerge(7, "merge", "Something else"),),
            (
                "auto-merge is not enabled on release PR #7: GitHub said 'Something else'; "
                "merge it by hand",
            ),
        ),
    ],
    ids=["enabled", "not-allowed", "once-per-reason", "clean-status", "other"],
)
def test_each_reason_github_gives_is_said_once(
    results: tuple[AutoMerge, ...], lines: tuple[str, ...]
) -> None:
    assert refusal_lines(results) == lines
