"""Creating writes (POST) that may have taken effect before their answer was lost.

A 5xx, a dropped connection or a timeout after a POST leaves it unknown whether GitHub acted.
Such a write is re-checked (does the pull request, comment, tag or release now exist?) and
only sent again when the check finds nothing, so no retry duplicates anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from github.GithubException import GithubException

from regent.adapters.github.retry import RetryHooks, RetryPolicy, backoff_delay

log = logging.getLogger(__name__)

T = TypeVar("T")


def is_ambiguous(error: BaseException) -> bool:
    """Whether a failed request may still have taken effect on GitHub."""
    if isinstance(error, GithubException):
        return error.status >= 500
    return isinstance(error, requests.ConnectionError | requests.Timeout)


def already_exists(error: GithubException) -> bool:
    """GitHub's 422 for creating something that is already there (ref, pull request, release)."""
    if error.status != 422:
        return False
    data = error.data if isinstance(error.data, dict) else {}
    details = [item for item in data.get("errors") or () if isinstance(item, dict)]
    codes = {str(item.get("code")) for item in details}
    said = " ".join(
        [str(data.get("message", ""))] + [str(item.get("message", "")) for item in details]
    )
    return "already_exists" in codes or "already exists" in said.lower()


def nothing_to_check() -> None:
    """The re-check of a write that is harmless to repeat (blobs, trees, commits, ref updates)."""


@dataclass(frozen=True, slots=True)
class Writer:
    """Sends a creating write, re-checking before each repeat."""

    policy: RetryPolicy
    hooks: RetryHooks

    def create(self, send: Callable[[], T], *, recheck: Callable[[], T | None]) -> T:
        """``send()``; after an ambiguous failure, or GitHub's "already exists", ``recheck()``
        wins if it finds the result."""
        attempt = 1
        while True:
            try:
                return send()
            except Exception as error:
                if isinstance(error, GithubException) and already_exists(error):
                    return self._existing(recheck, error)
                if not is_ambiguous(error) or attempt >= self.policy.attempts:
                    raise
                self._pause(attempt, error)
            found = recheck()
            if found is not None:
                log.info(
                    "GitHub had already done the write whose answer was lost; not repeating it"
                )
                return found
            attempt += 1

    @staticmethod
    def _existing(recheck: Callable[[], T | None], error: GithubException) -> T:
        """What an "already exists" refusal found there, or the refusal when nothing matches."""
        found = recheck()
        if found is None:
            raise error
        return found

    def _pause(self, attempt: int, error: Exception) -> None:
        status = error.status if isinstance(error, GithubException) else None
        delay = backoff_delay(attempt, policy=self.policy, rand=self.hooks.rand())
        log.info(
            "GitHub write failed (%s); re-checking it, then retrying in %.1fs",
            status if status is not None else type(error).__name__,
            delay,
        )
        try:
            self.hooks.pause(delay, status=status, policy=self.policy)
        except Exception:
            raise error from None
