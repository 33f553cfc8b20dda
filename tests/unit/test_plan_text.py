"""The text plan lists the commits that bump the version and counts the rest; ``--all`` lists
every commit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.cli.plan_text import LISTED_COMMITS, _head, _indent, plan_text
from regent.core.analysis import analyse_commits
from regent.core.history import RawCommit
from regent.core.plan import plan_release
from regent.core.plan_overrides import PlanOverride
from regent.core.policy import ReleasePolicy
from regent.core.pull_steering import PULLS_NOT_READ
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases
from regent.services.planning import PreparedRelease

ALL_HINT = "(use --all to list every commit)"


def prepared(messages: list[str], *, notes: str = "### Bug Fixes\n\n* a fix\n") -> PreparedRelease:
    """A release of ``messages``, oldest first."""
    policy = ReleasePolicy()
    commits = [RawCommit(f"{n:040x}", (), text) for n, text in enumerate(messages)][::-1]
    plan = plan_release(
        policy=policy,
        scheme=SEMVER,
        history=find_releases(["v1.0.0"], template=TagTemplate("v{version}"), scheme=SEMVER),
        changes=analyse_commits(commits, bump_policy=policy.bump),
    )
    return PreparedRelease(plan, None, notes, "CHANGELOG.md", ())


def text(release: PreparedRelease, *, limit: int = LISTED_COMMITS, every: bool = False) -> str:
    return plan_text(release, policy=ReleasePolicy(), limit=limit, every=every)


def commits_part(output: str) -> list[str]:
    """The lines from ``Commits`` up to the release notes, each commit's short sha left out."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Commits"))
    end = next((n for n, line in enumerate(lines) if line == "Release notes:"), len(lines))
    return [line[:4] + line[12:] if line.startswith("    0") else line for line in lines[start:end]]


LISTING_CASES = [
    pytest.param(
        ["fix: a", "docs: b", "chore: c", "chore: d", "style: e", "Update README"],
        [
            "Commits (6): 5 counted, 1 skipped",
            "  that bump the version (1):",
            "    fix: a  [patch]",
            "  and 5 commits that do not bump: chore 2, docs 1, skipped 1, style 1",
            "",
        ],
        id="the commits that bump, then the rest counted by type",
    ),
    pytest.param(
        ["fix: a", "feat: b", "fix: c", "feat!: d"],
        [
            "Commits (4): 4 counted",
            "  that bump the version (4):",
            "    feat!: d  [major]",
            "    feat: b  [minor]",
            "    fix: c  [patch]",
            "    fix: a  [patch]",
            "",
        ],
        id="highest bump first, then newest first; no line for the rest when there is none",
    ),
    pytest.param(
        ["docs: a", "chore: b"],
        ["Commits (2): 2 counted", "  2 commits that do not bump: chore 1, docs 1"],
        id="nothing bumps: only the count",
    ),
    pytest.param(
        ["fix: a", 'Revert "fix: a"\n\nThis reverts commit ' + "0" * 40 + "."],
        [
            "Commits (2): 2 cancelled by reverts",
            "  2 commits that do not bump: cancelled by reverts 2",
        ],
        id="cancelled commits do not bump",
    ),
    pytest.param([], ["Commits: none since the last release"], id="no commits"),
]


@pytest.mark.parametrize(("messages", "expected"), LISTING_CASES)
def test_the_commits_listed_by_default(messages: list[str], expected: list[str]) -> None:
    assert commits_part(text(prepared(messages)))[: len(expected)] == expected


def test_all_lists_every_commit_grouped_by_effect() -> None:
    output = text(prepared(["fix: a", "docs: b", "Update README"]), every=True)
    assert [line.partition("  (")[0] for line in commits_part(output)] == [
        "Commits (3):",
        "  counted (2):",
        "    docs: b",
        "    fix: a  [patch]",
        "  skipped (1):",
        "    Update README",
        "",
    ]


def test_a_large_range_lists_the_commits_that_bump_and_counts_the_rest() -> None:
    messages = [f"chore: tidy {n}" for n in range(100_000)]
    messages[500] = "feat: the widget"
    messages[7000] = "feat(api): the gadget"
    messages[9000] = "fix: a page"
    messages[9001] = "Update README"
    output = text(prepared(messages))
    assert commits_part(output) == [
        "Commits (100000): 99999 counted, 1 skipped",
        "  that bump the version (3):",
        "    feat(api): the gadget  [minor]",
        "    feat: the widget  [minor]",
        "    fix: a page  [patch]",
        "  and 99997 commits that do not bump: chore 99996, skipped 1",
        "",
    ]
    assert len(output.splitlines()) < 30


def test_commits_that_bump_past_the_limit_are_cut_and_counted() -> None:
    output = text(prepared([f"fix: bug {n}" for n in range(12)]), limit=5)
    assert commits_part(output)[:8] == [
        "Commits (12): 12 counted",
        "  that bump the version (12):",
        *[f"    fix: bug {n}  [patch]" for n in (11, 10, 9, 8, 7)],
        f"    and 7 more that bump {ALL_HINT}",
    ]
    every = text(prepared([f"fix: bug {n}" for n in range(12)]), limit=5, every=True)
    assert all(f"fix: bug {n}  [patch]" in every for n in range(12))
    assert ALL_HINT not in every


def test_nothing_to_release_on_a_large_range_says_so() -> None:
    output = text(prepared([f"docs: page {n}" for n in range(60)]))
    assert "Next version:    nothing to release" in output
    assert "  60 commits that do not bump: docs 60" in output


def test_long_release_notes_are_cut_on_a_large_range_only() -> None:
    notes = "".join(f"* fix {n}\n" for n in range(500))
    small = text(prepared(["fix: one"], notes=notes))
    assert "  * fix 499" in small
    large = text(prepared([f"fix: bug {n}" for n in range(12)], notes=notes), limit=5)
    assert "  * fix 9\n  ... and 490 more lines (use --format markdown for all)" in large
    assert "  * fix 10" not in large
    every = text(prepared([f"fix: bug {n}" for n in range(12)], notes=notes), limit=5, every=True)
    assert "  * fix 499" in every


@given(st.text(alphabet="ab\n"), st.integers(min_value=1, max_value=6))
def test_the_notes_head_is_the_first_lines_and_a_count_of_the_rest(notes: str, limit: int) -> None:
    every_line = _indent(notes)
    head = _head(notes, limit=limit)
    if len(every_line) <= limit:
        assert head == every_line
    else:
        more = len(every_line) - limit
        assert head == [
            *every_line[:limit],
            f"  ... and {more} more lines (use --format markdown for all)",
        ]


def test_overrides_and_what_was_not_read_follow_the_reason() -> None:
    release = prepared(["fix: a"])
    steered = replace(
        release,
        plan=replace(
            release.plan,
            overrides=(PlanOverride("bump-floor", "minor", "#12 (release-regent: bump-minor)"),),
            skipped=PULLS_NOT_READ,
        ),
    )
    lines = text(steered).splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("Why: "))
    assert lines[at + 1 : at + 4] == [
        "Override: bump-floor minor (from #12 (release-regent: bump-minor))",
        f"Not read: {PULLS_NOT_READ}",
        "",
    ]
    assert "Override:" not in text(release)
