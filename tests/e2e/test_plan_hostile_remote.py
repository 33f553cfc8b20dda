"""``regent plan --format markdown`` on a checkout whose origin URL carries raw HTML: the notes
hold no link built from it, and none of its HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, git, run_regent

pytestmark = pytest.mark.e2e

HOSTILE_ORIGIN = "https://github.com/acme/x <img src=x onerror=alert(1)> <!--"


def test_a_hostile_origin_url_gives_notes_without_links(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start")
    repo.tag("v1.0.0")
    repo.commit("feat: a thing (#7)")
    git(repo.path, "remote", "add", "origin", HOSTILE_ORIGIN)
    markdown = run_regent("plan", str(repo.path), "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    parts = markdown.stdout.split("\n\n<!-- CHANGELOG.md -->\n")
    assert len(parts) == 2, "the notes, then the changelog section under the file's comment"
    for shown in parts:
        assert "a thing" in shown
        assert "<img" not in shown
        assert "<!--" not in shown
        assert "](" not in shown


def test_a_plain_origin_url_still_gives_links(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start")
    repo.tag("v1.0.0")
    repo.commit("feat: a thing (#7)")
    git(repo.path, "remote", "add", "origin", "https://github.com/acme/widget.git")
    notes = run_regent("plan", str(repo.path), "--format", "markdown")
    assert notes.returncode == 0, notes.stderr
    assert "([#7](https://github.com/acme/widget/pull/7))" in notes.stdout
