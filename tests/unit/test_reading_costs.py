"""What reading a long history costs, counted in Python calls (never a clock): footer blocks,
the analysis of their references, and the Markdown escaping of the notes grow linearly, with
small bounds per footer and per entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regent.core import changelog
from regent.core.analysis import analyse_commits
from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes, markdown_notes
from regent.core.commits import ConventionalCommit, Footer, parse_message
from regent.core.history import RawCommit
from regent.core.markdown import markdown_text
from regent.core.policy import BumpPolicy
from tests.op_count import python_calls

SIZES = (1_000, 4_000)
SHA = "a" * 40


def refs_footers(n: int) -> str:
    return "fix: a\n\nbody\n\n" + "".join(f"Refs: #{i}\n" for i in range(n))


def closes_lines(n: int) -> str:
    return "fix: a\n" + "".join(f"Closes #{i}\n" for i in range(n))


def prose_after_a_footer(n: int) -> str:
    return "fix: a\n\nCloses #1\n" + "".join(f"In #{i}, x\n" for i in range(n))


@pytest.mark.parametrize(
    ("message", "lenient", "per_line"),
    [
        pytest.param(refs_footers, False, 3, id="strict-token-footers"),
        pytest.param(refs_footers, True, 8, id="lenient-token-footers"),
        pytest.param(closes_lines, True, 10, id="lenient-issue-lines"),
        pytest.param(prose_after_a_footer, True, 10, id="lenient-hash-prose-joins-the-value"),
    ],
)
def test_a_footer_block_costs_a_few_calls_a_line(
    message: Callable[[int], str], lenient: bool, per_line: int
) -> None:
    for n in SIZES:
        assert python_calls(parse_message, message(n), lenient=lenient) <= per_line * n + 50


def test_footers_of_a_long_block_are_read_as_before() -> None:
    parsed = parse_message(prose_after_a_footer(3) + "Refs: #9\n", lenient=True)
    assert isinstance(parsed, ConventionalCommit)
    assert parsed.footers == (
        Footer("Closes", " #", "1\nIn #0, x\nIn #1, x\nIn #2, x"),
        Footer("Refs", ": ", "#9"),
    )


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_analysing_references_costs_a_few_calls_a_footer(lenient: bool) -> None:
    for n in SIZES:
        commits = [RawCommit(SHA, (), refs_footers(n))]
        count = python_calls(analyse_commits, commits, bump_policy=BumpPolicy(), lenient=lenient)
        assert count <= 9 * n + 200
    (change,) = analyse_commits(commits, bump_policy=BumpPolicy())
    assert change.issues == tuple(range(SIZES[-1]))


def notes_of(entries: int, scopes: int) -> ReleaseNotes:
    rows = tuple(
        NoteEntry(f"add thing {i}", f"scope{i % scopes}", SHA, SHA[:7], i, ())
        for i in range(entries)
    )
    return ReleaseNotes(
        "2.0.0", "v2.0.0", "v1.0.0", "2026-12-06", False, (NoteSection("F", rows),), None
    )


def test_each_scope_is_escaped_once_per_release(monkeypatch: pytest.MonkeyPatch) -> None:
    escaped: list[str] = []

    def counting_line(text: str) -> str:
        escaped.append(text)
        return text

    monkeypatch.setattr(changelog, "markdown_line", counting_line)
    markdown_notes(notes_of(3_000, scopes=4))
    assert sorted(escaped) == ["scope0", "scope1", "scope2", "scope3"]


def test_escaping_plain_notes_costs_a_few_calls_an_entry() -> None:
    for n in SIZES:
        assert python_calls(markdown_notes, notes_of(n, scopes=4)) <= 6 * n + 100


def test_a_plain_subject_is_not_copied() -> None:
    subject = "add webhook signatures, retries and a timeout (fast path)"
    assert markdown_text(subject) is subject
