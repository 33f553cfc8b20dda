"""CHANGELOG.md updater: the entry lands in the right place once, and nothing else moves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.changelog_file import (
    DEFAULT_CHANGELOG_HEADER,
    ChangelogEntryError,
    changelog_section,
    update_changelog,
)
from regent.core.errors import RegentError

ENTRY = (
    "## [1.3.0](https://github.com/o/orbit/compare/v1.2.0...v1.3.0) (2026-11-26)\n"
    "\n"
    "### Features\n"
    "\n"
    "* **tracker:** follow geostationary satellites ([#41](https://github.com/o/orbit/issues/41))\n"
    "\n"
    "### Bug Fixes\n"
    "\n"
    "* keep the last pass when the feed times out ([a1b2c3d](https://github.com/o/orbit/commit/a1b2c3d))\n"
)
PLAIN_ENTRY = "## 1.3.0 (2026-11-26)\n\n### Features\n\n* follow geostationary satellites\n"

RELEASE_PLEASE_STYLE = (
    "# Changelog\n"
    "\n"
    "## [1.2.0](https://github.com/o/orbit/compare/v1.1.0...v1.2.0) (2026-10-02)\n"
    "\n"
    "### Features\n"
    "\n"
    "* export passes as iCalendar ([#37](https://github.com/o/orbit/issues/37))\n"
    "\n"
    "## [1.1.0](https://github.com/o/orbit/compare/v1.0.0...v1.1.0) (2026-08-19)\n"
    "\n"
    "### Bug Fixes\n"
    "\n"
    "* parse two-line elements with trailing spaces\n"
)

KEEP_A_CHANGELOG_STYLE = (
    "# Changelog\n"
    "All notable changes to orbit are written down here.\n"
    "\n"
    "The format follows Keep a Changelog and the project uses Semantic Versioning.\n"
    "\n"
    "## [Unreleased]\n"
    "### Added\n"
    "- a dark map theme, not released yet\n"
    "\n"
    "## [1.2.0] - 2026-10-02\n"
    "### Added\n"
    "- iCalendar export\n"
    "\n"
    "[unreleased]: https://github.com/o/orbit/compare/v1.2.0...HEAD\n"
    "[1.2.0]: https://github.com/o/orbit/compare/v1.1.0...v1.2.0\n"
)

SEMANTIC_RELEASE_STYLE = (
    "# [1.2.0](https://github.com/o/orbit/compare/v1.1.1...v1.2.0) (2026-10-02)\n"
    "\n"
    "\n"
    "### Features\n"
    "\n"
    "* export passes as iCalendar ([9f8e7d6](https://github.com/o/orbit/commit/9f8e7d6))\n"
    "\n"
    "## [1.1.1](https://github.com/o/orbit/compare/v1.1.0...v1.1.1) (2026-09-11)\n"
    "\n"
    "\n"
    "### Bug Fixes\n"
    "\n"
    "* round elevations to one decimal ([5a4b3c2](https://github.com/o/orbit/commit/5a4b3c2))\n"
)

STALE_1_3_0 = "## 1.3.0 (2026-11-20)\n\n### Features\n\n* an earlier draft of the notes\n"

# (id, existing, entry, expected)
CASES: list[tuple[str, str | None, str, str]] = [
    (
        "new-file",
        None,
        ENTRY,
        "# Changelog\n\n" + ENTRY,
    ),
    (
        "empty-file",
        "",
        ENTRY,
        "# Changelog\n\n" + ENTRY,
    ),
    (
        "whitespace-only-file",
        " \n\n\t\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY,
    ),
    (
        "release-please-above-newest",
        RELEASE_PLEASE_STYLE,
        ENTRY,
        "# Changelog\n\n" + ENTRY + "\n" + RELEASE_PLEASE_STYLE.removeprefix("# Changelog\n\n"),
    ),
    (
        "intro-paragraph-stays-in-the-header",
        "# Changelog\n\nAll notable changes.\nOne more line of intro.\n\n## 1.2.0\n\n* older\n",
        PLAIN_ENTRY,
        "# Changelog\n\nAll notable changes.\nOne more line of intro.\n\n"
        + PLAIN_ENTRY
        + "\n## 1.2.0\n\n* older\n",
    ),
    (
        "keep-a-changelog-unreleased-stays-on-top",
        KEEP_A_CHANGELOG_STYLE,
        PLAIN_ENTRY,
        KEEP_A_CHANGELOG_STYLE.replace("\n## [1.2.0]", "\n" + PLAIN_ENTRY + "\n## [1.2.0]"),
    ),
    (
        "keep-a-changelog-only-unreleased-goes-above-link-definitions",
        "# Changelog\n\n## [Unreleased]\n\n[unreleased]: https://github.com/o/orbit/commits/main\n",
        PLAIN_ENTRY,
        "# Changelog\n\n## [Unreleased]\n\n"
        + PLAIN_ENTRY
        + "\n[unreleased]: https://github.com/o/orbit/commits/main\n",
    ),
    (
        "semantic-release-level-one-release-headings",
        SEMANTIC_RELEASE_STYLE,
        ENTRY,
        ENTRY + "\n" + SEMANTIC_RELEASE_STYLE,
    ),
    (
        "no-sections-yet",
        "# Changelog\n\nNothing released so far.\n",
        PLAIN_ENTRY,
        "# Changelog\n\nNothing released so far.\n\n" + PLAIN_ENTRY,
    ),
    (
        "title-without-newline",
        "# Changelog",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY,
    ),
    (
        "blank-lines-around-become-one",
        "# Changelog\n## 1.2.0\n* older\n\n\n\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n* older\n",
    ),
    (
        "many-blank-lines-before-newest-become-one",
        "# Changelog\n\n\n\n\n## 1.2.0\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n",
    ),
    (
        "replace-same-version-in-place",
        "# Changelog\n\n" + STALE_1_3_0 + "\n## 1.2.0\n\n* older\n",
        ENTRY,
        "# Changelog\n\n" + ENTRY + "\n## 1.2.0\n\n* older\n",
    ),
    (
        "replace-same-version-below-newer-sections",
        "# Changelog\n\n## 1.4.0\n\n* newer\n\n" + STALE_1_3_0 + "\n## 1.2.0\n",
        PLAIN_ENTRY,
        "# Changelog\n\n## 1.4.0\n\n* newer\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n",
    ),
    (
        "replace-v-prefixed-heading",
        "# Changelog\n\n## v1.3.0 (2026-11-20)\n\n* draft\n\n## v1.2.0 (2026-10-02)\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## v1.2.0 (2026-10-02)\n",
    ),
    (
        "replace-bracketed-v-heading-with-dash-date",
        "# Changelog\n\n## [v1.3.0] - 2026-11-20\n- draft\n\n## [v1.2.0] - 2026-10-02\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## [v1.2.0] - 2026-10-02\n",
    ),
    (
        "replace-heading-with-colon-title",
        "# Changelog\n\n## 1.3.0: Geostationary\n\n* draft\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY,
    ),
    (
        "replace-heading-indented-up-to-three-spaces",
        "# Changelog\n\n   ## 1.3.0\n\n* draft\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY,
    ),
    (
        "heading-indented-four-spaces-is-code",
        "# Changelog\n\n    ## 1.3.0 is code\n",
        PLAIN_ENTRY,
        "# Changelog\n\n    ## 1.3.0 is code\n\n" + PLAIN_ENTRY,
    ),
    (
        "replace-bare-heading",
        "## 1.3.0\n\n* draft\n",
        PLAIN_ENTRY,
        PLAIN_ENTRY,
    ),
    (
        "replace-linked-heading-at-the-end-keeps-link-definitions",
        "# Changelog\n\n## [Unreleased]\n\n## [1.3.0](https://x.test/c) (2026-11-20)\n\n* draft\n\n"
        "[unreleased]: https://x.test/u\n",
        PLAIN_ENTRY,
        "# Changelog\n\n## [Unreleased]\n\n" + PLAIN_ENTRY + "\n[unreleased]: https://x.test/u\n",
    ),
    (
        "replace-level-one-semantic-release-heading",
        "# [1.3.0](https://x.test/c) (2026-11-20)\n\n* draft\n\n## [1.2.1](https://x.test/d)\n",
        ENTRY,
        ENTRY + "\n## [1.2.1](https://x.test/d)\n",
    ),
    (
        "replace-whole-section-with-code-comments",
        "# Changelog\n\n## 1.3.0\n\n* new config:\n\n  ```yaml\n  # the old key\n  orbit: {}\n"
        "  ```\n\n## 1.2.0\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n",
    ),
    (
        "replace-stops-at-a-non-release-level-two-heading",
        "# Changelog\n\n## 1.3.0\n\n* draft\n\n## Older releases\n\nSee HISTORY.md.\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## Older releases\n\nSee HISTORY.md.\n",
    ),
    (
        "prerelease-of-same-version-is-another-section",
        "# Changelog\n\n## 1.3.0-rc.1 (2026-11-20)\n\n* candidate\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.3.0-rc.1 (2026-11-20)\n\n* candidate\n",
    ),
    (
        "longer-version-is-another-section",
        "# Changelog\n\n## 11.3.0\n\n* far future\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 11.3.0\n\n* far future\n",
    ),
    (
        "mention-in-a-level-three-heading-is-not-a-section",
        "# Changelog\n\n## 1.4.0\n\n### 1.3.0 follow-ups\n\n* fix\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.4.0\n\n### 1.3.0 follow-ups\n\n* fix\n",
    ),
    (
        "crlf-file-gets-crlf-entry",
        "# Changelog\r\n\r\n## 1.2.0\r\n\r\n* older\r\n",
        PLAIN_ENTRY,
        "# Changelog\r\n\r\n"
        + PLAIN_ENTRY.replace("\n", "\r\n")
        + "\r\n## 1.2.0\r\n\r\n* older\r\n",
    ),
    (
        "crlf-entry-into-lf-file",
        "# Changelog\n\n## 1.2.0\n",
        PLAIN_ENTRY.replace("\n", "\r\n"),
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n",
    ),
    (
        "blank-lines-around-the-entry-are-trimmed",
        "# Changelog\n\n## 1.2.0\n",
        "\n\n" + PLAIN_ENTRY + "\n\n\n",
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n",
    ),
    (
        "bom-is-kept",
        "\ufeff## 1.2.0\n\n* older\n",
        PLAIN_ENTRY,
        "\ufeff" + PLAIN_ENTRY + "\n## 1.2.0\n\n* older\n",
    ),
    (
        "trailing-blank-lines-become-one-newline",
        "# Changelog\n\n## 1.2.0\n\n* older\n\n\n\n",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n\n* older\n",
    ),
    (
        "carriage-return-ending-the-only-line-is-not-a-crlf-file",
        "# Changelog\r",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY,
    ),
    (
        "missing-final-newline-is-added",
        "# Changelog\n\n## 1.2.0\n\n* older",
        PLAIN_ENTRY,
        "# Changelog\n\n" + PLAIN_ENTRY + "\n## 1.2.0\n\n* older\n",
    ),
]


@pytest.mark.parametrize(
    ("existing", "entry", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_update_changelog(existing: str | None, entry: str, expected: str) -> None:
    assert update_changelog(existing, version="1.3.0", entry=entry) == expected


@pytest.mark.parametrize(
    ("existing", "entry", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_running_again_changes_nothing(existing: str | None, entry: str, expected: str) -> None:
    assert update_changelog(expected, version="1.3.0", entry=entry) == expected


@pytest.mark.parametrize(
    ("existing", "version", "entry"),
    [
        (RELEASE_PLEASE_STYLE, "v1.3.0", PLAIN_ENTRY),
        (RELEASE_PLEASE_STYLE, "1.3.0", "## v1.3.0\n\n* notes\n"),
        (RELEASE_PLEASE_STYLE, "1.3.0", "# [1.3.0](https://x.test/c) (2026-11-26)\n\n* notes\n"),
    ],
    ids=["v-prefixed-version", "v-prefixed-heading", "level-one-heading"],
)
def test_entry_shapes_are_recognised_on_the_next_run(
    existing: str, version: str, entry: str
) -> None:
    once = update_changelog(existing, version=version, entry=entry)

    assert update_changelog(once, version=version, entry=entry) == once
    assert once.count(entry) == 1


def test_a_custom_header_starts_a_new_file() -> None:
    header = "# Release history\n\nEvery release of orbit, newest first.\n"

    result = update_changelog(None, version="1.3.0", entry=PLAIN_ENTRY, header=header)

    assert result == header + "\n" + PLAIN_ENTRY


def test_the_header_is_ignored_when_the_file_has_one() -> None:
    result = update_changelog(
        "# Changelog\n", version="1.3.0", entry=PLAIN_ENTRY, header="# History\n"
    )

    assert result == "# Changelog\n\n" + PLAIN_ENTRY


def test_the_default_header_is_a_title() -> None:
    assert DEFAULT_CHANGELOG_HEADER == "# Changelog\n"


@pytest.mark.parametrize(
    ("entry", "phrase"),
    [
        ("", "must start with a heading naming it"),
        ("* follow satellites\n", "must start with a heading naming it"),
        ("### 1.3.0\n\n* notes\n", "must start with a heading naming it"),
        ("## 1.2.0 (2026-11-26)\n\n* notes\n", "must start with a heading naming it"),
        ("## 1.3.0-rc.1\n\n* notes\n", "must start with a heading naming it"),
        ("## Release 1.3.0\n\n* notes\n", "must start with a heading naming it"),
        ("## 1.3.0\n\n## Features\n\n* notes\n", "second top-level heading on line 3"),
        ("## 1.3.0\n\n* notes\n\n[1.3.0]: https://x.test/c\n", "link reference definition"),
    ],
    ids=[
        "empty",
        "no-heading",
        "level-three-heading",
        "other-version",
        "prerelease-version",
        "version-not-first",
        "second-level-two-heading",
        "trailing-link-definition",
    ],
)
def test_an_entry_that_is_not_one_section_for_the_version_is_refused(
    entry: str, phrase: str
) -> None:
    with pytest.raises(ChangelogEntryError) as raised:
        update_changelog(RELEASE_PLEASE_STYLE, version="1.3.0", entry=entry)

    assert phrase in str(raised.value)
    assert "template" in str(raised.value)
    assert isinstance(raised.value, RegentError)


CHANGELOG_LINES = st.sampled_from(
    [
        "# Changelog",
        "All notable changes.",
        "",
        "   ",
        "## [Unreleased]",
        "# Unreleased",
        "## 1.2.0 (2026-10-02)",
        "## [1.3.0](https://x.test/c) (2026-11-20)",
        "## v1.3.0",
        "## 1.3.0-rc.1",
        "# [1.1.0](https://x.test/b)",
        "## Older releases",
        "### Features",
        "* a change",
        "```",
        "# a code comment",
        "[unreleased]: https://x.test/u",
        "[1.2.0]: https://x.test/a",
        "\ufeff## 1.0.0",
        "#",
        "##",
    ]
)
EXISTING_TEXT = st.one_of(
    st.text(),
    st.tuples(st.lists(st.one_of(CHANGELOG_LINES, st.text())), st.sampled_from(["\n", "\r\n"])).map(
        lambda parts: parts[1].join(parts[0])
    ),
)


@given(existing=st.one_of(st.none(), EXISTING_TEXT), entry=st.sampled_from([ENTRY, PLAIN_ENTRY]))
def test_any_existing_text_takes_the_entry_once_and_settles(
    existing: str | None, entry: str
) -> None:
    once = update_changelog(existing, version="1.3.0", entry=entry)

    assert once.replace("\r\n", "\n").count(entry) == 1
    assert once.endswith("\n")
    assert not once.endswith(("\n\n", "\n\r\n"))
    assert update_changelog(once, version="1.3.0", entry=entry) == once


@pytest.mark.parametrize(
    ("entry", "section"),
    [
        ("## 1.3.0\n\n* a\n", "## 1.3.0\n\n* a\n"),
        ("\n\n## 1.3.0\n\n* a\n\n \n", "## 1.3.0\n\n* a\n"),
        ("## 1.3.0\r\n\r\n* a\r\n", "## 1.3.0\n\n* a\n"),
        ("## 1.3.0\n\n* a", "## 1.3.0\n\n* a\n"),
        ("## 1.3.0\n### Fixes\n  # not one\n", "## 1.3.0\n### Fixes\n  # not one\n"),
    ],
    ids=["as written", "blank lines around", "crlf", "no final newline", "subheadings"],
)
def test_changelog_section_is_the_entry_as_written(entry: str, section: str) -> None:
    assert changelog_section(entry, version="1.3.0") == section
    assert changelog_section(section, version="1.3.0") is section  # not copied line by line


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ("## 1.3.0\n\n* a\n## 1.2.0\n", 4),
        ("## 1.3.0\n\n\n   # 1.2.0\n", 4),
        ("\n## 1.3.0\n\n* a\n## 1.2.0\n", 4),
    ],
)
def test_changelog_section_names_a_second_heading_line(entry: str, line: int) -> None:
    with pytest.raises(ChangelogEntryError, match=f"second top-level heading on line {line} "):
        changelog_section(entry, version="1.3.0")
