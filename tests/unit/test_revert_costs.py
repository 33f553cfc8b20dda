"""What cancelling reverts costs, counted in Python calls (never a clock): a chain of reverts of
a pull request's merge, and many reverts naming the same pull request, grow linearly with
the commits and the reverts, not with their product."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange, Effect
from regent.core.history import RawCommit
from regent.core.policy import BumpPolicy
from tests.op_count import python_calls

REPO = "acme/app"
SIZES = (200, 400)


def sha(number: int) -> str:
    return f"{number:040x}"


def merged_pr(branch_commits: int, reverts: Callable[[int], list[str]]) -> tuple[RawCommit, ...]:
    """main: base, then the merge of PR 5 (its branch commits), then the reverts; newest first."""
    commits = [RawCommit(sha(1), (), "chore: base")]
    for n in range(2, branch_commits + 2):
        commits.append(RawCommit(sha(n), (sha(n - 1),), f"feat: b{n}"))
    merge = len(commits) + 1
    merge_message = "Merge pull request #5 from acme/b\n\nfeat: b"
    commits.append(RawCommit(sha(merge), (sha(1), sha(merge - 1)), merge_message))
    for n, message in enumerate(reverts(merge), start=merge + 1):
        commits.append(RawCommit(sha(n), (sha(n - 1),), message))
    return tuple(reversed(commits))


def revert_chain(links: int) -> Callable[[int], list[str]]:
    """The first revert names the merge; each later one reverts the one before it."""
    return lambda merge: [
        f"Revert link {n}\n\nThis reverts commit {sha(merge + n - 1)}." for n in range(1, links + 1)
    ]


def same_pr_reverts(count: int) -> Callable[[int], list[str]]:
    return lambda merge: [f"Undo b (#{900 + n})\n\nReverts {REPO}#5" for n in range(count)]


SHAPES = {
    "revert-chain-of-a-merge": revert_chain,
    "reverts-naming-the-same-pr": same_pr_reverts,
}


def analyse(history: tuple[RawCommit, ...]) -> tuple[CommitChange, ...]:
    return analyse_commits(history, bump_policy=BumpPolicy())


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_reverts_cost_grows_with_the_history_not_its_square(
    shape: Callable[[int], Callable[[int], list[str]]],
) -> None:
    """k reverts over a merge of m commits, at k = m = 200 and 400: twice the history costs
    about twice the calls (a group flipped per link, not its m commits rewritten)."""
    small, large = (python_calls(analyse, merged_pr(n, shape(n))) for n in SIZES)
    assert large <= 2.2 * small


def test_the_costed_histories_end_as_a_user_expects() -> None:
    """An even chain restores the merge's commits; many reverts of one PR cancel it once."""
    n = SIZES[0]
    chained = analyse(merged_pr(n, revert_chain(n)))
    assert [c.effect for c in chained[1 : n + 1]] == [Effect.COUNTED] * n
    assert {c.effect for c in chained[n + 2 :]} == {Effect.CANCELLED}
    same = analyse(merged_pr(n, same_pr_reverts(n)))
    assert {c.effect for c in same[1 : n + 1]} == {Effect.CANCELLED}
    first, *others = same[n + 2 :]
    assert first.note == f"reverts PR #5 ({n} commits), which is not released yet"
    assert {c.effect for c in others} == {Effect.COUNTED}
