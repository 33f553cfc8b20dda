"""The Action's entrypoint on a repository whose merged files link out of the checkout.

A contributor's merged pull request adds a template override, a changelog or a version file
that is a symbolic link to the process's environment or to a file outside the checkout: the run
stops with exit 2 naming the path, and neither the token nor the file's content reaches the
release PR, the job summary or the log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.github_sim.client import DEFAULT_TOKEN

pytestmark = pytest.mark.e2e

SECRET = "ghs_fake0secret0outside0the0checkout"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield life


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f'__version__ = "1.0.0"  # {SECRET}\n', encoding="utf-8")
    return secret


def land_link(lifecycle: Lifecycle, link: str, target: str, config: str) -> None:
    """Merge a pull request adding ``config`` and the symbolic link ``link -> target``."""
    path = lifecycle.maintainer / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    files = {".release-regent.yml": config}
    lifecycle.land("feat: add gears", [Commit("feat: add gears", files)], method="squash")
    refresh(lifecycle.checkout)


def assert_refused(run: Run, lifecycle: Lifecycle, *, path: str) -> None:
    assert run.code == 2, run.stdout + run.stderr
    assert run.last_line.startswith(f"::error file={path}::"), run.last_line
    shown = run.stdout.replace(f"::add-mask::{DEFAULT_TOKEN}", "") + run.stderr + run.summary
    assert DEFAULT_TOKEN not in shown
    assert SECRET not in shown
    assert (run.outputs, run.summary) == ({}, "")
    snapshot = lifecycle.snapshot()
    assert (snapshot.release_pulls, snapshot.branch, snapshot.releases) == ((), None, ())


NOTES_CONFIG = "templates:\n  release_notes: docs/notes.md.j2\n"


def test_a_template_linked_to_the_environment_is_refused(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    land_link(lifecycle, "docs/notes.md.j2", "/proc/self/environ", NOTES_CONFIG)
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert_refused(run, lifecycle, path="docs/notes.md.j2")
    assert "leads outside the repository" in run.last_line


def test_a_template_linked_to_a_file_outside_is_refused(
    lifecycle: Lifecycle, tmp_path: Path, outside: Path
) -> None:
    land_link(lifecycle, "docs/notes.md.j2", str(outside), NOTES_CONFIG)
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert_refused(run, lifecycle, path="docs/notes.md.j2")


def test_a_changelog_linked_out_of_the_checkout_is_refused(
    lifecycle: Lifecycle, tmp_path: Path, outside: Path
) -> None:
    land_link(lifecycle, "HISTORY.md", str(outside), "changelog:\n  path: HISTORY.md\n")
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert_refused(run, lifecycle, path="HISTORY.md")


def test_a_version_file_linked_out_of_the_checkout_is_refused(
    lifecycle: Lifecycle, tmp_path: Path, outside: Path
) -> None:
    config = "version_files: [src/widget/version.py]\n"
    land_link(lifecycle, "src/widget/version.py", str(outside), config)
    run = Runner(lifecycle, tmp_path / "runs").run("push", push_payload(lifecycle))
    assert_refused(run, lifecycle, path="src/widget/version.py")
