"""Recognising merge, squash, revert and cherry-pick messages, and reading reference footers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.commits import ConventionalCommit, NotConventional, parse_message
from regent.core.message_shapes import (
    RevertOf,
    cherry_picked_from,
    github_merge_pr_number,
    is_merge_message,
    issue_references,
    release_as,
    revert_of,
    squash_pr_number,
)

SHA_A = "0123456789abcdef0123456789abcdef01234567"
SHA_B = "fedcba9876543210fedcba9876543210fedcba98"


def conventional(message: str) -> ConventionalCommit:
    parsed = parse_message(message)
    assert isinstance(parsed, ConventionalCommit), parsed
    return parsed


@pytest.mark.parametrize(
    ("message", "number"),
    [
        pytest.param("Merge pull request #12 from owner/branch", 12, id="subject"),
        pytest.param("Merge pull request #7 from o/feature/a-b\n\nfeat: add x", 7, id="with-body"),
        pytest.param("Merge pull request #5 from o/b\r\n\r\nfix: y\r\n", 5, id="crlf"),
        pytest.param("Merge pull request #12 from owner/branch  ", 12, id="trailing-space"),
        pytest.param("Merge pull request #12", None, id="no-source-branch"),
        pytest.param("Merge branch 'main' into topic", None, id="branch-merge"),
        pytest.param("feat: Merge pull request #12 from o/b", None, id="conventional-header"),
        pytest.param("merge pull request #12 from o/b", None, id="lowercase"),
        pytest.param("fix: a\n\nMerge pull request #3 from o/b", None, id="only-in-body"),
        pytest.param("", None, id="empty"),
    ],
)
def test_github_merge_pr_number(message: str, number: int | None) -> None:
    assert github_merge_pr_number(message) == number


MERGE_SUBJECTS = [
    pytest.param("Merge pull request #12 from owner/branch", id="github-pr"),
    pytest.param("Merge branch 'feature'", id="branch"),
    pytest.param("Merge branch 'main' into feature/x", id="branch-into"),
    pytest.param("Merge branch 'main' of github.com:owner/repo", id="branch-of"),
    pytest.param("Merge branch 'main' of https://example.test/o/r into main", id="branch-of-into"),
    pytest.param("Merge branch 'fix/a' into 'main'", id="gitlab-quoted-target"),
    pytest.param("Merge branches 'a', 'b' and 'c'", id="octopus"),
    pytest.param("Merge remote-tracking branch 'origin/main'", id="remote-tracking"),
    pytest.param(
        "Merge remote-tracking branch 'origin/main' into topic", id="remote-tracking-into"
    ),
    pytest.param("Merge tag 'v1.2.0'", id="tag"),
    pytest.param("Merge tag 'v1.2.0' of https://example.test/o/r", id="tag-of"),
    pytest.param("Merge commit 'abc1234'", id="commit"),
    pytest.param("Merge commit 'abc1234' into HEAD", id="commit-into"),
    pytest.param("Merge branch 'x'\n\n# Conflicts:\n#\tsrc/a.py", id="with-conflicts-body"),
    pytest.param("Merge branch 'x'\r\n", id="crlf"),
]


@pytest.mark.parametrize("message", MERGE_SUBJECTS)
@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_merge_subjects_are_merges_and_never_conventional(message: str, lenient: bool) -> None:
    assert is_merge_message(message)
    assert isinstance(parse_message(message, lenient=lenient), NotConventional)


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("feat: merge branch handling", id="conventional-feat"),
        pytest.param("merge: combine two configs", id="merge-type"),
        pytest.param("Merge: combine two configs", id="capital-merge-type"),
        pytest.param("Merge(core)!: drop the old loader", id="merge-type-scope-bang"),
        pytest.param("Merge the two config loaders", id="prose"),
        pytest.param("Merged pull request #1 from a/b", id="merged"),
        pytest.param("Merge branch main", id="unquoted-branch"),
        pytest.param("Revert \"Merge branch 'x'\"", id="revert-of-merge"),
        pytest.param("fix: a\n\nMerge branch 'x'", id="only-in-body"),
        pytest.param("", id="empty"),
    ],
)
def test_other_messages_are_not_merges(message: str) -> None:
    assert not is_merge_message(message)


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        pytest.param("feat: add x (#12)", 12, id="suffix"),
        pytest.param('Revert "feat: add x (#12)" (#14)', 14, id="revert-pr-squash"),
        pytest.param("feat: add x (#12) (#14)", 14, id="last-group"),
        pytest.param("feat: add x (#12)  ", 12, id="trailing-space"),
        pytest.param("feat: add x (#12)\n\n* detail (#99)", 12, id="first-line-only"),
        pytest.param("feat: add x (#7)\r\n\r\nbody", 7, id="crlf"),
        pytest.param("feat: handle (#12) in titles", None, id="not-trailing"),
        pytest.param("feat: add x(#12)", None, id="no-space-before"),
        pytest.param("feat: add x (12)", None, id="no-hash"),
        pytest.param("feat: add x (pull request #123)", None, id="bitbucket-style"),
        pytest.param("feat: add x", None, id="none"),
        pytest.param("", None, id="empty"),
    ],
)
def test_squash_pr_number(subject: str, number: int | None) -> None:
    assert squash_pr_number(subject) == number


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param(
            f'Revert "cache parsed configs"\n\nThis reverts commit {SHA_A}.',
            RevertOf("cache parsed configs", (SHA_A,)),
            id="git-default",
        ),
        pytest.param(
            f'Revert "feat: add x (#12)" (#14)\n\nThis reverts commit {SHA_A}.',
            RevertOf("feat: add x (#12)", (SHA_A,)),
            id="github-revert-pr-squash",
        ),
        pytest.param(
            'Revert "Revert "feat: x""',
            RevertOf('Revert "feat: x"', ()),
            id="revert-of-revert",
        ),
        pytest.param(
            f'Reapply "feat: x"\n\nThis reverts commit {SHA_B}.',
            RevertOf('Revert "feat: x"', (SHA_B,)),
            id="git-reapply",
        ),
        pytest.param(
            'revert: "fix(deps): update lib to v7 (#526)"\n\nThis reverts commit abcdef1.',
            RevertOf("fix(deps): update lib to v7 (#526)", ("abcdef1",)),
            id="revert-type-quoted",
        ),
        pytest.param(
            "revert: feat: custom revert format",
            RevertOf("feat: custom revert format", ()),
            id="revert-type-unquoted",
        ),
        pytest.param(
            'revert: "feat: x" (#30)',
            RevertOf("feat: x", ()),
            id="revert-type-quoted-squash",
        ),
        pytest.param(
            "revert(api): feat(api): add a route",
            RevertOf("feat(api): add a route", ()),
            id="revert-type-scoped",
        ),
        pytest.param("Revert: feat: x", RevertOf("feat: x", ()), id="revert-type-capitalised"),
        pytest.param(
            "Undo the cache change\n\nThis reverts commit abcdef1.",
            RevertOf(None, ("abcdef1",)),
            id="body-only",
        ),
        pytest.param(
            'Revert "Merge pull request #5 from o/b"\n\n'
            "This reverts commit abc1234, reversing\nchanges made to def5678.",
            RevertOf("Merge pull request #5 from o/b", ("abc1234",)),
            id="revert-of-merge-first-sha-only",
        ),
        pytest.param(
            "revert: two commits\n\nThis reverts commit aaaaaaa.\nThis reverts commit bbbbbbb.",
            RevertOf("two commits", ("aaaaaaa", "bbbbbbb")),
            id="several-shas",
        ),
        pytest.param(
            "revert: x\n\nThis reverts commit ABCDEF1.\nThis reverts commit abcdef1.",
            RevertOf("x", ("abcdef1",)),
            id="shas-lowercased-and-unique",
        ),
        pytest.param(
            "revert: feat: custom\n\nThis reverts commit 5678.",
            RevertOf("feat: custom", ()),
            id="too-short-sha-ignored",
        ),
        pytest.param(
            f'Revert "feat: x"\r\n\r\nThis reverts commit {SHA_A}.\r\n',
            RevertOf("feat: x", (SHA_A,)),
            id="crlf",
        ),
        pytest.param(
            'Revert "feat: x (#1)" (#2)\n\nReverts acme/app#1',
            RevertOf("feat: x (#1)", (), (1,)),
            id="github-revert-button-body",
        ),
        pytest.param(
            "Undo x (#2)\r\n\r\nReverts #1.\r\nReverts acme/app#3\nReverts a/b#1",
            RevertOf(None, (), (1, 3)),
            id="reverts-lines-only",
        ),
        pytest.param("fix: a\n\nThis Reverts acme/app#1 partly.", None, id="reverts-in-prose"),
        pytest.param("fix: a\n\nReverts acme/app#1 and #2", None, id="reverts-line-with-more"),
        pytest.param("feat: add a revert button", None, id="conventional-non-revert"),
        pytest.param("Reverted the thing", None, id="prose"),
        pytest.param('fix: handle Revert "x" subjects', None, id="revert-in-description"),
        pytest.param(
            "fix: a\n\nIt reverts commit abcdef1 partly.", None, id="sha-mentioned-in-prose"
        ),
        pytest.param(f"fix: a\n\nThis reverts commit {SHA_A}0.", None, id="sha-too-long"),
        pytest.param("", None, id="empty"),
    ],
)
def test_revert_of(message: str, expected: RevertOf | None) -> None:
    assert revert_of(message) == expected


@pytest.mark.parametrize(
    ("message", "shas"),
    [
        pytest.param(f"fix: a\n\n(cherry picked from commit {SHA_A})", (SHA_A,), id="one"),
        pytest.param(
            f"fix: a\n\n(cherry picked from commit {SHA_A})\n(cherry picked from commit {SHA_B})",
            (SHA_A, SHA_B),
            id="two-in-order",
        ),
        pytest.param(
            f"fix: a\n\n(cherry picked from commit {SHA_A})\n(cherry picked from commit {SHA_A})",
            (SHA_A,),
            id="repeated",
        ),
        pytest.param(
            "fix: a\n\n  (cherry picked from commit abc1234)", ("abc1234",), id="indented"
        ),
        pytest.param(f"fix: a\r\n\r\n(cherry picked from commit {SHA_B})\r\n", (SHA_B,), id="crlf"),
        pytest.param("fix: a\n\nwe (cherry picked from commit abc1234) it", (), id="inline-prose"),
        pytest.param("fix: a\n\n(cherry picked from commit abc12)", (), id="short-sha"),
        pytest.param("fix: a", (), id="none"),
    ],
)
def test_cherry_picked_from(message: str, shas: tuple[str, ...]) -> None:
    assert cherry_picked_from(message) == shas


@pytest.mark.parametrize(
    ("message", "version"),
    [
        pytest.param("chore: release\n\nRelease-As: 2.0.0", "2.0.0", id="plain"),
        pytest.param("chore: release\n\nrelease-as: v2.0.0", "2.0.0", id="lowercase-token-v"),
        pytest.param("chore: release\n\nRELEASE-AS: V3.1.0", "3.1.0", id="uppercase-token-V"),
        pytest.param("chore: release\n\nRelease-As: vv1.0.0", "v1.0.0", id="one-v-stripped"),
        pytest.param("chore: release\n\nRelease-As: 1.0.0-rc.1", "1.0.0-rc.1", id="prerelease"),
        pytest.param(
            "chore: release\n\nRelease-As: 1.0.0\nRelease-As: 1.1.0", "1.1.0", id="last-wins"
        ),
        pytest.param(
            "chore: release\n\nRelease-As: 1.0.0\nRelease-As: v", "1.0.0", id="empty-last-ignored"
        ),
        pytest.param("chore: release\n\nRefs: #3", None, id="absent"),
        pytest.param("chore: release\n\nWe should Release-As: 2.0.0", None, id="in-prose"),
    ],
)
def test_release_as(message: str, version: str | None) -> None:
    assert release_as(conventional(message)) == version


@pytest.mark.parametrize(
    ("footers", "numbers"),
    [
        pytest.param("Closes #12", (12,), id="closes-hash"),
        pytest.param("Fixes: #3, #4", (3, 4), id="fixes-colon-list"),
        pytest.param("Fixes #3, #4", (3, 4), id="fixes-hash-list"),
        pytest.param("Refs: #5", (5,), id="refs-colon"),
        pytest.param("Refs #4", (4,), id="refs-hash"),
        pytest.param("CLOSES #7\nresolves #8\nResolved: #9", (7, 8, 9), id="token-case"),
        pytest.param("Part-of: #9\nSee: #10\nReferences: #11", (9, 10, 11), id="more-tokens"),
        pytest.param("Closes #2\nFixes #1\nRefs: #2", (2, 1), id="ordered-unique"),
        pytest.param("Signed-off-by: Bo #3\nReviewed-by: #4", (), id="other-tokens-ignored"),
        pytest.param("Refs: 676104e, a215868", (), id="shas-are-not-issues"),
        pytest.param("Fixes: owner/repo#12", (), id="other-repository"),
        pytest.param("Fixes: #12abc", (), id="not-a-number"),
    ],
)
def test_issue_references(footers: str, numbers: tuple[int, ...]) -> None:
    assert issue_references(conventional(f"fix: a\n\nSome context.\n\n{footers}")) == numbers


def test_issue_references_ignore_the_description_and_body() -> None:
    commit = conventional("fix: a (#12)\n\nThis came up in #13.\n\nReviewed-by: Kim")

    assert issue_references(commit) == ()


@given(message=st.text())
def test_shape_readers_never_raise(message: str) -> None:
    assert github_merge_pr_number(message) is None or github_merge_pr_number(message) >= 0
    assert isinstance(is_merge_message(message), bool)
    assert squash_pr_number(message) is None or squash_pr_number(message) >= 0
    assert revert_of(message) is None or isinstance(revert_of(message), RevertOf)
    assert all(len(sha) >= 7 for sha in cherry_picked_from(message))
