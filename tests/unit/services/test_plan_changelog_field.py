"""What ``regent plan`` previews (its ``changelog``) and ``regent changelog`` rebuilds is what
the release PRs write to CHANGELOG.md, on the fake."""

from __future__ import annotations

import json
from pathlib import Path

from tests.gitrepo import git, run_regent
from tests.release_world import BRANCH, ReleaseWorld

TODAY_EPOCH = "1795694400"
"""2026-11-26 12:00 UTC: the release world's today, for the plan's date."""
PREFACE = "# Changelog\n\nEvery change that matters.\n"
OLDER = "## 1.0.0 (2026-01-01)\n\n* first\n"


def test_the_plans_changelog_is_what_the_release_pr_writes(
    release_world: ReleaseWorld, tmp_path: Path
) -> None:
    release_world.tag_main("v1.0.0")
    release_world.merge_change(
        "docs: keep a changelog", files={"CHANGELOG.md": f"{PREFACE}\n{OLDER}"}
    )
    release_world.merge_change("feat(api): widgets (#9)\n\nCloses #4", method="squash")
    release_world.merge_change("fix: a <b>crash</b> @someone saw")
    release_world.reconcile()
    written = release_world.file_at(BRANCH, "CHANGELOG.md") + "\n"
    clone = tmp_path / "planned"
    git(tmp_path, "clone", "--quiet", release_world.remote.git_dir.as_uri(), str(clone))
    result = run_regent(
        "plan", str(clone), "--format", "json", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    )
    assert result.returncode == 0, result.stderr
    section = json.loads(result.stdout)["changelog"]
    assert section.startswith("## 1.1.0 (2026-11-26)\n\n### Features\n\n* **api:** widgets")
    assert written == f"{PREFACE}\n{section}\n{OLDER}"
    markdown = run_regent(
        "plan", str(clone), "--format", "markdown", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    )
    assert markdown.stdout.endswith(f"\n\n<!-- CHANGELOG.md -->\n{section}")


def test_a_backfill_writes_again_what_the_release_prs_wrote(
    release_world: ReleaseWorld, tmp_path: Path
) -> None:
    """Three releases made through release PRs; ``regent changelog`` rebuilds the same file,
    dated by the tags instead of the day each PR was last updated."""
    for change in ("feat: widgets", "fix: a crash\n\nCloses #4", "feat(api)!: v2 routes"):
        release_world.merge_change(change, method="squash")
        opened = release_world.reconcile()
        assert opened.pull_request is not None
        release_world.remote.merge(opened.pull_request.number, method="squash")
        release_world.reconcile()
    written = release_world.file_at("main", "CHANGELOG.md") + "\n"
    assert [line for line in written.splitlines() if line.startswith("## ")] == [
        "## 0.2.0 (2026-11-26)",
        "## 0.1.1 (2026-11-26)",
        "## 0.1.0 (2026-11-26)",
    ]
    clone = tmp_path / "backfilled"
    git(tmp_path, "clone", "--quiet", release_world.remote.git_dir.as_uri(), str(clone))
    result = run_regent("changelog", str(clone))
    assert result.returncode == 0, result.stderr
    tag_day = git(clone, "log", "-1", "--format=%cs", "v0.2.0")
    assert result.stdout == written.replace("(2026-11-26)", f"({tag_day})")
