"""A door asked for one release PR per component (``separate_pull_requests: true``) refuses in
one line: only one release PR for all components is built so far (docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.e2e.test_action_errors import assert_untouched
from tests.e2e.test_cli_run import land_feature, lifecycle, regent_run

__all__ = ["lifecycle"]

pytestmark = pytest.mark.e2e

SEPARATE = (
    "components:\n  - {name: api, path: packages/api}\n  - {name: cli, path: packages/cli}\n"
    "separate_pull_requests: true\n"
)


def test_regent_run_refuses_separate_release_prs_and_writes_nothing(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    event_file = land_feature(lifecycle, tmp_path)
    config = lifecycle.checkout / ".release-regent.yml"
    config.write_text(SEPARATE, encoding="utf-8")
    run = regent_run(
        lifecycle, "--event-file", str(event_file), "--checkout", str(lifecycle.checkout)
    )
    assert run.code == 2, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("regent: error:")]
    assert len(errors) == 1, run.stderr
    assert "separate_pull_requests" in errors[0]
    assert "is not built yet" in errors[0]
    assert lifecycle.snapshot().open_release is None


def test_the_action_refuses_separate_release_prs_in_one_annotation(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        config = life.checkout / ".release-regent.yml"
        config.write_text(SEPARATE, encoding="utf-8")
        run = Runner(life, tmp_path / "runs").run("push", push_payload(life))
        assert run.code == 2
        assert run.last_line.startswith("::error")
        assert "separate_pull_requests" in run.last_line
        assert "is not built yet" in run.last_line
        assert_untouched(run, life)
