"""What chains and crowds of reverts leave in the release: a pull request's merge reverted and
restored down a chain, one pull request reverted many times, a squash reverted and restored,
and reverts of a PR and of one of its commits mixed (the last revert that took a commit
decides it; a revert of a revert undoes exactly what that revert did)."""

from __future__ import annotations

import pytest

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.history import RawCommit
from regent.core.policy import BumpPolicy

REPO = "acme/app"
BRANCH = (2, 3, 4)
MERGE = 5


def sha(number: int) -> str:
    return f"{number:040x}"


def revert_of(number: int) -> str:
    return f"Revert {number}\n\nThis reverts commit {sha(number)}."


def pr_revert(number: int) -> str:
    return f"Undo b (#{number})\n\nReverts {REPO}#5"


def after_merge(*reverts: str) -> tuple[CommitChange, ...]:
    """main: base, the merge of PR 5 (b1, b2, b3 as commits 2 to 4), then the reverts as
    commits 6, 7, ...; analysed as ``git log`` gives it, newest first."""
    commits = [RawCommit(sha(1), (), "chore: base")]
    for n in BRANCH:
        commits.append(RawCommit(sha(n), (sha(n - 1),), f"feat: b{n - 1}"))
    merge_message = "Merge pull request #5 from acme/b\n\nfeat: b"
    commits.append(RawCommit(sha(MERGE), (sha(1), sha(4)), merge_message))
    for n, message in enumerate(reverts, start=MERGE + 1):
        commits.append(RawCommit(sha(n), (sha(n - 1),), message))
    return analyse_commits(tuple(reversed(commits)), bump_policy=BumpPolicy())


def states(changes: tuple[CommitChange, ...]) -> str:
    """One letter per branch commit, then per revert: + counted, x cancelled."""
    kept = [changes[n - 1] for n in BRANCH] + list(changes[MERGE:])
    return "".join("+" if c.effect.value == "counted" else "x" for c in kept)


def chain(links: int) -> list[str]:
    """The first revert names the merge; each later one reverts the one before."""
    return [revert_of(MERGE + n - 1) for n in range(1, links + 1)]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        pytest.param(1, "xxx" + "x", id="reverted"),
        pytest.param(2, "+++" + "xx", id="restored"),
        pytest.param(3, "xxx" + "xxx", id="reverted-again"),
        pytest.param(4, "+++" + "xxxx", id="restored-again"),
    ],
)
def test_a_chain_of_reverts_of_a_merge_turns_its_commits_off_and_on(
    links: int, expected: str
) -> None:
    changes = after_merge(*chain(links))
    assert states(changes) == expected
    last = changes[-1]
    named = "PR #5 (3 commits)" if links == 1 else sha(MERGE + links - 1)[:7]
    assert last.note == f"reverts {named}, which is not released yet"


def test_each_commit_of_a_chain_says_what_undid_it() -> None:
    changes = after_merge(*chain(3))
    assert {changes[n - 1].note for n in BRANCH} == {f"reverted by {sha(8)[:7]}"}
    assert [c.note for c in changes[MERGE:-1]] == [f"reverted by {sha(n)[:7]}" for n in (7, 8)]


def test_many_reverts_of_one_pr_cancel_it_once_and_stay_reverts() -> None:
    changes = after_merge(*(pr_revert(900 + n) for n in range(3)))
    assert states(changes) == "xxx" + "x++"
    assert changes[MERGE].note == "reverts PR #5 (3 commits), which is not released yet"
    assert [(c.type, c.pr) for c in changes[MERGE + 1 :]] == [("revert", 901), ("revert", 902)]


def squash_then(*messages: str) -> str:
    history = ["feat: a (#1)", *messages]
    commits = [
        RawCommit(sha(n), (sha(n - 1),) if n > 1 else (), message)
        for n, message in enumerate(history, start=1)
    ]
    changes = analyse_commits(tuple(reversed(commits)), bump_policy=BumpPolicy())
    return "".join("+" if c.effect.value == "counted" else "x" for c in changes)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        pytest.param(
            [f"Undo a (#2)\n\nReverts {REPO}#1", f"Undo a (#3)\n\nReverts {REPO}#1"],
            "xx+",
            id="two-reverts-of-one-squash",
        ),
        pytest.param(
            [
                f'Revert "feat: a (#1)" (#2)\n\nReverts {REPO}#1',
                f'Revert "Revert "feat: a (#1)" (#2)" (#3)\n\nReverts {REPO}#2',
            ],
            "+xx",
            id="revert-of-revert-by-button",
        ),
        pytest.param(
            [f"Undo a (#2)\n\nReverts {REPO}#1", revert_of(2)],
            "+xx",
            id="revert-of-revert-by-sha",
        ),
        pytest.param(
            [revert_of(1), revert_of(2), revert_of(3), revert_of(4)],
            "+xxxx",
            id="chain-of-four-restores",
        ),
    ],
)
def test_reverts_of_a_squash(messages: list[str], expected: str) -> None:
    assert squash_then(*messages) == expected


@pytest.mark.parametrize(
    ("reverts", "expected"),
    [
        pytest.param(
            # b1 alone, the PR (takes b2, b3), then b1's revert undone: b1 comes back alone.
            [revert_of(2), pr_revert(900), revert_of(6)],
            "+xx" + "xx" + "x",
            id="undoing-a-commit-revert-restores-only-that-commit",
        ),
        pytest.param(
            # the PR, its restore, b1 alone, then the restore undone: the whole PR is out.
            [pr_revert(900), revert_of(6), revert_of(2), revert_of(7)],
            "xxx" + "xx" + "xx",
            id="undoing-a-pr-restore-cancels-it-even-after-a-commit-revert",
        ),
        pytest.param(
            # b1 alone, its restore, the PR (takes all three), then the restore undone:
            # b1 stays out with its PR.
            [revert_of(2), revert_of(6), pr_revert(900), revert_of(7)],
            "xxx" + "xx" + "xx",
            id="a-commit-the-pr-took-back-stays-with-the-pr",
        ),
        pytest.param(
            # the PR, its restore, then the PR reverted again and that revert undone.
            [pr_revert(900), revert_of(6), pr_revert(901), revert_of(8)],
            "+++" + "xx" + "xx",
            id="a-pr-reverted-twice-and-restored-twice",
        ),
    ],
)
def test_reverts_of_a_pr_and_of_one_of_its_commits(reverts: list[str], expected: str) -> None:
    assert states(after_merge(*reverts)) == expected
