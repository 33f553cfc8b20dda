"""The Action's audit trail: REGENT_AUDIT_FILE in the step's environment gets one record per
write the run made, naming the workflow actor and run (the simulator's request log agrees)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import RELEASE_BRANCH, REPO, Lifecycle
from tests.e2e.test_action_entrypoint import (  # noqa: F401 - fixtures
    Runner,
    land_feature,
    lifecycle,
    push_payload,
    runner,
)

pytestmark = pytest.mark.e2e


def test_a_run_appends_a_record_per_write_to_the_audit_file(
    lifecycle: Lifecycle,  # noqa: F811
    runner: Runner,  # noqa: F811
    tmp_path: Path,
) -> None:
    land_feature(lifecycle)
    audit_file = tmp_path / "audit" / "trail.jsonl"
    lifecycle.forget_requests()
    env = {
        "REGENT_AUDIT_FILE": str(audit_file),
        "GITHUB_RUN_ID": "9001",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_ACTOR": "octo",
        "GITHUB_TRIGGERING_ACTOR": "mona",
    }
    run = runner.run("push", push_payload(lifecycle), env=env)
    assert run.code == 0, run.stdout + run.stderr
    records = [json.loads(line) for line in audit_file.read_text(encoding="ascii").splitlines()]
    writes = [entry for entry in lifecycle.requests() if entry["method"] != "GET"]
    assert len(records) == len(writes) >= 5
    assert [r["request"]["method"] for r in records] == [w["method"] for w in writes]
    assert {r["actor"] for r in records} == {"mona"}
    assert {r["correlation_id"] for r in records} == {"9001"}
    assert {r["door"] for r in records} == {"action"}
    assert {r["repository"] for r in records} == {REPO.full_name}
    branch = next(r for r in records if r["object"]["kind"] == "branch")
    assert (branch["object"]["id"], branch["action"]) == (RELEASE_BRANCH, "create")
    pull = next(r for r in records if r["object"]["kind"] == "pull_request")
    assert pull["action"] == "create"
    assert pull["after"]["head"] == RELEASE_BRANCH


def test_an_audit_file_that_cannot_be_written_stops_the_run_up_front(
    lifecycle: Lifecycle,  # noqa: F811
    runner: Runner,  # noqa: F811
    tmp_path: Path,
) -> None:
    land_feature(lifecycle)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    lifecycle.forget_requests()
    run = runner.run(
        "push", push_payload(lifecycle), env={"REGENT_AUDIT_FILE": f"{blocker}/a.jsonl"}
    )
    assert run.code == 2, run.stdout + run.stderr
    assert "REGENT_AUDIT_FILE" in run.stdout + run.stderr
    assert [entry for entry in lifecycle.requests() if entry["method"] != "GET"] == []
