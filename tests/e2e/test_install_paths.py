"""Until Release Regent is published, every install line in the docs works today (a git URL, a
clone, a wheel file) or says it is for once it is published, and every page or workflow that
writes `OWNER/release-regent@v1` says what OWNER is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

# `release-regent[extra]` or `pip install release-regent` naming the package on an index: not a
# direct reference (`release-regent[server] @ git+...`) nor a folder (`.[server]`).
FROM_AN_INDEX = re.compile(r"release-regent\[[a-z,]+\](?!\s*@)|pip install release-regent\b(?! @)")
PUBLISHED = re.compile(r"published|on PyPI", re.IGNORECASE)
LOOK_BACK = 3  # lines above a command that may say what it is for


def documents() -> list[Path]:
    found = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    found += sorted((PROJECT_ROOT / "examples").glob("*.yml"))
    found += sorted(path for path in (PROJECT_ROOT / "deploy").rglob("*") if path.is_file())
    return found


def index_installs_without_a_word(path: Path) -> list[str]:
    """Lines naming the package on an index with no mention of publication near them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{path.name}:{number + 1}: {line.strip()}"
        for number, line in enumerate(lines)
        if FROM_AN_INDEX.search(line.replace("release-regent[bot]", ""))
        and not PUBLISHED.search("\n".join(lines[max(0, number - LOOK_BACK) : number + 2]))
    ]


def test_an_install_from_an_index_is_always_marked_as_for_once_published() -> None:
    assert [line for path in documents() for line in index_installs_without_a_word(path)] == []


def test_the_check_flags_an_unmarked_index_install(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Install it:\n\n    pip install 'release-regent[server]'\n")
    assert index_installs_without_a_word(page) == [
        "page.md:3: pip install 'release-regent[server]'"
    ]
    page.write_text("Once it is published:\n\n    pip install 'release-regent[server]'\n")
    assert index_installs_without_a_word(page) == []
    page.write_text("    pip install 'release-regent[server] @ git+https://x/y'\n")
    assert index_installs_without_a_word(page) == []


def test_every_file_using_the_placeholder_says_what_owner_is() -> None:
    for path in documents():
        text = path.read_text(encoding="utf-8")
        if "OWNER/release-regent@" in text:
            assert re.search(r"OWNER\W.*(account|fork)", text), path.name
            assert "fork" in text, path.name
