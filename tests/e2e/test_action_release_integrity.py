"""Issue 11, through the Action's entrypoint: an update run stopped after moving the release
branch (1.1.0 -> 2.0.0) but before retitling the PR; a maintainer merges the PR.

Before: v1.1.0 was released whose files said 2.0.0. Now: nothing is tagged, the PR says why
and what to do, the run exits 1, and the next release PR releases 2.0.0 with 2.0.0 files.
"""

from __future__ import annotations

import pytest

from regent.core.release_pr.labels import PENDING_LABEL
from tests.e2e.lifecycle_faults import ALWAYS
from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh
from tests.e2e.test_action_entrypoint import Runner, lifecycle, push_payload, runner
from tests.e2e.test_lifecycle_integrity import files_say

pytestmark = pytest.mark.e2e

__all__ = ["lifecycle", "runner"]  # the fixtures, shared with test_action_entrypoint

PATCH_PULL = {"method": "PATCH", "path": r"/pulls/\d+$", "status": 500, "times": ALWAYS}


def push(lifecycle: Lifecycle, runner: Runner, title: str) -> int:
    lifecycle.land(title, [Commit(title)], method="squash")
    refresh(lifecycle.checkout)
    return runner.run("push", push_payload(lifecycle)).code


def test_a_release_pr_merged_after_a_half_written_update_is_not_released(
    lifecycle: Lifecycle, runner: Runner
) -> None:
    assert push(lifecycle, runner, "feat: widget search") == 0
    with lifecycle.faults([PATCH_PULL]):
        assert push(lifecycle, runner, "feat!: new storage") == 1
    stopped = lifecycle.snapshot()
    assert stopped.open_release is not None
    assert stopped.open_release.title == "chore(release): v1.1.0"
    assert stopped.branch is not None
    assert stopped.branch.pyproject_version == "2.0.0"

    merged = lifecycle.merge_release_pull(method="merge")
    refresh(lifecycle.checkout)
    run = runner.run("pull_request", merged.pull_request_event()["payload"])
    assert run.code == 1, run.stdout + run.stderr
    error = next(line for line in run.stdout.splitlines() if line.startswith("::error::"))
    assert f"#{merged.number} (v1.1.0): pyproject.toml says 2.0.0" in error
    state = lifecycle.snapshot()
    assert sorted(state.tags) == ["v1.0.0"]
    assert state.releases == ()
    (pull,) = (p for p in state.release_pulls if p.number == merged.number)
    assert PENDING_LABEL not in pull.labels
    (comment,) = pull.comments
    assert "did not release" in comment
    assert state.open_release is not None
    assert state.open_release.title == "chore(release): v2.0.0"
    assert f"refuse v1.1.0 (merge of #{merged.number})" in run.summary
    assert run.outputs["release_created"] == "false"
    assert run.outputs["pr_number"] == str(state.open_release.number)

    assert runner.run("push", push_payload(lifecycle)).code == 0
    released = lifecycle.merge_release_pull(method="merge")
    refresh(lifecycle.checkout)
    run = runner.run("pull_request", released.pull_request_event()["payload"])
    assert run.code == 0, run.stdout + run.stderr
    assert (run.outputs["tag_name"], run.outputs["release_created"]) == ("v2.0.0", "true")
    assert files_say(lifecycle, "v2.0.0") == ("2.0.0", "2.0.0")
    (pull,) = (p for p in lifecycle.snapshot().release_pulls if p.number == merged.number)
    assert len(pull.comments) == 1
