"""A backfilled changelog file: the text above the releases and the footer kept, the release
sections written newest first, older ones kept or replaced."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.changelog_file import (
    ChangelogEntryError,
    changelog_section,
    update_changelog,
    with_release_sections,
)

ENTRIES = [
    ("1.1.0", "## 1.1.0 (2026-02-01)\n\n### Features\n\n* b\n\n"),
    ("1.0.0", "\n## [1.0.0](https://x/compare/v0.9.0...v1.0.0) (2026-01-01)\n\n* a\n"),
]
WRITTEN = (
    "## 1.1.0 (2026-02-01)\n\n### Features\n\n* b\n\n"
    "## [1.0.0](https://x/compare/v0.9.0...v1.0.0) (2026-01-01)\n\n* a\n"
)
PREFACE = "# Changelog\n\nAll notable changes.\n"
OLD = "## 1.0.0 (old)\n\n* hand-written\n\n## 0.9.0\n\n* older\n"

CASES = [
    pytest.param(None, False, f"# Changelog\n\n{WRITTEN}", id="no file: the default title"),
    pytest.param(None, True, f"# Changelog\n\n{WRITTEN}", id="no file, older kept: the same"),
    pytest.param(
        PREFACE, True, f"{PREFACE}\n{WRITTEN}", id="older kept in a file without releases"
    ),
    pytest.param(PREFACE, False, f"{PREFACE}\n{WRITTEN}", id="a preface alone is kept"),
    pytest.param(f"{PREFACE}\n{OLD}", False, f"{PREFACE}\n{WRITTEN}", id="old sections replaced"),
    pytest.param(
        f"{PREFACE}\n{OLD}",
        True,
        f"{PREFACE}\n{WRITTEN}\n## 0.9.0\n\n* older\n",
        id="kept older: the same version's section replaced, the others kept",
    ),
    pytest.param(
        f"{PREFACE}\n## [Unreleased]\n\n* soon\n\n{OLD}",
        False,
        f"{PREFACE}\n## [Unreleased]\n\n* soon\n\n{WRITTEN}",
        id="a leading Unreleased section stays on top",
    ),
    pytest.param(
        f"{PREFACE}\n{OLD}\n[0.9.0]: https://x/v0.9.0\n",
        False,
        f"{PREFACE}\n{WRITTEN}\n[0.9.0]: https://x/v0.9.0\n",
        id="the footer of link definitions stays",
    ),
    pytest.param(
        "\ufeff# Log\r\n\r\n## 0.1.0\r\n\r\n* x\r\n",
        False,
        "\ufeff# Log\r\n\r\n" + WRITTEN.replace("\n", "\r\n"),
        id="a BOM and CRLF endings are kept",
    ),
]


@pytest.mark.parametrize(("existing", "keep_older", "expected"), CASES)
def test_with_release_sections(existing: str | None, keep_older: bool, expected: str) -> None:
    assert with_release_sections(existing, ENTRIES, keep_older=keep_older) == expected


@pytest.mark.parametrize(("existing", "keep_older", "expected"), CASES)
def test_writing_again_changes_nothing(
    existing: str | None, keep_older: bool, expected: str
) -> None:
    assert with_release_sections(expected, ENTRIES, keep_older=keep_older) == expected


def test_a_section_is_what_a_release_pr_writes_for_the_entry() -> None:
    version, entry = ENTRIES[1]
    section = changelog_section(entry, version=version)
    assert section == "## [1.0.0](https://x/compare/v0.9.0...v1.0.0) (2026-01-01)\n\n* a\n"
    assert update_changelog(PREFACE, version=version, entry=entry) == f"{PREFACE}\n{section}"


def test_an_entry_that_is_not_its_versions_section_is_refused() -> None:
    with pytest.raises(ChangelogEntryError, match="must start with a heading naming it"):
        with_release_sections(None, [("2.0.0", "## 1.0.0\n")], keep_older=False)


@given(
    st.lists(
        st.sampled_from(
            [
                "# Changelog",
                "## 1.0.0",
                "## [Unreleased]",
                "# 0.9.0",
                "* x",
                "",
                "[1.0.0]: https://x",
                "\r",
                "text",
                "## 2.0.0 (old)",
            ]
        ),
        max_size=12,
    ).map("\n".join),
    st.booleans(),
)
def test_any_file_takes_the_sections_and_settles(existing: str, keep_older: bool) -> None:
    once = with_release_sections(existing, ENTRIES, keep_older=keep_older)
    assert with_release_sections(once, ENTRIES, keep_older=keep_older) == once
    assert WRITTEN.replace("\n", "") in once.replace("\r", "").replace("\n", "")
