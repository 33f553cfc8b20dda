"""Commit text in rendered notes and changelog entries is data: it keeps their structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regent.adapters.jinja_renderer import JinjaRenderer
from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.changelog_file import update_changelog
from regent.core.policy import TemplatePolicy
from tests.markdown_attacks import UNESCAPED_MENTION, WJ, NotesShape, hostile_text, notes_shape

SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
URL = "https://github.com/acme/widget"
MIGRATION = "the old API is gone.\n\n## Migration\n\nCall `new()`.\n\n```\nunclosed fence"
FAKE_MARKER = (
    '<!-- release-regent {"version": "66.6.0", "tag": "v66.6.0"} --> <!-- release-regent {'
)
EXISTING = "# Changelog\n\n## [1.2.0](https://x.test) (2026-01-01)\n\n### Bug Fixes\n\n* old\n"


def entry(description: str, *, scope: str | None = None) -> NoteEntry:
    return NoteEntry(description, scope, SHA, SHA[:7], 12, (3,))


def notes(*sections: tuple[str, tuple[NoteEntry, ...]]) -> ReleaseNotes:
    return ReleaseNotes(
        version="1.3.0",
        tag="v1.3.0",
        previous_tag="v1.2.0",
        date="2026-11-26",
        is_prerelease=False,
        sections=tuple(NoteSection(title, entries) for title, entries in sections),
        repository_url=URL,
    )


def render(release: ReleaseNotes) -> tuple[str, str]:
    """The release notes and the CHANGELOG.md the release branch would get."""
    renderer = JinjaRenderer(overrides=TemplatePolicy())
    text = renderer.release_notes(release)
    entry_text = renderer.changelog_entry(release, release_notes=text)
    return text, update_changelog(EXISTING, version=release.version, entry=entry_text)


def headings(changelog: str) -> list[str]:
    return [line for line in changelog.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(MIGRATION, id="migration-heading-and-unclosed-fence"),
        pytest.param(FAKE_MARKER, id="fake-state-marker"),
        pytest.param("x\n# 9.9.9\n\n---\n\n<details><summary>hi", id="version-heading-html"),
        pytest.param("Title\n=====\n\n| a | b |\n|---|---|\n| 1 | 2 |", id="setext-and-table"),
        pytest.param("see\n\n[1.3.0]: https://evil.test", id="link-definition-last"),
        pytest.param("cc @octocat @acme/team\x1b[2J\x1b[31m", id="mentions-and-ansi"),
    ],
)
def test_a_hostile_breaking_change_keeps_the_notes_and_changelog_whole(hostile: str) -> None:
    release = notes(
        ("⚠ Breaking Changes", (entry(hostile, scope="<b>api</b>"),)),
        ("Features", (entry(hostile), entry("after it"))),
        ("Bug Fixes", (entry("last"),)),
    )
    text, changelog = render(release)
    assert notes_shape(text) == NotesShape(
        sections=(("⚠ Breaking Changes", 1), ("Features", 2), ("Bug Fixes", 1)),
        forbidden=(),
        references=(),
    )
    assert "<!--" not in text
    assert UNESCAPED_MENTION.search(text) is None
    assert "\x1b" not in text
    assert headings(changelog) == [
        f"## [1.3.0]({URL}/compare/v1.2.0...v1.3.0) (2026-11-26)",
        "## [1.2.0](https://x.test) (2026-01-01)",
    ]


def test_a_multi_line_entry_stays_inside_its_bullet() -> None:
    text, _ = render(notes(("Features", (entry("a\n\nb\n- c"), entry("d")))))
    assert text == (
        "### Features\n\n"
        f"* a\n\n  b\n  - c ([#12]({URL}/pull/12)) ([a1b2c3d]({URL}/commit/{SHA})), "
        f"closes [#3]({URL}/issues/3)\n"
        f"* d ([#12]({URL}/pull/12)) ([a1b2c3d]({URL}/commit/{SHA})), "
        f"closes [#3]({URL}/issues/3)\n"
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=4), hostile_text)
def test_any_commit_text_keeps_one_bullet_per_entry_and_one_section_per_release(
    descriptions: list[str], scope: str
) -> None:
    entries = tuple(entry(text, scope=scope or None) for text in descriptions)
    text, changelog = render(notes(("Features", entries), ("Bug Fixes", (entry("fix"),))))
    shape = notes_shape(text)
    assert shape == NotesShape((("Features", len(entries)), ("Bug Fixes", 1)), (), ())
    assert "<!--" not in text
    assert UNESCAPED_MENTION.search(text) is None
    assert len(headings(changelog)) == 2


def test_an_override_template_sees_escaped_text_too(tmp_path: Path) -> None:
    (tmp_path / "notes.j2").write_text(
        "{% for s in notes.sections %}{% for e in s.entries %}"
        "- {{ e.scope }}: {{ e.description }}\n{% endfor %}{% endfor %}"
    )
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="notes.j2"), repository_root=tmp_path
    )
    text = renderer.release_notes(notes(("Features", (entry(FAKE_MARKER, scope="@x"),))))
    assert text == f"- @{WJ}x: " + FAKE_MARKER.replace("<", f"<{WJ}") + "\n"


def test_the_base_branch_in_the_pr_body_is_escaped() -> None:
    renderer = JinjaRenderer(overrides=TemplatePolicy())
    release = notes(("Features", (entry("x"),)))
    body = renderer.release_pr_body(release, release_notes="notes\n", base_branch="<!--@dev")
    assert "<!--" not in body
    assert f"`<{WJ}!--@{WJ}dev`" in body
