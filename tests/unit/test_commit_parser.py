"""The Conventional Commits parser, from the 1.0.0 specification: strict, lenient, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regent.core.commits import (
    ConventionalCommit,
    Footer,
    NotConventional,
    parse_message,
)


def commit(
    type_: str,
    description: str,
    *,
    scope: str | None = None,
    breaking: bool = False,
    body: str | None = None,
    footers: tuple[Footer, ...] = (),
    breaking_description: str | None = None,
) -> ConventionalCommit:
    return ConventionalCommit(
        type=type_,
        scope=scope,
        breaking=breaking,
        description=description,
        body=body,
        footers=footers,
        breaking_description=breaking_description,
    )


def colon(token: str, value: str) -> Footer:
    return Footer(token, ": ", value)


def hash_(token: str, value: str) -> Footer:
    return Footer(token, " #", value)


# Cases valid under both policies, with the same reading.
BOTH_POLICIES = [
    pytest.param(
        "fix: handle an empty config", commit("fix", "handle an empty config"), id="header-only"
    ),
    pytest.param(
        "feat(cli): add a dry-run flag",
        commit("feat", "add a dry-run flag", scope="cli"),
        id="scope",
    ),
    pytest.param(
        "feat(api client): paginate",
        commit("feat", "paginate", scope="api client"),
        id="scope-with-space",
    ),
    pytest.param(
        "build(deps/npm): pin lockfile",
        commit("build", "pin lockfile", scope="deps/npm"),
        id="scope-with-slash",
    ),
    pytest.param(
        "refactor!: drop Python 3.10",
        commit(
            "refactor", "drop Python 3.10", breaking=True, breaking_description="drop Python 3.10"
        ),
        id="bang",
    ),
    pytest.param(
        "perf(cache)!: switch to an LRU",
        commit(
            "perf",
            "switch to an LRU",
            scope="cache",
            breaking=True,
            breaking_description="switch to an LRU",
        ),
        id="scope-and-bang",
    ),
    pytest.param("FIX: shout less", commit("FIX", "shout less"), id="type-case-kept"),
    pytest.param(
        "docs:   tidy the readme", commit("docs", "tidy the readme"), id="extra-spaces-skipped"
    ),
    pytest.param(
        "docs: tidy the readme  ", commit("docs", "tidy the readme  "), id="trailing-spaces-kept"
    ),
    pytest.param(
        "feat(i18n): añadir 日本語 ✓", commit("feat", "añadir 日本語 ✓", scope="i18n"), id="unicode"
    ),
    pytest.param("chore: bump\n", commit("chore", "bump"), id="final-newline"),
    pytest.param("chore: bump\n\n\n", commit("chore", "bump"), id="trailing-blank-lines"),
    pytest.param("chore: bump\n  \n\t\n", commit("chore", "bump"), id="trailing-whitespace-lines"),
    pytest.param(
        "fix: escape quotes\n\nQuotes in titles broke the\nrelease notes table.",
        commit("fix", "escape quotes", body="Quotes in titles broke the\nrelease notes table."),
        id="body",
    ),
    pytest.param(
        "fix: escape quotes\n\nFirst paragraph.\n\nSecond paragraph.\n",
        commit("fix", "escape quotes", body="First paragraph.\n\nSecond paragraph."),
        id="body-paragraphs",
    ),
    pytest.param(
        "fix: escape quotes\n\n\n\nAfter several blank lines.",
        commit("fix", "escape quotes", body="After several blank lines."),
        id="body-after-several-blank-lines",
    ),
    pytest.param(
        "docs: show usage\n\n    regent plan\n\nas above.",
        commit("docs", "show usage", body="    regent plan\n\nas above."),
        id="body-keeps-indentation",
    ),
    pytest.param(
        "fix: retry uploads\n\nUploads failed on 502.\n\nReviewed-by: Ana\nRefs: #7",
        commit(
            "fix",
            "retry uploads",
            body="Uploads failed on 502.",
            footers=(colon("Reviewed-by", "Ana"), colon("Refs", "#7")),
        ),
        id="body-then-footers",
    ),
    pytest.param(
        "fix: retry uploads\n\nCloses #41",
        commit("fix", "retry uploads", footers=(hash_("Closes", "41"),)),
        id="hash-separator",
    ),
    pytest.param(
        "fix: retry uploads\n\nCloses #1\ncloses #2",
        commit("fix", "retry uploads", footers=(hash_("Closes", "1"), hash_("closes", "2"))),
        id="repeated-token",
    ),
    pytest.param(
        "feat: read config from toml\n\nBREAKING CHANGE: the yaml file is ignored",
        commit(
            "feat",
            "read config from toml",
            breaking=True,
            footers=(colon("BREAKING CHANGE", "the yaml file is ignored"),),
            breaking_description="the yaml file is ignored",
        ),
        id="breaking-footer",
    ),
    pytest.param(
        "fix: tighten paths\n\nBREAKING-CHANGE: relative paths are rejected",
        commit(
            "fix",
            "tighten paths",
            breaking=True,
            footers=(colon("BREAKING-CHANGE", "relative paths are rejected"),),
            breaking_description="relative paths are rejected",
        ),
        id="breaking-dash-footer",
    ),
    pytest.param(
        "feat!: new plan format\n\nBREAKING CHANGE: plan JSON has a version key",
        commit(
            "feat",
            "new plan format",
            breaking=True,
            footers=(colon("BREAKING CHANGE", "plan JSON has a version key"),),
            breaking_description="plan JSON has a version key",
        ),
        id="breaking-footer-describes-over-bang",
    ),
    pytest.param(
        "feat: a\n\nBREAKING CHANGE: first\nBREAKING-CHANGE: second",
        commit(
            "feat",
            "a",
            breaking=True,
            footers=(colon("BREAKING CHANGE", "first"), colon("BREAKING-CHANGE", "second")),
            breaking_description="first",
        ),
        id="first-breaking-footer-describes",
    ),
    pytest.param(
        "fix: a\n\nbreaking change: lower case is prose",
        commit("fix", "a", body="breaking change: lower case is prose"),
        id="lowercase-breaking-change-is-body",
    ),
    pytest.param(
        "fix: a\n\nbreaking-change: lower case token",
        commit("fix", "a", footers=(colon("breaking-change", "lower case token"),)),
        id="lowercase-breaking-dash-is-plain-footer",
    ),
    pytest.param(
        "fix: a\n\nBREAKING CHANGE is mentioned, not declared",
        commit("fix", "a", body="BREAKING CHANGE is mentioned, not declared"),
        id="breaking-words-without-separator",
    ),
    pytest.param(
        "fix: a\n\nNote: first line\nsecond line",
        commit("fix", "a", footers=(colon("Note", "first line\nsecond line"),)),
        id="footer-value-spans-lines",
    ),
    pytest.param(
        "feat: a\n\nBREAKING CHANGE: old flags go.\n\nSee the migration guide.\n",
        commit(
            "feat",
            "a",
            breaking=True,
            footers=(colon("BREAKING CHANGE", "old flags go.\n\nSee the migration guide."),),
            breaking_description="old flags go.\n\nSee the migration guide.",
        ),
        id="footer-value-keeps-paragraphs",
    ),
    pytest.param(
        "fix: a\n\nRefs: #1   \n",
        commit("fix", "a", footers=(colon("Refs", "#1"),)),
        id="footer-value-right-trimmed",
    ),
    pytest.param(
        "fix: a\n\nLink: https://example.test/a: b",
        commit("fix", "a", footers=(colon("Link", "https://example.test/a: b"),)),
        id="footer-value-with-colon",
    ),
    pytest.param(
        "fix: a\n\nSee the notes below\nAcked-by: Bo",
        commit("fix", "a", body="See the notes below\nAcked-by: Bo"),
        id="token-line-inside-paragraph-is-body",
    ),
    pytest.param(
        "fix: a\n\nnot a token: value",
        commit("fix", "a", body="not a token: value"),
        id="token-with-space-is-body",
    ),
    pytest.param(
        "fix: a\n\nhttps://example.test: the site",
        commit("fix", "a", body="https://example.test: the site"),
        id="url-is-not-a-token",
    ),
    pytest.param(
        "feat(ui): dark mode\r\n\r\nBody line\r\n\r\nRefs: #3\r\n",
        commit("feat", "dark mode", scope="ui", body="Body line", footers=(colon("Refs", "#3"),)),
        id="crlf",
    ),
]

STRICT_INVALID = [
    pytest.param("", "empty", id="empty"),
    pytest.param("  \n\n", "empty", id="whitespace-only"),
    pytest.param("\nfix: a", "first line is blank", id="leading-blank-line"),
    pytest.param("Update the readme", "no ': '", id="plain-text"),
    pytest.param("fix(core)", "no ': '", id="scope-without-colon"),
    pytest.param("fix:typo", "no space after ':'", id="no-space-after-colon"),
    pytest.param("fix: ", "no description", id="empty-description"),
    pytest.param("fix(): typo", "scope between the parentheses is empty", id="empty-scope"),
    pytest.param(" fix: indented", "starts with whitespace", id="leading-space"),
    pytest.param("fix (core): a", "not one word", id="space-before-scope"),
    pytest.param("fix : a", "not one word", id="space-before-colon"),
    pytest.param("fix(core) : a", "scope is not one", id="space-after-scope"),
    pytest.param("fix((core)): a", "scope is not one", id="nested-parentheses"),
    pytest.param("fix(core: a", "scope is not one", id="unclosed-scope"),
    pytest.param(": a", "no type", id="no-type"),
    pytest.param("(core): a", "no type", id="scope-without-type"),
    pytest.param("feat!!: a", "does not follow", id="double-bang"),
    pytest.param("fix: a\nbody without a blank line", "rule 6", id="no-blank-line-after-header"),
    pytest.param("Merge branch 'main' into topic", "no ': '", id="git-merge-subject"),
    pytest.param('Revert "fix: a"', "not one word", id="git-revert-subject"),
]

LENIENT_ONLY = [
    pytest.param("fix:typo", commit("fix", "typo"), id="no-space-after-colon"),
    pytest.param(
        "feat(ui)!:dark mode",
        commit("feat", "dark mode", scope="ui", breaking=True, breaking_description="dark mode"),
        id="scope-bang-no-space",
    ),
    pytest.param(
        "fix: a\nsecond line\n\nRefs: #2",
        commit("fix", "a", body="second line", footers=(colon("Refs", "#2"),)),
        id="no-blank-line-after-header",
    ),
    pytest.param(
        "fix: a\nCloses #3",
        commit("fix", "a", footers=(hash_("Closes", "3"),)),
        id="footer-right-after-header",
    ),
]

# Messages both policies accept but read differently: (message, strict, lenient).
POLICIES_DIFFER = [
    pytest.param(
        "fix: a\n\nIssue #12 crashed on start.\n\nSigned-off-by: Kim <kim@example.test>",
        commit(
            "fix",
            "a",
            footers=(
                hash_("Issue", "12 crashed on start."),
                colon("Signed-off-by", "Kim <kim@example.test>"),
            ),
        ),
        commit(
            "fix",
            "a",
            body="Issue #12 crashed on start.",
            footers=(colon("Signed-off-by", "Kim <kim@example.test>"),),
        ),
        id="hash-prose-paragraph",
    ),
    pytest.param(
        "fix: a\n\nCloses #1\nSee #2 for the history",
        commit("fix", "a", footers=(hash_("Closes", "1"), hash_("See", "2 for the history"))),
        commit("fix", "a", footers=(hash_("Closes", "1\nSee #2 for the history"),)),
        id="hash-prose-line-continues-footer",
    ),
]

# Issue-number lists that stay footers under the lenient policy.
LENIENT_HASH_FOOTERS = [
    pytest.param("Closes #12", hash_("Closes", "12"), id="one-number"),
    pytest.param("Fixes #3, #4", hash_("Fixes", "3, #4"), id="comma-list"),
    pytest.param("Refs #4 and #5.", hash_("Refs", "4 and #5."), id="and-list-with-period"),
    pytest.param("Part-of #9 #10", hash_("Part-of", "9 #10"), id="space-list"),
]


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize(("message", "expected"), BOTH_POLICIES)
def test_reads_valid_messages_under_both_policies(
    message: str, expected: ConventionalCommit, lenient: bool
) -> None:
    assert parse_message(message, lenient=lenient) == expected


@pytest.mark.parametrize(("message", "reason_part"), STRICT_INVALID)
def test_strict_rejects_with_a_reason(message: str, reason_part: str) -> None:
    result = parse_message(message)

    assert isinstance(result, NotConventional)
    assert reason_part in result.reason
    assert "rule" in result.reason


@pytest.mark.parametrize(("message", "expected"), LENIENT_ONLY)
def test_lenient_accepts_what_strict_rejects(message: str, expected: ConventionalCommit) -> None:
    assert isinstance(parse_message(message), NotConventional)
    assert parse_message(message, lenient=True) == expected


@pytest.mark.parametrize(
    "message",
    ["", "Update the readme", "fix:", "fix(): a", " fix: a", "Merge pull request #3 from o/b"],
    ids=["empty", "plain-text", "no-description", "empty-scope", "leading-space", "merge"],
)
def test_lenient_still_rejects_headers_without_type_or_description(message: str) -> None:
    assert isinstance(parse_message(message, lenient=True), NotConventional)


@pytest.mark.parametrize(("message", "strict", "lenient"), POLICIES_DIFFER)
def test_policies_read_hash_prose_differently(
    message: str, strict: ConventionalCommit, lenient: ConventionalCommit
) -> None:
    assert parse_message(message) == strict
    assert parse_message(message, lenient=True) == lenient


@pytest.mark.parametrize(("line", "footer"), LENIENT_HASH_FOOTERS)
def test_lenient_keeps_issue_number_footers(line: str, footer: Footer) -> None:
    result = parse_message(f"fix: a\n\nSome context.\n\n{line}", lenient=True)

    assert isinstance(result, ConventionalCommit)
    assert result.footers == (footer,)
    assert result.body == "Some context."


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("Closes", ("1", "3"), id="same-case"),
        pytest.param("CLOSES", ("1", "3"), id="other-case"),
        pytest.param("Refs", ("#2",), id="single"),
        pytest.param("Reviewed-by", (), id="absent"),
    ],
)
def test_footer_values_compare_tokens_case_insensitively(
    token: str, expected: tuple[str, ...]
) -> None:
    result = parse_message("fix: a\n\nCloses #1\nRefs: #2\ncloses #3")

    assert isinstance(result, ConventionalCommit)
    assert result.footer_values(token) == expected


# --- properties ---------------------------------------------------------------------------

FOOTER_LIKE = re.compile(r"(BREAKING CHANGE|[^\s:]+)(: | #)")
NO_LINE_BREAKS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")
GRAMMAR_SOUP = "feat(x)!: #\n\r\t BREAKING-CHANGE:Closes12"

message_text = st.one_of(st.text(), st.text(alphabet=GRAMMAR_SOUP))


@settings(max_examples=500)
@given(message=message_text, lenient=st.booleans())
def test_never_raises_on_any_text(message: str, lenient: bool) -> None:
    result = parse_message(message, lenient=lenient)

    assert isinstance(result, ConventionalCommit | NotConventional)
    if isinstance(result, NotConventional):
        assert result.reason


def _stripped_line(*, footer_like_allowed: bool) -> st.SearchStrategy[str]:
    lines = st.text(NO_LINE_BREAKS, min_size=1, max_size=20).filter(
        lambda line: line == line.strip() and line != ""
    )
    if footer_like_allowed:
        return lines
    return lines.filter(lambda line: FOOTER_LIKE.match(line) is None)


types = st.text(
    st.characters(blacklist_categories=("Cs", "Z", "C"), blacklist_characters="():!"),
    min_size=1,
    max_size=10,
).filter(lambda text: not any(character.isspace() for character in text))
scopes = st.none() | st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="()\n\r"),
    min_size=1,
    max_size=10,
)
descriptions = st.text(NO_LINE_BREAKS, min_size=1, max_size=30).filter(
    lambda text: text.strip() != "" and not text[0].isspace()
)
paragraph = st.lists(_stripped_line(footer_like_allowed=False), min_size=1, max_size=3).map(
    "\n".join
)
bodies = st.none() | st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)
tokens = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,12}", fullmatch=True) | st.sampled_from(
    ["BREAKING CHANGE", "BREAKING-CHANGE"]
)


@st.composite
def footers(draw: st.DrawFn, *, lenient: bool) -> Footer:
    token = draw(tokens)
    separator = draw(st.sampled_from([": ", " #"]))
    if lenient and separator == " #":
        first = draw(st.from_regex(r"[0-9]{1,5}", fullmatch=True))
    else:
        first = draw(_stripped_line(footer_like_allowed=True))
    more = draw(st.lists(_stripped_line(footer_like_allowed=False), max_size=2))
    return Footer(token, separator, "\n".join([first, *more]))


BREAKING_TOKENS = ("BREAKING CHANGE", "BREAKING-CHANGE")


@st.composite
def formatted_commits(draw: st.DrawFn, *, lenient: bool) -> tuple[str, ConventionalCommit]:
    """A message written from generated parts, and the commit those parts make."""
    type_, scope, bang = draw(types), draw(scopes), draw(st.booleans())
    description, body = draw(descriptions), draw(bodies)
    drawn = tuple(draw(st.lists(footers(lenient=lenient), max_size=3)))
    breaking_values = [footer.value for footer in drawn if footer.token in BREAKING_TOKENS]
    sections = [
        f"{type_}{'' if scope is None else f'({scope})'}{'!' if bang else ''}: {description}"
    ]
    if body is not None:
        sections.append(body)
    if drawn:
        sections.append("\n".join(f"{f.token}{f.separator}{f.value}" for f in drawn))
    expected = commit(
        type_,
        description,
        scope=scope,
        breaking=bang or bool(breaking_values),
        body=body,
        footers=drawn,
        breaking_description=breaking_values[0]
        if breaking_values
        else (description if bang else None),
    )
    return "\n\n".join(sections), expected


@settings(max_examples=300)
@given(case=formatted_commits(lenient=False))
def test_formatted_commit_parses_back_strictly(case: tuple[str, ConventionalCommit]) -> None:
    message, expected = case

    assert parse_message(message) == expected


@settings(max_examples=300)
@given(case=formatted_commits(lenient=True))
def test_formatted_commit_parses_back_leniently(case: tuple[str, ConventionalCommit]) -> None:
    message, expected = case

    assert parse_message(message, lenient=True) == expected
