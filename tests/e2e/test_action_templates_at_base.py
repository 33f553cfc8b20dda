"""The Action reads template overrides from the base branch as committed, like the webhook.

Other workflow steps run in the same checkout before Release Regent: one that edits or
generates a template there (or leaves the checkout at another commit) does not change what the
release PR shows; the committed template at the base branch's head is what renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload

pytestmark = pytest.mark.e2e

CONFIG = "templates:\n  release_notes: docs/notes.md.j2\n"
COMMITTED = "Committed notes for {{ notes.version }}\n"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield life


def test_a_template_edited_in_the_work_tree_is_not_what_renders(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    files = {".release-regent.yml": CONFIG, "docs/notes.md.j2": COMMITTED}
    lifecycle.land("feat: add gears", [Commit("feat: add gears", files)], method="squash")
    refresh(lifecycle.checkout)
    (lifecycle.checkout / "docs/notes.md.j2").write_text("Edited by a build step\n")
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert run.code == 0, run.stdout + run.stderr
    pull = lifecycle.snapshot().open_release
    assert pull is not None
    assert "Committed notes for 1.1.0" in pull.body
    assert "Edited by a build step" not in pull.body + run.summary


def test_a_template_only_in_the_work_tree_is_a_config_error(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    files = {".release-regent.yml": CONFIG}
    lifecycle.land("feat: add gears", [Commit("feat: add gears", files)], method="squash")
    refresh(lifecycle.checkout)
    generated = lifecycle.checkout / "docs/notes.md.j2"
    generated.parent.mkdir(parents=True, exist_ok=True)
    generated.write_text("Generated, never committed\n")
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert run.code == 2, run.stdout + run.stderr
    assert run.last_line.startswith("::error file=docs/notes.md.j2::"), run.last_line
    assert "no such file in the repository" in run.last_line
    assert lifecycle.snapshot().release_pulls == ()
