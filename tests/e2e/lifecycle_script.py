"""The scripted history: pull requests a maintainer merges, one after another.

``STEPS`` lands 30 feature pull requests and merges 6 release PRs with every merge method:
features, fixes, breaking changes, reverts (in range and of a released change), docs-only
changes, and one prerelease cycle switched on and off through ``.release-regent.yml``.
What a maintainer expects after each step is in lifecycle_expected.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.lifecycle_harness import Commit, Landed, Lifecycle, build_source

PYPROJECT = '[project]\nname = "widget"\nversion = "1.0.0"\n'
CHANGELOG = "# Changelog\n\n## 1.0.0 (2026-01-05)\n\n### Features\n\n* first release\n"
INITIAL = (
    Commit(
        "chore: initial import",
        {
            "pyproject.toml": PYPROJECT,
            "CHANGELOG.md": CHANGELOG,
            "README.md": "# widget\n",
            "src/widget/__init__.py": "",
        },
    ),
)
INITIAL_TAG = "v1.0.0"
RC_ON = "prerelease: rc\n"
RC_OFF = "# release candidates are over\n"


@dataclass(frozen=True)
class Land:
    """A feature pull request with ``commits``, merged with ``method``."""

    name: str
    title: str
    method: str
    commits: tuple[Commit, ...] = ()

    def play(self, lifecycle: Lifecycle, landed: Mapping[str, Landed]) -> Landed:
        return lifecycle.land(self.title, self.commits or (Commit(self.title),), method=self.method)


@dataclass(frozen=True)
class Revert:
    """A pull request reverting the commit that step ``target`` put on the base branch."""

    name: str
    target: str
    title: str
    method: str

    def play(self, lifecycle: Lifecycle, landed: Mapping[str, Landed]) -> Landed:
        return lifecycle.land_revert(self.title, landed[self.target].own_commit, method=self.method)


@dataclass(frozen=True)
class MergeRelease:
    """The maintainer merges the open release pull request with ``method``."""

    name: str
    method: str

    def play(self, lifecycle: Lifecycle, landed: Mapping[str, Landed]) -> Landed:
        return lifecycle.merge_release_pull(method=self.method)


Step = Land | Revert | MergeRelease


def config(message: str, text: str) -> tuple[Commit, ...]:
    return (Commit(message, {".release-regent.yml": text}),)


STEPS: tuple[Step, ...] = (
    Land("listing", "feat(api): add widget listing", "squash"),
    Land("empty-names", "fix: handle empty names", "merge"),
    Land("docs-config", "docs: explain the configuration", "rebase"),
    Land("legacy-flags", "feat(cli)!: drop the legacy flags", "squash"),
    Land("cache", "perf: cache widget lookups", "rebase"),
    Land("export", "feat: experimental export", "merge"),
    Revert("revert-export", "export", 'Revert "feat: experimental export"', "squash"),
    Land("tidy", "chore: tidy the build scripts", "merge"),
    MergeRelease("release-2.0.0", "squash"),
    Land("negative", "fix(api): reject negative sizes", "squash"),
    Land(
        "search",
        "feat: widget search",
        "rebase",
        (Commit("feat: add widget search"), Commit("test: cover the search")),
    ),
    Revert("revert-cache", "cache", 'Revert "perf: cache widget lookups"', "merge"),
    Land("docs-search", "docs: document the search", "squash"),
    Land("case", "fix: search ignores case", "merge"),
    MergeRelease("release-2.1.0", "merge"),
    Land("rc-on", "chore: release candidates for 3.0", "squash", config("chore: rc", RC_ON)),
    Land("storage", "feat!: new storage format", "squash"),
    Land("migrate", "fix: migrate old files", "rebase"),
    MergeRelease("release-3.0.0-rc.1", "rebase"),
    Land("compress", "feat(storage): compress blobs", "merge"),
    Land("docs-storage", "docs: storage guide", "rebase"),
    MergeRelease("release-3.0.0-rc.2", "squash"),
    Land("rc-off", "chore: graduate 3.0", "merge", config("chore: graduate", RC_OFF)),
    Land("lock", "fix: storage lock timeout", "squash"),
    MergeRelease("release-3.0.0", "merge"),
    Land("webhooks", "feat: webhooks", "squash"),
    Revert("revert-webhooks", "webhooks", 'Revert "feat: webhooks"', "rebase"),
    Land("docs-wording", "docs: changelog wording", "merge"),
    Land("exit-code", "fix(cli): exit code on a bad config", "rebase"),
    Land(
        "pagination",
        "feat(api): pagination",
        "merge",
        (Commit("feat(api): paginate listings"), Commit("fix(api): off by one in pages")),
    ),
    Land("refactor", "refactor: split the modules", "squash"),
    Land("ci", "ci: cache dependencies", "rebase"),
    MergeRelease("release-3.1.0", "squash"),
    Land("help", "fix: typo in the help text", "merge"),
    Land("timeout", "feat(api)!: shorter default timeout", "rebase"),
    Land("docs-timeout", "docs: timeouts", "squash"),
)


def source_repository(path: Path) -> Path:
    """The repository the scripted history starts from: ``v1.0.0`` and nothing since."""
    return build_source(path, INITIAL, tag=INITIAL_TAG)
