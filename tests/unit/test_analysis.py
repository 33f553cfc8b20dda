"""Reading a range of commits: merges, squashes, cherry-picks and reverts (pure, no git)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.analysis import analyse_commits
from regent.core.changes import Effect, release_bump
from regent.core.history import RawCommit, pull_request_of_branch_commits
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump


def chain(*messages: str) -> tuple[RawCommit, ...]:
    """A linear history, oldest message first; returned newest first like git log."""
    commits: list[RawCommit] = []
    parent: tuple[str, ...] = ()
    for number, message in enumerate(messages, start=1):
        sha = f"{number:040x}"
        commits.append(RawCommit(sha, parent, message))
        parent = (sha,)
    return tuple(reversed(commits))


def effects(commits: tuple[RawCommit, ...], *, lenient: bool = False) -> list[tuple[str, Bump]]:
    return [
        (c.effect.value, c.bump)
        for c in analyse_commits(commits, bump_policy=BumpPolicy(), lenient=lenient)
    ]


def sha(number: int) -> str:
    return f"{number:040x}"


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        pytest.param(["feat: a"], [("counted", Bump.MINOR)], id="feature"),
        pytest.param(["fix: a", "perf: b"], [("counted", Bump.PATCH)] * 2, id="patches"),
        pytest.param(["docs: a"], [("counted", Bump.NONE)], id="docs-counts-no-bump"),
        pytest.param(["Feat: a"], [("counted", Bump.MINOR)], id="type-case-insensitive"),
        pytest.param(["chore!: drop"], [("counted", Bump.MAJOR)], id="breaking-any-type"),
        pytest.param(["WIP"], [("skipped", Bump.NONE)], id="not-conventional"),
        pytest.param(
            ["feat: a", f'Revert "feat: a"\n\nThis reverts commit {sha(1)}.'],
            [("cancelled", Bump.NONE), ("cancelled", Bump.NONE)],
            id="git-revert-in-range",
        ),
        pytest.param(
            ["feat: a (#3)", 'Revert "feat: a (#3)" (#4)'],
            [("cancelled", Bump.NONE), ("cancelled", Bump.NONE)],
            id="github-revert-by-header",
        ),
        pytest.param(
            ["feat: a", "revert: feat: a"],
            [("cancelled", Bump.NONE), ("cancelled", Bump.NONE)],
            id="conventional-revert-by-header",
        ),
        pytest.param(
            [f'Revert "feat: old"\n\nThis reverts commit {"f" * 40}.'],
            [("counted", Bump.PATCH)],
            id="revert-of-released-change",
        ),
        pytest.param(
            [
                "feat: a",
                f'Revert "feat: a"\n\nThis reverts commit {sha(1)}.',
                f'Revert "Revert "feat: a""\n\nThis reverts commit {sha(2)}.',
            ],
            [("counted", Bump.MINOR), ("cancelled", Bump.NONE), ("cancelled", Bump.NONE)],
            id="revert-of-revert-restores",
        ),
        pytest.param(
            ["fix: a", f"fix: a\n\n(cherry picked from commit {sha(1)})"],
            [("counted", Bump.PATCH), ("skipped", Bump.NONE)],
            id="cherry-pick-in-range",
        ),
        pytest.param(
            [f"fix: a\n\n(cherry picked from commit {'e' * 40})"],
            [("counted", Bump.PATCH)],
            id="cherry-pick-from-elsewhere",
        ),
    ],
)
def test_effects(messages: list[str], expected: list[tuple[str, Bump]]) -> None:
    assert effects(chain(*messages)) == expected


def test_lenient_parsing_counts_a_squeezed_message() -> None:
    history = chain("feat: a\nno blank line")
    assert effects(history) == [("skipped", Bump.NONE)]
    assert effects(history, lenient=True) == [("counted", Bump.MINOR)]


def test_squash_suffix_becomes_the_pr_link() -> None:
    [change] = analyse_commits(chain("feat(ui): dark mode (#34)"), bump_policy=BumpPolicy())
    assert (change.description, change.pr, change.scope) == ("dark mode", 34, "ui")


def test_release_as_and_issue_footers_are_read() -> None:
    [change] = analyse_commits(
        chain("chore: go\n\nRelease-As: 2.0.0\nCloses #9"), bump_policy=BumpPolicy()
    )
    assert (change.release_as, change.issues) == ("2.0.0", (9,))


def merge_history() -> tuple[RawCommit, ...]:
    """main: base -> M1 (PR 5 brings b1, b2) -> c -> M2 (PR 6 brings d1)."""
    base = RawCommit(sha(1), (), "chore: base")
    b1 = RawCommit(sha(2), (sha(1),), "feat: b1")
    b2 = RawCommit(sha(3), (sha(2),), "fix: b2")
    m1 = RawCommit(sha(4), (sha(1), sha(3)), "Merge pull request #5 from o/b\n\nfeat: b")
    c = RawCommit(sha(5), (sha(4),), "fix: c (#9)")
    d1 = RawCommit(sha(6), (sha(4),), "feat: d1")
    m2 = RawCommit(sha(7), (sha(5), sha(6)), "Merge pull request #6 from o/d")
    return (m2, d1, c, m1, b2, b1, base)


def test_branch_commits_belong_to_their_merge() -> None:
    parents = {commit.sha: commit.parents for commit in merge_history()}
    owners = pull_request_of_branch_commits(sha(7), parents, {sha(4): 5, sha(7): 6})
    assert owners == {sha(2): 5, sha(3): 5, sha(6): 6}


def test_merge_commits_are_skipped_and_their_commits_counted() -> None:
    changes = {c.sha: c for c in analyse_commits(merge_history(), bump_policy=BumpPolicy())}
    assert changes[sha(4)].effect is Effect.SKIPPED
    assert changes[sha(7)].effect is Effect.SKIPPED
    assert [changes[sha(n)].pr for n in (2, 3, 5, 6)] == [5, 5, 9, 6]
    assert release_bump(changes.values()) is Bump.MINOR


def test_changes_come_out_oldest_first() -> None:
    changes = analyse_commits(chain("fix: one", "feat: two"), bump_policy=BumpPolicy())
    assert [c.description for c in changes] == ["one", "two"]


def test_custom_type_map() -> None:
    policy = BumpPolicy(type_bumps=(("docs", Bump.PATCH),))
    assert [c.bump for c in analyse_commits(chain("docs: a", "feat: b"), bump_policy=policy)] == [
        Bump.PATCH,
        Bump.NONE,
    ]


@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                ["feat: a", "fix: b", "revert: feat: a", 'Revert "fix: b"', "feat!: c"]
            ),
        ),
        max_size=12,
    )
)
def test_any_history_is_read_without_error(messages: list[str]) -> None:
    changes = analyse_commits(chain(*messages), bump_policy=BumpPolicy())
    assert len(changes) == len(messages)
    assert all(c.bump is Bump.NONE for c in changes if c.effect is not Effect.COUNTED)


def test_a_revert_listed_before_its_target_still_cancels_it() -> None:
    """git log orders commits of the same second freely: a merge's parents may come either way."""
    fix = RawCommit(sha(1), (), "fix: a bug (#1)")
    revert = RawCommit(
        sha(2), (sha(1),), f'Revert "fix: a bug (#1)"\n\nThis reverts commit {sha(1)}.'
    )
    merge = RawCommit(sha(3), (sha(1), sha(2)), "Merge pull request #3 from acme/revert-it")
    found = analyse_commits((merge, fix, revert), bump_policy=BumpPolicy(), lenient=False)
    read = {c.sha: c.effect for c in found}
    assert (read[sha(1)], read[sha(2)]) == (Effect.CANCELLED, Effect.CANCELLED)


def test_squash_suffix_is_dropped_from_the_breaking_description_too() -> None:
    [change] = analyse_commits(chain("feat(cli)!: drop flags (#7)"), bump_policy=BumpPolicy())
    assert (change.description, change.breaking_description, change.pr) == (
        "drop flags",
        "drop flags",
        7,
    )
