"""Repository text in plain log lines, workflow commands and version files: one printable line.

A line break in a version read from a file would put a forged ``::error`` on a line of its own
in the Action's log; an ANSI escape would act on a terminal; a lone surrogate (JSON's
``\\ud800``) cannot be written to any file or stream.
"""

from __future__ import annotations

import io
import logging
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.markdown import REPLACEMENT, encodable, printable_line
from regent.core.release_pr.integrity import files_problem
from regent.core.version_files import VersionFileError, VersionFileKind, read_version
from regent.runtimes.action.commands import Runner
from regent.runtimes.log_lines import one_line_handler

FORGED = "1.0.0\n::error title=Owned::forged"
ANY_TEXT = st.text(st.characters(exclude_categories=()))
"""Any text, lone surrogates included."""


@given(ANY_TEXT)
def test_a_printable_line_is_one_line_that_can_be_written_out(text: str) -> None:
    shown = printable_line(text)
    assert shown.splitlines() == ([shown] if shown else [])
    assert encodable(shown)
    assert all(unicodedata.category(c) != "Cc" or c == "\t" for c in shown)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param(FORGED, "1.0.0\\n::error title=Owned::forged", id="newline"),
        pytest.param("a\r\nb\rc\u2028d\x85e", "a\\nb\\nc\\nd\\ne", id="every-line-break"),
        pytest.param(
            "\x1b[31mred\x9b \ud800",
            f"{REPLACEMENT}[31mred{REPLACEMENT} {REPLACEMENT}",
            id="controls",
        ),
    ],
)
def test_printable_line(text: str, shown: str) -> None:
    assert printable_line(text) == shown


def test_a_megabyte_of_line_breaks_is_one_line() -> None:
    assert printable_line("\n" * 1_000_000) == "\\n" * 1_000_000


def test_a_stale_version_is_quoted_on_one_line() -> None:
    problem = files_problem(
        "1.1.0",
        stale_files=[("package.json", FORGED)],
        changelog_path="CHANGELOG.md",
        newest_section="1.1.0\n::warning::x",
    )
    assert problem == (
        "package.json says 1.0.0\\n::error title=Owned::forged; "
        "CHANGELOG.md tops with 1.1.0\\n::warning::x"
    )


def test_plain_log_lines_cannot_start_a_workflow_command() -> None:
    out = io.StringIO()
    log = logging.Logger("regent.test")
    log.addHandler(one_line_handler(out, line_format="regent: %(message)s"))
    log.warning("refuse v1.1.0: package.json says %s \x1b[2J \ud800", FORGED)
    assert out.getvalue() == (
        "regent: refuse v1.1.0: package.json says 1.0.0\\n::error title=Owned::forged "
        f"{REPLACEMENT}[2J {REPLACEMENT}\n"
    )


def test_a_legacy_workflow_command_is_broken_by_a_word_joiner() -> None:
    out = io.StringIO()
    log = logging.Logger("regent.test")
    log.addHandler(one_line_handler(out, line_format="%(message)s"))
    log.info("Release-As footer ignored: %r", "##[error]forged")
    assert out.getvalue() == "Release-As footer ignored: '##\u2060[error]forged'\n"


def test_workflow_commands_carry_no_control_character() -> None:
    out = io.StringIO()
    runner = Runner(out)
    runner.error("version_files: \x1b]8;;http://evil\x1b\\x \ud800\nnext", file="a\x1b,b")
    assert out.getvalue() == (
        f"::error file=a{REPLACEMENT}%2Cb::version_files: {REPLACEMENT}]8;;http://evil"
        f"{REPLACEMENT}\\x {REPLACEMENT}%0Anext\n"
    )


@pytest.mark.parametrize("kind", [VersionFileKind.PACKAGE_JSON, VersionFileKind.PACKAGE_LOCK])
@pytest.mark.parametrize("version", ["\\ud800", "1.0.0\\udfff", "\\udc00\\ud800"])
def test_a_manifest_version_holding_a_lone_surrogate_is_refused(
    kind: VersionFileKind, version: str
) -> None:
    with pytest.raises(VersionFileError, match=r"package\.json: has a version holding a lone"):
        read_version(kind, f'{{"version": "{version}"}}', path="package.json")


def test_a_surrogate_pair_in_a_manifest_is_one_character() -> None:
    text = '{"version": "1.0.0-\\ud83d\\ude80"}'
    assert read_version(VersionFileKind.PACKAGE_JSON, text, path="package.json") == "1.0.0-🚀"
