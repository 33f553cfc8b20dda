"""User text escaped for Markdown: no HTML, no mention, no control character, no block opened."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from regent.core.markdown import _escaped, encodable, markdown_line, markdown_text, printable
from tests.markdown_attacks import UNESCAPED_MENTION, WJ, NotesShape, hostile_text, notes_shape

BAD = "\ufffd"
REFERENCE_PIECES = ["&", "#", "#x", "#X", "64", "40", "202E", "x202e", ";", "amp", "commat", "@"]
REFERENCE_PIECES += ["octocat", "lt", "&&", " ", "\n", "<", "`"]
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")
MB = 1_000_000


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        pytest.param("add x", "add x", id="plain"),
        pytest.param("support `Vec<T>`", f"support `Vec<{WJ}T>`", id="code-span-reads-the-same"),
        pytest.param("<!-- hidden -->", f"<{WJ}!-- hidden -->", id="html-comment"),
        pytest.param("<img src=x onerror=y>", f"<{WJ}img src=x onerror=y>", id="html-tag"),
        pytest.param("</details>", f"<{WJ}/details>", id="closing-tag"),
        pytest.param("<https://x.test>", f"<{WJ}https://x.test>", id="autolink"),
        pytest.param("thanks @octocat!", f"thanks @{WJ}octocat!", id="mention"),
        pytest.param("@acme/core: look", f"@{WJ}acme/core: look", id="team-mention"),
        pytest.param("(@octocat)", f"(@{WJ}octocat)", id="mention-after-punctuation"),
        pytest.param("mail a@b.test", "mail a@b.test", id="email-is-no-mention"),
        pytest.param("@ home", "@ home", id="lone-at"),
        pytest.param("## Migration", "\\## Migration", id="atx-heading"),
        pytest.param("   # Title", "   \\# Title", id="indented-heading"),
        pytest.param("#123 is fixed", "#123 is fixed", id="issue-reference"),
        pytest.param("#", "\\#", id="empty-heading"),
        pytest.param("Title\n=====", "Title\n\\=====", id="setext-h1"),
        pytest.param("Title\n-", "Title\n\\-", id="setext-h2"),
        pytest.param("---", "\\---", id="thematic-break"),
        pytest.param("* * *", "\\* * *", id="spaced-break"),
        pytest.param("a | b\n--|--", "a | b\n\\--|--", id="table-delimiter"),
        pytest.param("|:--|--:|", "\\|:--|--:|", id="piped-delimiter"),
        pytest.param("```python\nx\n", "\\```python\nx\n", id="backtick-fence"),
        pytest.param("~~~", "\\~~~", id="tilde-fence"),
        pytest.param("[x]: https://evil.test", "\\[x]: https://evil.test", id="link-definition"),
        pytest.param("[^1]: note", "\\[^1]: note", id="footnote"),
        pytest.param("[docs](https://d.test)", "[docs](https://d.test)", id="inline-link-kept"),
        pytest.param("- a\n- b", "- a\n- b", id="lists-kept"),
        pytest.param(">#", ">\\#", id="heading-in-a-quote"),
        pytest.param("> > ## x", "> > \\## x", id="heading-in-nested-quotes"),
        pytest.param("- # x\n  ```", "- \\# x\n  \\```", id="heading-and-fence-in-a-list"),
        pytest.param("1. ---\n2) [a]: /b", "1. \\---\n2) \\[a]: /b", id="in-ordered-items"),
        pytest.param("> - ===", "> \\- ===", id="rule-characters-in-a-quote"),
        pytest.param("-x ## y", "-x ## y", id="no-marker-without-a-space"),
        pytest.param("2026. ## y", "2026. \\## y", id="year-is-an-ordered-marker"),
        pytest.param("**bold** and __init__", "**bold** and __init__", id="emphasis-kept"),
        pytest.param("> quoted", "> quoted", id="quote-kept"),
        pytest.param("\x1b[31mred\x1b[0m", f"{BAD}[31mred{BAD}[0m", id="ansi"),
        pytest.param("a\r\nb\rc", f"a\nb{BAD}c", id="carriage-returns"),
        pytest.param("nul\x00 c1\x9b", f"nul{BAD} c1{BAD}", id="nul-and-c1"),
        pytest.param("\u202eevil\u2066", f"{BAD}evil{BAD}", id="bidi-override"),
        pytest.param("tab\there", "tab\there", id="tab-kept"),
        pytest.param("lone \ud800\udfff", f"lone {BAD}{BAD}", id="lone-surrogates"),
        pytest.param("&#64;octocat", f"&{WJ}#64;octocat", id="decimal-reference"),
        pytest.param("&#x202E;gnp.exe", f"&{WJ}#x202E;gnp.exe", id="hex-reference"),
        pytest.param("&commat;x &lt;!--", f"&{WJ}commat;x &{WJ}lt;!--", id="named-reference"),
        pytest.param("a && b & c", "a && b & c", id="ampersands-kept"),
        pytest.param("`AT&T`", f"`AT&{WJ}T`", id="code-span-reads-the-same-with-a-joiner"),
    ],
)
def test_markdown_text(text: str, escaped: str) -> None:
    assert markdown_text(text) == escaped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        pytest.param("a\nb", "a b", id="lines-joined"),
        pytest.param("x\n## y", "x ## y", id="heading-mid-line"),
        pytest.param("## y\nx", "\\## y x", id="heading-first"),
        pytest.param("a\r\nb", "a b", id="crlf"),
    ],
)
def test_markdown_line(text: str, escaped: str) -> None:
    assert markdown_line(text) == escaped


@settings(max_examples=1000)
@given(hostile_text)
def test_escaped_text_opens_no_html_mention_control_or_block(text: str) -> None:
    escaped = markdown_text(text)
    assert "<!--" not in escaped
    assert re.search(f"<(?!{WJ})", escaped) is None
    assert UNESCAPED_MENTION.search(escaped) is None
    assert CHARACTER_REFERENCE.search(escaped) is None
    assert all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in escaped)
    assert notes_shape(escaped) == NotesShape(sections=(), forbidden=(), references=())


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(REFERENCE_PIECES) | st.text(max_size=2), max_size=30).map("".join))
def test_no_character_reference_survives(text: str) -> None:
    """GitHub decodes references before looking for mentions: ``&#64;x`` would be ``@x``."""
    escaped = markdown_text(text)
    assert CHARACTER_REFERENCE.search(escaped) is None
    rendered = MarkdownIt("commonmark").render(escaped)
    assert UNESCAPED_MENTION.search(rendered) is None
    assert "\u202e" not in rendered


@given(st.text(st.characters(exclude_categories=())))
def test_printable_text_can_always_be_written_out(text: str) -> None:
    assert encodable(printable(text))
    assert encodable(markdown_text(text))


@given(st.text())
def test_any_text_escapes_and_lines_stay_lines(text: str) -> None:
    escaped = markdown_text(text)
    assert escaped.count("\n") == printable(text).count("\n")
    assert "\n" not in markdown_line(text)


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        pytest.param("[" * MB, "[" * MB, id="brackets"),
        pytest.param("> " * (MB // 2) + "# x", "> " * (MB // 2) + "\\# x", id="nested-quotes"),
        pytest.param("- " * (MB // 2) + "x", "- " * (MB // 2) + "x", id="nested-items"),
        pytest.param("- " * (MB // 2) + "-", "\\" + "- " * (MB // 2) + "-", id="long-rule"),
        pytest.param(" " * MB + "-" * MB + "x", " " * MB + "-" * MB + "x", id="dashes-then-text"),
        pytest.param("&#" * (MB // 2), f"&{WJ}#" * (MB // 2), id="references"),
    ],
)
def test_a_megabyte_line_is_escaped_in_one_pass(line: str, escaped: str) -> None:
    assert markdown_text(line) == escaped


def test_many_hostile_lines_are_escaped_in_one_pass() -> None:
    escaped = markdown_text("<!-- @a\n## b\n" * 100_000)
    assert escaped.count(WJ) == 200_000
    assert escaped.count("\\## b") == 100_000


@given(hostile_text | st.text())
def test_plain_text_shortcut_gives_the_full_escape(text: str) -> None:
    """Text returned unchanged without the full escape is text the full escape leaves alone."""
    assert markdown_text(text) == _escaped(text)
    assert markdown_text("fix " + text) == _escaped("fix " + text)
