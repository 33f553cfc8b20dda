"""The one GitHub issue per repository and base branch that tracks a failing release: opened at
the first failure, commented on at each later one, closed with a comment by the next success.

One listing of the open issues labelled ``release-regent: failure`` per run finds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.notifications import (
    FAILURE_LABEL,
    ReleaseFailure,
    ReleaseRecovery,
    failure_comment,
    failure_issue_body,
    failure_issue_title,
    recovery_comment,
)
from regent.core.notifications_ports import IssueTracker, TrackedIssue


@dataclass(frozen=True, slots=True)
class FailureIssues:
    """The failure issues of the repository ``tracker`` is bound to."""

    tracker: IssueTracker

    def report(self, failure: ReleaseFailure) -> TrackedIssue:
        """Comment on the branch's open issue, or open it (never a second one)."""
        found = self._find(failure.base_branch)
        if found is not None:
            self.tracker.comment_on_issue(found.number, failure_comment(failure))
            return found
        return self.tracker.open_issue(
            title=failure_issue_title(failure.base_branch),
            body=failure_issue_body(failure),
            labels=(FAILURE_LABEL,),
        )

    def resolve(self, recovery: ReleaseRecovery) -> TrackedIssue | None:
        """Close the branch's open issue with a comment; None when there was none."""
        found = self._find(recovery.base_branch)
        if found is not None:
            self.tracker.comment_on_issue(found.number, recovery_comment(recovery))
            self.tracker.close_issue(found.number)
        return found

    def _find(self, base_branch: str) -> TrackedIssue | None:
        title = failure_issue_title(base_branch)
        issues = self.tracker.open_issues(label=FAILURE_LABEL)
        return min((i for i in issues if i.title == title), key=lambda i: i.number, default=None)
