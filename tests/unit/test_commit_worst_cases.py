"""Commit messages on hostile input: invalid UTF-8, binary junk, 1 MB bodies, 10,000-line
footers, 100 KB subjects. Every reader gives a value, never an exception, and the worst cases
finish within an ordinary test run (a generous guard stops a quadratic one instead of hanging).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.analysis import analyse_commits
from regent.core.changes import CommitChange
from regent.core.commits import parse_message
from regent.core.history import RawCommit
from regent.core.message_shapes import (
    cherry_picked_from,
    github_merge_pr_number,
    is_merge_message,
    revert_of,
    squash_pr_number,
)
from regent.core.policy import BumpPolicy
from tests.time_guard import guard

MB = 1_000_000
KB100 = 100_000
LINES = 10_000
CASES = {
    "1mb-body-of-words": "fix: a\n\n" + "word " * (MB // 5),
    "1mb-body-one-line": "fix: a\n\n" + "x" * MB,
    "1mb-of-short-lines": "fix: a\n\n" + "x\n" * (MB // 2),
    "1mb-of-whitespace-lines": "fix: a\n\n" + (" " * 999 + "\n") * 1000,
    "1mb-spaces-and-tabs": "fix: a\n\n" + " \t" * (MB // 2) + "x",
    "1mb-carriage-returns": "fix: a\r" * (MB // 7),
    "10k-footers": "fix: a\n\nbody\n\n" + "".join(f"Refs: #{n}\n" for n in range(LINES)),
    "10k-hash-footers-lenient": "fix: a\n" + "".join(f"Closes #{n}\n" for n in range(LINES)),
    "10k-hash-prose-paragraphs": "fix: a\n\n" + "".join(f"In #{n}, x\n\n" for n in range(LINES)),
    "10k-token-lines-in-prose": "fix: a\n\nbody\n" + "Tok: v\nprose\n" * LINES,
    "10k-breaking-footers": "fix: a\n\n" + "BREAKING CHANGE: x\n" * LINES,
    "10k-release-as-footers": "fix: a\n\n" + "Release-As: 2.0.0\n" * LINES,
    "10k-revert-lines": "revert: x\n\n" + "This reverts commit abcdef1234.\n" * LINES,
    "10k-reverts-pr-lines": "revert: x\n\n" + "Reverts o/r#1\n" * LINES,
    "10k-cherry-pick-lines": "fix: x\n\n" + "(cherry picked from commit abcdef1234)\n" * LINES,
    "10k-blank-lines": "fix: a\n" + " \n" * LINES * 10,
    "100kb-subject": "fix: " + "long " * (KB100 // 5),
    "100kb-scope-of-parens": "feat(" + "(" * KB100 + "): x",
    "100kb-of-colons": "a:" * (KB100 // 2),
    "100kb-type": "a" * KB100 + ": x",
    "100kb-revert-quotes": 'Revert "' + '" ' * (KB100 // 2),
    "100kb-nested-reverts": 'Revert "' * (KB100 // 16) + "x" + '"' * (KB100 // 16),
    "100kb-squash-suffixes": "fix: a" + " (#1)" * (KB100 // 5) + " " * 1000 + "x",
    "100kb-revert-type-quotes": "revert: " + '"' * KB100,
    "100kb-merge-branch-names": "Merge branch " + "'a', " * (KB100 // 5) + "x",
    "100kb-merge-names-and": "Merge branch " + "'a' and " * (KB100 // 8) + "x",
    "100kb-merge-pr": "Merge pull request #1 from " + "a" * KB100 + " of x into",
    "100kb-issue-numbers": "fix: a\n\nCloses #" + "1 " * (KB100 // 2) + "x",
    "100kb-issue-numbers-commas": "fix: a\n\nCloses #" + "1 , " * (KB100 // 4) + "x",
    "100kb-issue-numbers-and": "fix: a\n\nCloses #" + "1 and " * (KB100 // 6) + "x",
    "binary-junk": bytes(range(1, 256)).decode("latin-1") * 4000,
    "replacement-characters": "fix: caf\ufffd\n\n" + "\ufffd" * MB,
}


def read_everything(message: str, *, lenient: bool) -> tuple[CommitChange, ...]:
    """Every reader a message goes through, as a merge and as an ordinary commit."""
    parse_message(message, lenient=lenient)
    github_merge_pr_number(message)
    is_merge_message(message)
    squash_pr_number(message)
    revert_of(message)
    cherry_picked_from(message)
    commits = (
        RawCommit("a" * 40, ("b" * 40, "c" * 40), message),
        RawCommit("b" * 40, (), message),
        RawCommit("c" * 40, (), message),
    )
    return analyse_commits(commits, bump_policy=BumpPolicy(), lenient=lenient)


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_worst_case_message_is_read_in_linear_time(case: str, lenient: bool) -> None:
    with guard():
        changes = read_everything(CASES[case], lenient=lenient)
    assert len(changes) == 3


@given(data=st.binary(max_size=400), lenient=st.booleans())
def test_any_bytes_as_git_log_decodes_them_are_read(data: bytes, lenient: bool) -> None:
    assert len(read_everything(data.decode("utf-8", errors="replace"), lenient=lenient)) == 3


PIECES = st.sampled_from(
    [
        "feat", "fix", "revert", "Revert ", "Reapply ", '"', "(", ")", "!", ":", " ", "\n",
        "\r\n", "#", "12", "(#3)", "Reverts o/r#1", "This reverts commit abcdef1", "Refs: ",
        "BREAKING CHANGE: ", "Merge pull request #4 from a/b", "(cherry picked from commit ",
        "\ufffd", "\x00", "\t",
    ]
)  # fmt: skip


@given(pieces=st.lists(PIECES, max_size=40), lenient=st.booleans())
def test_any_message_shaped_text_is_read(pieces: list[str], lenient: bool) -> None:
    assert len(read_everything("".join(pieces), lenient=lenient)) == 3
