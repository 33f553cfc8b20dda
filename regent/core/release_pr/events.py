"""What applying each decided action reports: the words of the Action's outputs, the logs and
the webhook metrics."""

from __future__ import annotations

from enum import StrEnum


class ReleaseEvent(StrEnum):
    """One action applied (a run reports one per release, then one for the release PR)."""

    RELEASE_REFUSED = "release_refused"
    RELEASED = "released"
    RELEASE_PR_OPENED = "release_pr_opened"
    RELEASE_PR_UPDATED = "release_pr_updated"
    RELEASE_PR_UNCHANGED = "release_pr_unchanged"
    RELEASE_PR_CLOSED = "release_pr_closed"
    NOTHING_TO_RELEASE = "nothing_to_release"
    RELEASE_PR_SKIPPED = "release_pr_skipped"
