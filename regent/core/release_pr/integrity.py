"""Whether a merged release PR's files carry the version it would be tagged with, and if not,
the refusal: nothing tagged, a comment saying what happened and what to do.

A release PR's title and state marker are written in one request, its branch in another, so a
run stopped between the two leaves a PR whose title says one version and whose files another.
Publishing trusts neither alone: the files at the merge commit must say the version too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from regent.core.markdown import markdown_line, printable_line
from regent.core.model import PullRequest
from regent.core.release_pr.events import ReleaseEvent
from regent.core.release_pr.labels import PENDING_LABEL, closed_labels, same_labels
from regent.core.versioning.versions import Version

SHOWN = 200
"""At most this many characters of a path or version read from the repository are shown."""


@dataclass(frozen=True, slots=True)
class MismatchedRelease:
    """A merged release PR still labelled pending whose files disagree with its version."""

    pull: PullRequest
    version: Version
    tag: str
    source: str
    problem: str


@dataclass(frozen=True, slots=True)
class RefuseRelease:
    """Release nothing for a merged release PR whose files disagree with its version: comment
    on it, drop its pending label (the done flag, last), and report the run as failed."""

    pull: PullRequest
    version: str
    tag: str
    commit: str
    problem: str
    comment: str
    labels: tuple[str, ...] | None
    reason: str
    event: ClassVar[ReleaseEvent] = ReleaseEvent.RELEASE_REFUSED

    def describe(self) -> str:
        return (
            f"refuse {self.tag} (merge of #{self.pull.number}): no tag, no release; comment "
            "and drop the pending label"
        )


def files_problem(
    version: str,
    *,
    stale_files: Sequence[tuple[str, str | None]],
    changelog_path: str,
    newest_section: str | None,
) -> str | None:
    """What in a commit's release files disagrees with ``version``, in words; None if nothing.

    ``stale_files``: the version files that do not carry ``version``, with the one they carry;
    ``newest_section``: the version of the changelog's newest section.
    """
    problems = [
        f"{_shown(path)} says {_shown(found) if found else 'no version'}"
        for path, found in stale_files
    ]
    if newest_section is None:
        problems.append(f"{_shown(changelog_path)} has no release section")
    elif newest_section != version:
        problems.append(f"{_shown(changelog_path)} tops with {_shown(newest_section)}")
    return "; ".join(problems) or None


def unreadable_problem(message: str) -> str:
    """The problem of release files that cannot be read at a commit (``message`` says why)."""
    return f"its files cannot be read: {_shown(message)}"


def refuse_release(item: MismatchedRelease, *, base_branch: str) -> RefuseRelease:
    """The refusal of ``item``: what to say on the PR and which labels to leave it with."""
    pull = item.pull
    commit = pull.merge_commit_sha or ""
    labels = closed_labels(pull.labels)
    comment = (
        f"Release Regent did not release this pull request. It stands for {item.tag} "
        f"(read from {item.source}), but the files at its merge commit {commit[:12]} say "
        f"otherwise: {markdown_line(item.problem)}.\n\n"
        "This happens when the release branch was rewritten (for a newer version, or by hand) "
        "and the pull request was merged before its title caught up. Nothing was tagged or "
        f"published, and the `{PENDING_LABEL}` label was removed. Release Regent opens a new "
        f"release pull request for the changes on {markdown_line(base_branch)}: check its "
        "version and "
        "merge it to release them (or tag the commit yourself if these files are what you "
        "want to ship)."
    )
    return RefuseRelease(
        pull=pull,
        version=str(item.version),
        tag=item.tag,
        commit=commit,
        problem=item.problem,
        comment=comment,
        labels=None if same_labels(pull.labels, labels) else labels,
        reason=(
            f"release PR #{pull.number} was merged as {commit[:12]} for {item.tag} "
            f"({item.source}), but its files disagree: {item.problem}"
        ),
    )


def _shown(text: str) -> str:
    """Repository text, cut short, on one printable line: it goes into a comment, a log line
    and an error message, where a line break could start a forged workflow command."""
    return printable_line(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def refusal_error_message(refusals: Sequence[RefuseRelease]) -> str:
    """The run's failure message after refusing ``refusals``."""
    listed = "; ".join(f"#{item.pull.number} ({item.tag}): {item.problem}" for item in refusals)
    return (
        f"merged release PRs were not released because their files disagree with their "
        f"version: {listed}. Nothing was tagged; each PR has a comment saying what to do, and "
        "the next release PR proposes the version for the changes on the base branch"
    )
