"""The text plan lists every commit of a small range and summarises a large one."""

from __future__ import annotations

from dataclasses import replace

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

MORE = "more (use --format json for all)"


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


def text(release: PreparedRelease, *, limit: int = LISTED_COMMITS) -> str:
    return plan_text(release, policy=ReleasePolicy(), limit=limit)


def test_a_range_at_the_limit_lists_every_commit() -> None:
    output = text(prepared([f"fix: bug {n}" for n in range(LISTED_COMMITS)]))
    assert all(f"fix: bug {n}  [patch]" in output for n in range(LISTED_COMMITS))
    assert MORE not in output


def test_a_large_range_shows_counts_and_the_commits_that_drove_the_bump() -> None:
    messages = [f"fix: bug {n}" for n in range(100_000)]
    messages[500] = "feat: the widget"
    messages[7000] = "feat(api): the gadget"
    messages[9000] = "docs: a page"
    messages[9001] = "Update README"
    output = text(prepared(messages))
    assert "Commits (100000): 99999 counted, 1 skipped" in output
    assert "  by type: fix 99996, feat 2, (no type) 1, docs 1" in output
    assert "  that drove the minor bump (2):" in output
    listed = [line for line in output.splitlines() if line.startswith("    ")]
    assert [line[12:] for line in listed] == [
        "feat(api): the gadget  [minor]",
        "feat: the widget  [minor]",
    ]
    assert f"  and 99998 {MORE}" in output
    assert len(output.splitlines()) < 30


def test_drivers_past_the_limit_are_cut_and_counted() -> None:
    output = text(prepared([f"fix: bug {n}" for n in range(12)]), limit=5)
    assert "  that drove the patch bump (12):" in output
    assert [line[12:] for line in output.splitlines() if line.startswith("    ")] == [
        f"fix: bug {n}  [patch]" for n in (11, 10, 9, 8, 7)
    ]
    assert f"  and 7 {MORE}" in output


def test_nothing_to_release_on_a_large_range_says_so() -> None:
    output = text(prepared([f"docs: page {n}" for n in range(60)]))
    assert "Next version:    nothing to release" in output
    assert "  none of them bumps the version" in output
    assert f"  and 60 {MORE}" in output


def test_long_release_notes_are_cut_on_a_large_range_only() -> None:
    notes = "".join(f"* fix {n}\n" for n in range(500))
    small = text(prepared(["fix: one"], notes=notes))
    assert "  * fix 499" in small
    large = text(prepared([f"fix: bug {n}" for n in range(12)], notes=notes), limit=5)
    assert "  * fix 9\n  ... and 490 more lines (use --format markdown for all)" in large
    assert "  * fix 10" not in large


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
