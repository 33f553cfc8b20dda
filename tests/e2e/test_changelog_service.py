"""The planning service writes CHANGELOG.md from real history, as the release PR will."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory
from regent.adapters.jinja_renderer import JinjaRenderer
from regent.core.policy import ReleasePolicy
from regent.services.planning import PlanningService
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.e2e


def service(repo: GitRepo) -> PlanningService:
    policy = ReleasePolicy()
    return PlanningService(
        history=GitHistory(repo.path),
        renderer=JinjaRenderer(overrides=policy.templates),
        policy=policy,
    )


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    git(repo.path, "remote", "add", "origin", "git@github.com:acme/widget.git")
    repo.commit("chore: start")
    repo.tag("v1.0.0")
    return repo


def test_changelog_is_created_with_the_release_section(repo: GitRepo) -> None:
    sha = repo.commit("feat(api): widgets")
    regent = service(repo)
    text = regent.changelog_text(regent.prepare(today="2026-11-26", channel=None))
    assert text == (
        "# Changelog\n\n"
        "## [1.1.0](https://github.com/acme/widget/compare/v1.0.0...v1.1.0) (2026-11-26)\n\n"
        "### Features\n\n"
        f"* **api:** widgets ([{sha[:7]}](https://github.com/acme/widget/commit/{sha}))\n"
    )


def test_new_section_goes_above_older_ones_and_reruns_change_nothing(repo: GitRepo) -> None:
    old = "# Changelog\n\nNotable changes.\n\n## 1.0.0 (2026-01-01)\n\n* first\n"
    repo.commit("fix: crash", files={"CHANGELOG.md": old})
    regent = service(repo)
    text = regent.changelog_text(regent.prepare(today="2026-11-26", channel=None))
    assert text is not None
    assert text.startswith("# Changelog\n\nNotable changes.\n\n## [1.0.1](")
    assert text.endswith("\n\n## 1.0.0 (2026-01-01)\n\n* first\n")
    repo.write("CHANGELOG.md", text)
    assert regent.changelog_text(regent.prepare(today="2026-11-26", channel=None)) == text


def test_nothing_to_release_means_no_changelog(repo: GitRepo) -> None:
    repo.commit("docs: words")
    regent = service(repo)
    assert regent.changelog_text(regent.prepare(today="2026-11-26", channel=None)) is None
