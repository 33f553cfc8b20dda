"""Squash bodies and commit overrides: one change per Conventional Commit a message lists (pure)."""

from __future__ import annotations

import pytest

from regent.core.analysis import CommitOverride, analyse_commits
from regent.core.changes import Effect
from regent.core.history import RawCommit
from regent.core.nested_commits import NestedCommits
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump
from tests.op_count import python_calls
from tests.unit.test_analysis import chain, sha
from tests.unit.test_reading_costs import refs_footers

GITHUB_SQUASH = (
    "Login page (#12)\n\n"
    "* feat(auth): log in with passkeys\n\n"
    "* fix(auth): keep the session\n\nIt expired after a minute.\n\nRefs: #3\n\n"
    "* wip\n\n"
    "---------\n\n"
    "Co-authored-by: Ann <ann@example.com>"
)


def headings(
    *messages: str, squash_bodies: bool = True, lenient: bool = False
) -> list[tuple[str, str | None, Bump, int | None]]:
    changes = analyse_commits(
        chain(*messages), bump_policy=BumpPolicy(), lenient=lenient, squash_bodies=squash_bodies
    )
    return [
        (c.effect.value, c.type and f"{c.type}: {c.description}", c.bump, c.pr) for c in changes
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param(
            GITHUB_SQUASH,
            [
                ("counted", "feat: log in with passkeys", Bump.MINOR, 12),
                ("counted", "fix: keep the session", Bump.PATCH, 12),
            ],
            id="github-default-squash-plain-title",
        ),
        pytest.param(
            "feat: login (#12)\n\n* feat: passkeys\n* fix: session",
            [
                ("counted", "feat: login", Bump.MINOR, 12),
                ("counted", "feat: passkeys", Bump.MINOR, 12),
                ("counted", "fix: session", Bump.PATCH, 12),
            ],
            id="conventional-title-and-tight-bullets",
        ),
        pytest.param(
            "feat: passkeys (#12)\n\n* feat: passkeys\n\n* docs: readme",
            [
                ("counted", "feat: passkeys", Bump.MINOR, 12),
                ("counted", "docs: readme", Bump.NONE, 12),
            ],
            id="title-repeated-in-the-body-counts-once",
        ),
        pytest.param(
            "feat: x (#7)\n\n* feat: x\n\nBREAKING CHANGE: y",
            [("counted", "feat: x", Bump.MAJOR, 7)],
            id="one-commit-squash-keeps-its-breaking-footer",
        ),
        pytest.param(
            "feat!: x (#7)\n\n* feat: x\n\nRefs: #4",
            [("counted", "feat: x", Bump.MAJOR, 7)],
            id="one-commit-squash-keeps-a-breaking-title",
        ),
        pytest.param(
            "chore: tidy\n\nfeat(api): paragraph form\n\nWith a body.\n\nfix!: drop v1",
            [
                ("counted", "chore: tidy", Bump.NONE, None),
                ("counted", "feat: paragraph form", Bump.MINOR, None),
                ("counted", "fix: drop v1", Bump.MAJOR, None),
            ],
            id="blank-line-separated-paragraphs",
        ),
        pytest.param(
            "fix: a\n\nThe cause:\nfeat: not a paragraph start, stays body",
            [("counted", "fix: a", Bump.PATCH, None)],
            id="header-inside-a-paragraph-is-body",
        ),
        pytest.param(
            "fix: a\n\nNote: this is prose\n\nCo-authored-by: Ann <a@b.c>\n\nRelease-As: 2.0.0",
            [("counted", "fix: a", Bump.PATCH, None)],
            id="footers-and-prose-with-colons-are-not-commits",
        ),
        pytest.param(
            "feat(ui): dark mode (#34)\n\n* first try\n* second try",
            [("counted", "feat: dark mode", Bump.MINOR, 34)],
            id="bullets-that-are-not-commits",
        ),
        pytest.param(
            "fix: a\n\n* feat:no space\n* feat(): empty scope",
            [("counted", "fix: a", Bump.PATCH, None)],
            id="strict-rejects-malformed-nested-headers",
        ),
        pytest.param(
            "Update (#5)\n\n  - feat: indented bullet\n    continued body\n\n    Refs: #9",
            [("counted", "feat: indented bullet", Bump.MINOR, 5)],
            id="indented-bullet-with-body",
        ),
        pytest.param(
            "Update (#5)\n\n* fix(db)!: drop v1\ndetails without a blank line\n\n* feat: b",
            [
                ("counted", "fix: drop v1", Bump.MAJOR, 5),
                ("counted", "feat: b", Bump.MINOR, 5),
            ],
            id="strict-rule-6-broken-keeps-the-nested-header",
        ),
        pytest.param(
            "chore: deps (#5)\n\n* feat: b\n\nRelease-As: 3.0.0",
            [("counted", "chore: deps", Bump.NONE, 5), ("counted", "feat: b", Bump.MINOR, 5)],
            id="nested-footer-is-its-own",
        ),
        pytest.param(
            "Undo (#5)\n\n* revert: feat: b\n\n* fix: c",
            [("counted", "revert: feat: b", Bump.PATCH, 5), ("counted", "fix: c", Bump.PATCH, 5)],
            id="nested-revert-is-a-patch-entry",
        ),
        pytest.param(
            "Update (#5)\n\n* FEAT: upper case type\n\n* Docs(readme): scoped",
            [
                ("counted", "feat: upper case type", Bump.MINOR, 5),
                ("counted", "docs: scoped", Bump.NONE, 5),
            ],
            id="types-case-insensitive",
        ),
    ],
)
def test_each_listed_commit_is_a_change(
    message: str, expected: list[tuple[str, str | None, Bump, int | None]]
) -> None:
    assert headings(message) == expected


def test_squash_bodies_off_reads_the_header_only() -> None:
    assert headings("feat: login (#12)\n\n* fix: session", squash_bodies=False) == [
        ("counted", "feat: login", Bump.MINOR, 12)
    ]
    assert headings(GITHUB_SQUASH, squash_bodies=False)[0][0] == "skipped"


def test_lenient_reads_squeezed_nested_headers() -> None:
    assert headings("fix: a\n\n* feat:squeezed", lenient=True) == [
        ("counted", "fix: a", Bump.PATCH, None),
        ("counted", "feat: squeezed", Bump.MINOR, None),
    ]


def test_nested_breaking_footer_belongs_to_its_own_commit() -> None:
    message = "chore: deps (#8)\n\n* feat: new flag\n\nBREAKING CHANGE: old flag removed"
    changes = analyse_commits(chain(message), bump_policy=BumpPolicy(), squash_bodies=True)
    assert [(c.type, c.breaking, c.breaking_description) for c in changes] == [
        ("chore", False, None),
        ("feat", True, "old flag removed"),
    ]


def test_a_reverted_squash_cancels_every_listed_change() -> None:
    revert = f'Revert "Login page (#12)"\n\nThis reverts commit {sha(1)}.'
    assert [effect for effect, *_ in headings(GITHUB_SQUASH, revert)] == ["cancelled"] * 3


def test_custom_types_from_the_bump_rules_start_nested_commits() -> None:
    policy = BumpPolicy(type_bumps=(("feat", Bump.MINOR), ("security", Bump.PATCH)))
    changes = analyse_commits(
        chain("chore: x\n\n* security: patch a hole"), bump_policy=policy, squash_bodies=True
    )
    assert [(c.type, c.bump) for c in changes] == [("chore", Bump.NONE), ("security", Bump.PATCH)]


@pytest.mark.parametrize(
    ("text", "every_line", "expected"),
    [
        pytest.param("\n* feat: a\n* fix: b", False, (1, ("feat: a", "fix: b")), id="bullets"),
        pytest.param("feat: a\nfix: b", False, (0, ("feat: a\nfix: b",)), id="one-paragraph"),
        pytest.param("feat: a\nfix: b", True, (0, ("feat: a", "fix: b")), id="every-line"),
        pytest.param("\nNo commits here", False, (16, ()), id="none"),
        pytest.param("", False, (0, ()), id="empty"),
    ],
)
def test_split_finds_nested_commits(
    text: str, every_line: bool, expected: tuple[int, tuple[str, ...]]
) -> None:
    assert NestedCommits((), lenient=False).split(text, every_line=every_line) == expected


def listed_commits(n: int) -> str:
    return "Branch (#3)\n\n" + "".join(
        f"* fix: item {i}\n\nbody {i}\n\nRefs: #{i}\n\n" for i in range(n)
    )


@pytest.mark.parametrize("n", [1_000, 4_000])
def test_a_long_squash_body_costs_the_same_calls_per_listed_commit(n: int) -> None:
    commits = [RawCommit(sha(1), (), listed_commits(n))]
    calls = python_calls(analyse_commits, commits, bump_policy=BumpPolicy(), squash_bodies=True)
    assert calls <= 95 * n + 200
    changes = analyse_commits(commits, bump_policy=BumpPolicy(), squash_bodies=True)
    assert (len(changes), changes[-1].description, changes[-1].issues) == (
        n,
        f"item {n - 1}",
        (n - 1,),
    )


@pytest.mark.parametrize("n", [1_000, 4_000])
def test_a_footer_block_is_not_searched_line_by_line_for_listed_commits(n: int) -> None:
    commits = [RawCommit(sha(1), (), refs_footers(n))]
    plain = python_calls(analyse_commits, commits, bump_policy=BumpPolicy())
    read = python_calls(analyse_commits, commits, bump_policy=BumpPolicy(), squash_bodies=True)
    assert read <= plain + 100


MERGED = RawCommit(sha(3), (sha(1), sha(2)), "Merge pull request #7 from o/topic\n\nTopic")
BRANCH = RawCommit(sha(2), (sha(1),), "feat: wrong words")
BASE = RawCommit(sha(1), (), "chore: start")


@pytest.mark.parametrize(
    ("commits", "override", "expected"),
    [
        pytest.param(
            chain("chore: start", "fix: typo (#7)"),
            "BEGIN",
            [
                ("counted", "chore", None, None),
                ("counted", "feat", 7, "from the BEGIN_COMMIT_OVERRIDE block of #7"),
                ("counted", "fix", 7, "from the BEGIN_COMMIT_OVERRIDE block of #7"),
            ],
            id="squash-commit-replaced-by-two",
        ),
        pytest.param(
            (MERGED, BRANCH, BASE),
            "BEGIN",
            [
                ("counted", "chore", None, None),
                ("skipped", "feat", 7, "replaced by the BEGIN_COMMIT_OVERRIDE block of #7"),
                ("counted", "feat", 7, "from the BEGIN_COMMIT_OVERRIDE block of #7"),
                ("counted", "fix", 7, "from the BEGIN_COMMIT_OVERRIDE block of #7"),
            ],
            id="merge-commit-and-the-commits-it-brought",
        ),
        pytest.param(
            chain("chore: start", "fix: typo (#7)"),
            "just words",
            [
                ("counted", "chore", None, None),
                (
                    "skipped",
                    None,
                    7,
                    "from the BEGIN_COMMIT_OVERRIDE block of #7, which holds no Conventional"
                    " Commit: the header has no ': ' after the type; write the header as"
                    " '<type>[(<scope>)][!]: <description>' (Conventional Commits rule 1)",
                ),
            ],
            id="override-without-a-conventional-commit",
        ),
    ],
)
def test_commit_override_replaces_the_pull_requests_messages(
    commits: tuple[RawCommit, ...],
    override: str,
    expected: list[tuple[str, str | None, int | None, str | None]],
) -> None:
    text = "feat: the right words\nfix: and a fix" if override == "BEGIN" else override
    merge_sha = commits[0].sha
    changes = analyse_commits(
        commits,
        bump_policy=BumpPolicy(),
        overrides={merge_sha: CommitOverride(7, text)},
    )
    assert [(c.effect.value, c.type, c.pr, c.note) for c in changes] == expected
    assert all(c.sha == merge_sha for c in changes if c.note and c.note.startswith("from"))


def test_an_override_of_a_reverted_commit_stays_cancelled() -> None:
    commits = chain("fix: typo (#7)", 'Revert "fix: typo (#7)"')
    changes = analyse_commits(
        commits,
        bump_policy=BumpPolicy(),
        overrides={sha(1): CommitOverride(7, "fix: typo\nfeat: more")},
    )
    assert [c.effect for c in changes] == [Effect.CANCELLED] * 3


def test_a_one_commit_squash_keeps_the_release_as_footer_of_its_listed_commit() -> None:
    """GitHub squashes one commit into ``title (#N)`` + ``* title`` + its footers."""
    changes = analyse_commits(
        chain("fix: gears (#5)\n\n* fix: gears\n\nRelease-As: 2.0.0\nRefs: #4"),
        bump_policy=BumpPolicy(),
        squash_bodies=True,
    )
    assert [(c.description, c.release_as, c.issues, c.pr) for c in changes] == [
        ("gears", "2.0.0", (4,), 5)
    ]
