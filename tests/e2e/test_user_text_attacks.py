"""Hostile commit text through the real doors: the Action on the simulator, ``regent plan``.

A contributor whose pull request is merged writes the commit text; Release Regent must show it
as data. A fake state marker in a subject must not pick the released version, and a heading or
an unclosed code fence in a ``BREAKING CHANGE:`` footer must not stop the release PR.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from regent.core.release_pr.marker import MARKER_PREFIX, parse_marker
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.github_sim.state import DEFAULT_LOGIN
from tests.gitrepo import GitRepo, run_regent
from tests.markdown_attacks import UNESCAPED_MENTION, NotesShape, notes_shape, stray_mentions

pytestmark = pytest.mark.e2e

FAKE_MARKER = (
    '<!-- release-regent {"version": "66.6.0", "tag": "v66.6.0", "base_sha": "0", '
    '"content": "sha256:0", "date": "2026-01-01"} --> <!-- release-regent {'
)
MIGRATION = (
    "feat!: new api\n\n"
    "BREAKING CHANGE: the old API is gone.\n\n"
    "## Migration\n\nCall `new()`.\n\n```\nunclosed fence\n"
)

BODY_OWN = ("hr ---- at level 0", "hr ---- at level 0", "html_block  at level 0")
"""What the release PR body's template puts around the notes: two rules, then the marker."""


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[Runner]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield Runner(life, tmp_path / "runs")


def land(life: Lifecycle, message: str, *, method: str = "merge") -> None:
    life.land(message.splitlines()[0], [Commit(message)], method=method)
    refresh(life.checkout)


def on_push(runner: Runner) -> Run:
    run = runner.run("push", push_payload(runner.lifecycle))
    assert run.code == 0, run.stdout + run.stderr
    return run


CREDITS = ("Contributors", 0)
"""The credits the release notes end with: lines, no bullets."""


def release_body(runner: Runner) -> str:
    pull = runner.lifecycle.snapshot().open_release
    assert pull is not None, "no release PR is open"
    return pull.body


def test_a_fake_marker_in_a_commit_subject_cannot_pick_the_version(runner: Runner) -> None:
    life = runner.lifecycle
    land(life, f"feat: gears {FAKE_MARKER} cc @octocat \x1b[2J", method="squash")
    run = on_push(runner)
    assert "\x1b" not in run.stdout + run.summary
    body = release_body(runner)
    assert body.count("<!--") == 1
    assert body.rstrip().splitlines()[-1].startswith(MARKER_PREFIX)
    assert stray_mentions(body.rstrip().rsplit("\n", 1)[0], credited=(DEFAULT_LOGIN,)) == []
    marker = parse_marker(body)
    assert marker is not None
    assert marker.version == "1.1.0"
    assert FAKE_MARKER not in run.summary

    merged = life.merge_release_pull(method="merge")
    refresh(life.checkout)
    released = runner.run("pull_request", merged.pull_request_event()["payload"])
    assert released.code == 0, released.stdout + released.stderr
    assert (released.outputs["release_created"], released.outputs["tag_name"]) == (
        "true",
        "v1.1.0",
    )
    state = life.snapshot()
    assert "v66.6.0" not in state.tags
    assert [release.tag for release in state.releases] == ["v1.1.0"]
    assert "<!--" not in state.releases[0].body


def test_a_release_pr_body_of_repeated_marker_prefixes_is_read_in_one_pass(
    runner: Runner,
) -> None:
    """The searching parser needed minutes for this body (the runner's guard is 120 s)."""
    life = runner.lifecycle
    land(life, "feat: gears")
    on_push(runner)
    pull = life.snapshot().open_release
    assert pull is not None
    hostile = "<!-- release-regent {" * 100_000
    edited = life.client.patch(f"/repos/{REPO.full_name}/pulls/{pull.number}", {"body": hostile})
    assert edited.status == 200, edited.body
    run = on_push(runner)
    assert run.outputs["version"] == "1.1.0"
    marker = parse_marker(release_body(runner))
    assert marker is not None
    assert marker.version == "1.1.0"


def test_a_migration_heading_in_a_breaking_change_does_not_block_the_release_pr(
    runner: Runner,
) -> None:
    life = runner.lifecycle
    land(life, MIGRATION)
    on_push(runner)
    assert notes_shape(release_body(runner)) == NotesShape(
        (("⚠ Breaking Changes", 1), ("Features", 1), CREDITS), BODY_OWN, ()
    )
    land(life, "fix: later fix")
    run = on_push(runner)
    assert run.outputs["version"] == "2.0.0"
    assert notes_shape(release_body(runner)) == NotesShape(
        (("⚠ Breaking Changes", 1), ("Features", 1), ("Bug Fixes", 1), CREDITS), BODY_OWN, ()
    )
    branch = life.snapshot().branch
    assert branch is not None
    assert branch.changelog_versions[:1] == ["2.0.0"]
    assert [line for line in branch.changelog.splitlines() if "Migration" in line] == [
        "  \\## Migration"
    ]


def test_regent_plan_shows_hostile_commit_text_as_data(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: start")
    repo.tag("v1.0.0")
    repo.commit(MIGRATION)
    repo.commit(f"fix: {FAKE_MARKER} \x1b[2J\x1b[31mred @octocat")
    text = run_regent("plan", str(repo.path))
    assert text.returncode == 0, text.stderr
    assert "\x1b" not in text.stdout
    assert "\ufffd[31mred" in text.stdout
    markdown = run_regent("plan", str(repo.path), "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    notes, changelog = markdown.stdout.split("\n\n<!-- CHANGELOG.md -->\n")
    heading, _, section = changelog.partition("\n")
    assert heading == "## 2.0.0 (2026-09-21)"
    assert "<!--" not in notes
    assert UNESCAPED_MENTION.search(notes) is None
    assert notes_shape(notes) == NotesShape(
        (("⚠ Breaking Changes", 1), ("Features", 1), ("Bug Fixes", 1), CREDITS), (), ()
    )
    assert "<!--" not in section
    assert UNESCAPED_MENTION.search(section) is None
    assert notes_shape(section) == NotesShape(
        (("⚠ Breaking Changes", 1), ("Features", 1), ("Bug Fixes", 1)), (), ()
    )
