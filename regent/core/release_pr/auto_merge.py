"""GitHub's auto-merge on the release PR (``release_pr.auto_merge``): whether a run asks for it,
and the line a run reports when GitHub would not enable it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from regent.core.model import PullRequest

MergeMethod = Literal["squash", "merge", "rebase"]
"""GitHub's merge methods, as ``release_pr.auto_merge`` names them (GraphQL: upper case)."""


@dataclass(frozen=True, slots=True)
class AutoMerge:
    """What a run did about auto-merge on release PR ``number``: enabled it with ``method``, or
    GitHub refused (``refusal`` holds GitHub's reason) and the release PR waits for a person."""

    number: int
    method: str
    refusal: str | None = None

    @property
    def enabled(self) -> bool:
        return self.refusal is None


def wants_auto_merge(pull: PullRequest, method: str | None) -> bool:
    """Whether to enable auto-merge with ``method`` on ``pull``: configured, open, and not
    already enabled with that method (as the pull request JSON a run holds says)."""
    return method is not None and pull.is_open and pull.auto_merge != method


def refusal_lines(results: Sequence[AutoMerge]) -> tuple[str, ...]:
    """One line per distinct reason GitHub gave for not enabling auto-merge, naming the release
    PRs it concerns (for the job summary and the run's log)."""
    by_reason: dict[str, list[int]] = {}
    for result in results:
        if result.refusal is not None:
            by_reason.setdefault(result.refusal, []).append(result.number)
    return tuple(
        f"auto-merge is not enabled on release PR {', '.join(f'#{n}' for n in numbers)}: "
        f"GitHub said {reason!r}; {_hint(reason)}"
        for reason, numbers in by_reason.items()
    )


def _hint(reason: str) -> str:
    said = reason.lower()
    if "not allowed" in said:
        return "turn on 'Allow auto-merge' in the repository's settings, or merge it by hand"
    if "protected branch" in said:
        return "require a status check on the base branch, or merge it by hand"
    if "clean status" in said:
        return "nothing was left to wait for, so merge it by hand"
    return "merge it by hand"
