"""Telling people that a release failed, and that it recovered.

A run that fails tells the failure issue (``notifications.github_issue``) and every other
notifier; the next run of that branch that succeeds closes the issue and, when there was one,
tells the other notifiers it recovered (without the issue they hear of failures only: nothing
else remembers one). A notifier that fails is logged, and the run's own error goes on as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from regent.core.errors import RegentError
from regent.core.notifications import (
    NotificationEvent,
    ReleaseFailure,
    ReleaseRecovery,
    RunLink,
    writes_done,
)
from regent.core.notifications_ports import Notifier
from regent.services.notify_issues import FailureIssues

log = logging.getLogger(__name__)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseNotices:
    """The notifiers of one run on ``repository``.

    ``writes``: the requests the run's GitHub port made so far, by operation (what it had
    already done when it failed); ``redact``: removes secrets from an error's text.
    """

    repository: str
    link: RunLink
    issues: FailureIssues | None
    notifiers: tuple[Notifier, ...]
    writes: Callable[[], Mapping[str, int]]
    redact: Callable[[str], str] = _same

    def failed(self, base_branch: str, error: BaseException) -> None:
        """Tell every notifier the run on ``base_branch`` failed with ``error``."""
        failure = ReleaseFailure(
            repository=self.repository,
            base_branch=base_branch,
            error=self.redact(_error_text(error)),
            retryable=isinstance(error, RegentError) and error.retryable,
            done=writes_done(self.writes()),
            link=self.link,
        )
        issues = self.issues
        if issues is not None:
            self._guarded("github_issue", lambda: issues.report(failure))
        self._tell(failure)

    def succeeded(self, base_branch: str) -> None:
        """Close the branch's failure issue, if open, and tell the others it recovered."""
        if self.issues is None:
            return
        recovery = ReleaseRecovery(
            repository=self.repository, base_branch=base_branch, link=self.link
        )
        issues = self.issues
        if self._guarded("github_issue", lambda: issues.resolve(recovery)) is not None:
            log.info("closed the failure issue of %s %s", self.repository, base_branch)
            self._tell(recovery)

    def _tell(self, event: NotificationEvent) -> None:
        for notifier in self.notifiers:
            self._guarded(notifier.name, partial(notifier.notify, event))

    def _guarded(self, name: str, call: Callable[[], object]) -> object:
        """``call``'s result; None, logged, when it raised."""
        try:
            return call()
        except Exception as error:  # a notifier never hides the run's own outcome
            log.error(
                "the %s notifier failed for %s: %s",
                name,
                self.repository,
                self.redact(_error_text(error)),
            )
            return None


def _error_text(error: BaseException) -> str:
    if isinstance(error, RegentError):
        return error.message
    return f"unexpected error: {type(error).__name__}: {error}"
