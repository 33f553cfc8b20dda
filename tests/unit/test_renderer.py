"""Release notes and changelog entries rendered by the sandboxed Jinja templates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from regent.adapters.jinja_renderer import JinjaRenderer
from regent.core.changelog import NoteEntry, NoteSection, ReleaseNotes
from regent.core.errors import ConfigError
from regent.core.policy import TemplatePolicy

SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"


def notes(
    *, url: str | None = "https://github.com/acme/widget", description: str = "add x"
) -> ReleaseNotes:
    entry = NoteEntry(description, "api", SHA, SHA[:7], 12, (3, 4))
    plain = NoteEntry("fix y", None, SHA, SHA[:7], None, ())
    return ReleaseNotes(
        version="1.3.0",
        tag="v1.3.0",
        previous_tag="v1.2.0",
        date="2026-11-26",
        is_prerelease=False,
        sections=(NoteSection("Features", (entry,)), NoteSection("Bug Fixes", (plain,))),
        repository_url=url,
    )


def test_release_notes_with_links() -> None:
    text = JinjaRenderer(overrides=TemplatePolicy()).release_notes(notes())
    assert text == (
        "### Features\n\n"
        "* **api:** add x ([#12](https://github.com/acme/widget/pull/12)) "
        f"([a1b2c3d](https://github.com/acme/widget/commit/{SHA})), "
        "closes [#3](https://github.com/acme/widget/issues/3), "
        "[#4](https://github.com/acme/widget/issues/4)\n\n"
        "### Bug Fixes\n\n"
        f"* fix y ([a1b2c3d](https://github.com/acme/widget/commit/{SHA}))\n"
    )


def test_release_notes_without_a_github_remote_have_plain_references() -> None:
    text = JinjaRenderer(overrides=TemplatePolicy()).release_notes(notes(url=None))
    assert "* **api:** add x (#12) (a1b2c3d), closes #3, #4\n" in text
    assert "](" not in text


def test_a_commit_closing_many_issues_lists_twenty_and_counts_the_rest() -> None:
    closing = NoteEntry("sweep", None, SHA, SHA[:7], None, tuple(range(1, 10_001)))
    swept = replace(notes(url=None), sections=(NoteSection("Bug Fixes", (closing,)),))
    text = JinjaRenderer(overrides=TemplatePolicy()).release_notes(swept)
    assert "closes #1, #2," in text
    assert "#20 and 9,980 more\n" in text
    assert "#21" not in text


def test_changelog_entry_heading_links_the_comparison() -> None:
    renderer = JinjaRenderer(overrides=TemplatePolicy())
    text = renderer.changelog_entry(notes(), release_notes=renderer.release_notes(notes()))
    first, blank, *rest = text.split("\n")
    assert (
        first == "## [1.3.0](https://github.com/acme/widget/compare/v1.2.0...v1.3.0) (2026-11-26)"
    )
    assert blank == ""
    assert rest[0] == "### Features"


@pytest.mark.parametrize(
    "description",
    ["{{ 7*7 }}", "{% for x in y %}", "{{ ''.__class__.__mro__ }}", "{#"],
    ids=["expression", "statement", "sandbox-escape", "comment"],
)
def test_user_text_is_rendered_literally(description: str) -> None:
    text = JinjaRenderer(overrides=TemplatePolicy()).release_notes(notes(description=description))
    assert f"**api:** {description} (" in text


def test_repository_template_overrides_the_default(tmp_path: Path) -> None:
    (tmp_path / "notes.j2").write_text(
        "{{ notes.version }}: {{ notes.sections | length }} sections\n"
    )
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="notes.j2"), repository_root=tmp_path
    )
    assert renderer.release_notes(notes()) == "1.3.0: 2 sections\n"


def test_sandbox_blocks_unsafe_template_code(tmp_path: Path) -> None:
    (tmp_path / "evil.j2").write_text("{{ notes.__class__.__init__.__globals__ }}\n")
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="evil.j2"), repository_root=tmp_path
    )
    with pytest.raises(ConfigError, match=r"evil\.j2"):
        renderer.release_notes(notes())


def test_template_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.j2").write_text("fine\n{% if %}\n")
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="broken.j2"), repository_root=tmp_path
    )
    with pytest.raises(ConfigError) as caught:
        renderer.release_notes(notes())
    assert str(caught.value).startswith("broken.j2:2: template syntax error")


def test_undefined_variable_in_a_template_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "typo.j2").write_text("{{ notes.verison }}\n")
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="typo.j2"), repository_root=tmp_path
    )
    with pytest.raises(ConfigError, match="verison"):
        renderer.release_notes(notes())


def test_missing_template_file_is_a_config_error(tmp_path: Path) -> None:
    renderer = JinjaRenderer(
        overrides=TemplatePolicy(changelog_entry="nowhere.j2"), repository_root=tmp_path
    )
    with pytest.raises(ConfigError, match=r"nowhere\.j2.*no such file in the repository"):
        renderer.changelog_entry(notes(), release_notes="x")


def test_overrides_can_be_read_from_git_instead_of_a_work_tree() -> None:
    files = {"notes.j2": "{% for s in notes.sections %}{{ s.title }};{% endfor %}\n"}
    read: list[str] = []

    def read_template(path: str) -> str | None:
        read.append(path)
        return files.get(path)

    renderer = JinjaRenderer(
        overrides=TemplatePolicy(release_notes="notes.j2"), read_template=read_template
    )
    assert read == []
    assert renderer.release_notes(notes()) == "Features;Bug Fixes;\n"
    assert renderer.release_notes(notes()) == "Features;Bug Fixes;\n"
    assert read == ["notes.j2"]


@pytest.mark.parametrize(
    ("preface", "sections", "start"),
    [
        pytest.param(
            "Read **this**.", True, "Read **this**.\n\n### Features\n\n* **api:**", id="first"
        ),
        pytest.param("* a\n* b", True, "* a\n* b\n\n### Features\n\n", id="a-list"),
        pytest.param("Only this.", False, "Only this.\n", id="no-sections"),
        pytest.param("", True, "### Features\n\n* **api:**", id="none"),
    ],
)
def test_the_maintainers_notes_open_the_release_notes_and_the_entry(
    preface: str, sections: bool, start: str
) -> None:
    renderer = JinjaRenderer(overrides=TemplatePolicy())
    shown = replace(notes(url=None), preface=preface)
    shown = shown if sections else replace(shown, sections=())
    text = renderer.release_notes(shown)
    assert text.startswith(start)
    if not sections:
        assert text == start
    entry = renderer.changelog_entry(shown, release_notes=text)
    assert entry.startswith("## [1.3.0]") or entry.startswith("## 1.3.0")
    assert f" (2026-11-26)\n\n{start}" in entry
