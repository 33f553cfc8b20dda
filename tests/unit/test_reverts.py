"""Reverts and cherry-picks matched through one index: by sha, prefix, subject and PR number."""

from __future__ import annotations

import pytest

from regent.core.analysis import analyse_commits
from regent.core.changes import REVERT_TYPE, CommitChange, Effect
from regent.core.history import RawCommit
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump
from tests.time_guard import guard

REPO = "acme/app"


def sha(number: int) -> str:
    return f"{number:040x}"


def chain(*messages: str) -> tuple[RawCommit, ...]:
    """A linear history, oldest message first; returned newest first like git log."""
    return tuple(
        reversed(
            [
                RawCommit(sha(n), (sha(n - 1),) if n > 1 else (), message)
                for n, message in enumerate(messages, start=1)
            ]
        )
    )


def analyse(commits: tuple[RawCommit, ...]) -> tuple[CommitChange, ...]:
    return analyse_commits(commits, bump_policy=BumpPolicy())


def effects(*messages: str) -> list[tuple[str, Bump]]:
    return [(c.effect.value, c.bump) for c in analyse(chain(*messages))]


COUNTED_MINOR = ("counted", Bump.MINOR)
COUNTED_PATCH = ("counted", Bump.PATCH)
CANCELLED = ("cancelled", Bump.NONE)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        pytest.param(
            [
                "feat(x): add y (#101)",
                f'Revert "feat(x): add y (#101)" (#250)\n\nReverts {REPO}#101',
            ],
            [CANCELLED, CANCELLED],
            id="revert-button-squash-by-full-subject",
        ),
        pytest.param(
            [
                "feat(x): add y (#101)",
                f'Revert "feat(x): add y, renamed" (#250)\n\nReverts {REPO}#101',
            ],
            [CANCELLED, CANCELLED],
            id="revert-button-body-names-the-pr-when-the-title-changed",
        ),
        pytest.param(
            ["feat(x): add y (#101)", "Undo y (#250)\n\nReverts #101"],
            [CANCELLED, CANCELLED],
            id="reverts-line-is-enough",
        ),
        pytest.param(
            ["feat(x): add y (#101)", "revert: feat(x): add y (#101) (#250)"],
            [CANCELLED, CANCELLED],
            id="conventional-revert-with-its-own-squash-suffix",
        ),
        pytest.param(
            [
                "feat: a (#1)",
                f'Revert "feat: a (#1)" (#2)\n\nReverts {REPO}#1',
                f'Revert "Revert "feat: a (#1)" (#2)" (#3)\n\nReverts {REPO}#2',
            ],
            [COUNTED_MINOR, CANCELLED, CANCELLED],
            id="revert-of-revert-by-subject-restores",
        ),
        pytest.param(
            [
                "feat: a (#1)",
                "Undo a (#2)\n\nReverts acme/app#1",
                "Redo a (#3)\n\nReverts acme/app#2",
            ],
            [COUNTED_MINOR, CANCELLED, CANCELLED],
            id="revert-of-revert-by-pr-restores",
        ),
        pytest.param(
            [
                "feat: a (#1)",
                'Revert "feat: a (#1)" (#2)',
                'Revert "Revert "feat: a (#1)" (#2)" (#3)',
                'Revert "Revert "Revert "feat: a (#1)" (#2)" (#3)" (#4)',
            ],
            [CANCELLED, CANCELLED, CANCELLED, CANCELLED],
            id="third-revert-cancels-again",
        ),
        pytest.param(
            [
                "feat: a",
                'Revert "feat: a"',
                'Revert "Revert "feat: a""',
                'Revert "Revert "feat: a""',
            ],
            [COUNTED_MINOR, CANCELLED, CANCELLED, COUNTED_PATCH],
            id="second-revert-of-the-same-revert-stays",
        ),
        pytest.param(
            ["fix: b", f'Revert "feat: gone (#7)" (#8)\n\nReverts {REPO}#7'],
            [COUNTED_PATCH, COUNTED_PATCH],
            id="revert-of-a-change-not-in-range-is-a-patch",
        ),
        pytest.param(
            ["feat: a (#1)", 'Revert "feat: a (#1)" (#2)', 'Revert "feat: a (#1)" (#3)'],
            [CANCELLED, CANCELLED, COUNTED_PATCH],
            id="second-revert-of-the-same-change-stays",
        ),
        pytest.param(
            ["feat: a", "feat: a", "revert: feat: a"],
            [COUNTED_MINOR, CANCELLED, CANCELLED],
            id="nearest-earlier-subject-wins",
        ),
        pytest.param(
            ["revert: feat: a", "feat: a"],
            [COUNTED_PATCH, COUNTED_MINOR],
            id="a-later-subject-is-not-the-target",
        ),
        pytest.param(
            ["feat: a (#5)", f'Revert "feat: a (#5)"\n\nThis reverts commit {"e" * 40}.'],
            [COUNTED_MINOR, COUNTED_PATCH],
            id="a-named-sha-outside-the-range-wins-over-the-subject",
        ),
        pytest.param(
            ["feat: a (#5)", f"revert: a\n\nThis reverts commit {'e' * 40}.\n\nReverts {REPO}#5"],
            [COUNTED_MINOR, COUNTED_PATCH],
            id="a-named-sha-outside-the-range-wins-over-the-pr",
        ),
        pytest.param(
            ["feat: a", f"revert: feat: b\n\nThis reverts commit {sha(1)[:9]}."],
            [CANCELLED, CANCELLED],
            id="sha-prefix",
        ),
        pytest.param(
            ["fix: a", f"fix: a\n\n(cherry picked from commit {sha(1)[:12]})"],
            [COUNTED_PATCH, ("skipped", Bump.NONE)],
            id="cherry-pick-by-prefix",
        ),
        pytest.param(
            ["fix: a", "fix: a\n\n(cherry picked from commit 0000000fff)"],
            [COUNTED_PATCH, COUNTED_PATCH],
            id="cherry-pick-prefix-matching-nothing",
        ),
    ],
)
def test_revert_matching(messages: list[str], expected: list[tuple[str, Bump]]) -> None:
    assert effects(*messages) == expected


def test_a_revert_of_a_missing_change_is_listed_under_reverts() -> None:
    [revert] = analyse(chain(f'Revert "feat: gone (#7)" (#8)\n\nReverts {REPO}#7'))
    assert (revert.type, revert.reverted_header, revert.pr) == (REVERT_TYPE, "feat: gone (#7)", 8)


def merged_pr(revert_message: str, *more: str) -> tuple[RawCommit, ...]:
    """main: base -> merge of PR 5 (b1, b2) -> the revert -> more commits; newest first."""
    base = RawCommit(sha(1), (), "chore: base")
    b1 = RawCommit(sha(2), (sha(1),), "feat: b1")
    b2 = RawCommit(sha(3), (sha(2),), "fix: b2")
    merge = RawCommit(sha(4), (sha(1), sha(3)), "Merge pull request #5 from acme/b\n\nfeat: b")
    commits = [base, b1, b2, merge, RawCommit(sha(5), (sha(4),), revert_message)]
    for n, message in enumerate(more, start=6):
        commits.append(RawCommit(sha(n), (sha(n - 1),), message))
    return tuple(reversed(commits))


@pytest.mark.parametrize(
    "revert",
    [
        pytest.param(
            f'Revert "Merge pull request #5 from acme/b" (#9)\n\nReverts {REPO}#5', id="button"
        ),
        pytest.param('Revert "Merge pull request #5 from acme/b"', id="by-subject"),
        pytest.param(f"Revert b\n\nThis reverts commit {sha(4)}, reversing", id="by-merge-sha"),
        pytest.param(f"Undo b (#9)\n\nReverts {REPO}#5", id="by-pr-number"),
    ],
)
def test_a_revert_of_a_merged_pr_cancels_the_commits_it_brought(revert: str) -> None:
    changes = {c.sha: c for c in analyse(merged_pr(revert))}
    assert [changes[sha(n)].effect for n in (2, 3, 5)] == [Effect.CANCELLED] * 3
    assert changes[sha(4)].effect is Effect.SKIPPED
    assert changes[sha(5)].note == "reverts PR #5 (2 commits), which is not released yet"


def test_a_revert_of_that_revert_brings_the_pr_back() -> None:
    first = f'Revert "Merge pull request #5 from acme/b" (#9)\n\nReverts {REPO}#5'
    second = f'Revert "Revert "Merge pull request #5 from acme/b" (#9)" (#10)\n\nReverts {REPO}#9'
    changes = {c.sha: c for c in analyse(merged_pr(first, second))}
    assert [changes[sha(n)].bump for n in (2, 3)] == [Bump.MINOR, Bump.PATCH]
    assert [changes[sha(n)].effect for n in (5, 6)] == [Effect.CANCELLED] * 2


def test_an_ambiguous_prefix_names_the_oldest_commit_it_prefixes() -> None:
    shared = "abcdef0"
    commits = (
        RawCommit(
            shared + "2" * 33, (shared + "1" * 33,), f"revert: c\n\nThis reverts commit {shared}."
        ),
        RawCommit(shared + "1" * 33, (shared + "9" * 33,), "feat: newer"),
        RawCommit(shared + "9" * 33, (), "feat: older"),
    )
    changes = analyse(commits)
    assert [c.effect for c in changes] == [Effect.CANCELLED, Effect.COUNTED, Effect.CANCELLED]


COMMITS = 100_000
SUBJECT_REVERTS = 20_000
STRAY_PICKS = 10_000


def hostile_history() -> tuple[RawCommit, ...]:
    """Reverts named only by subjects that never existed, picks of prefixes matching nothing
    or a crowd of commits: each a full scan of the range for a per-commit lookup."""
    commits: list[RawCommit] = []
    for n in range(COMMITS):
        if n % (COMMITS // SUBJECT_REVERTS) == 1:
            message = f'Revert "feat: never made {n} (#{n})" (#{n + 1})\n\nReverts {REPO}#{n}'
        elif n % (COMMITS // STRAY_PICKS) == 2:
            message = f"fix: pick {n}\n\n(cherry picked from commit {n:07x}ffff)"
        elif n % (COMMITS // STRAY_PICKS) == 3:
            message = "fix: pick\n\n(cherry picked from commit 1234567)"
        else:
            message = f"feat: change {n} (#{n + 1_000_000})"
        own = f"1234567{n:033x}" if n % 2 else f"{n:040x}"
        commits.append(RawCommit(own, (), message))
    return tuple(commits)


def test_lookups_do_not_scan_the_range_per_revert_or_pick() -> None:
    """20,000 subject-only reverts and 20,000 prefix picks over 100,000 commits: a scan per
    lookup is billions of comparisons (minutes); the index answers within the guard."""
    history = hostile_history()
    with guard():
        changes = analyse(history)
    reverts = [c for c in changes if c.type == REVERT_TYPE]
    assert len(reverts) == SUBJECT_REVERTS
    assert all(c.effect is Effect.COUNTED and c.bump is Bump.PATCH for c in reverts)
    skipped = [c for c in changes if c.note and c.note.startswith("cherry-pick")]
    assert len(skipped) == STRAY_PICKS
