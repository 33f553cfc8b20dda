"""The Action's job summary and ``regent plan`` list the same commits the same way.

One history since v1.0.0 (a scoped feature, a fix later reverted, a chore that neither bumps nor
has a notes section, a commit that is no Conventional Commit), planned by the Action (``command:
plan``, on the simulator) and by ``regent plan`` on the same checkout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.gitrepo import plan_json, run_regent

pytestmark = pytest.mark.e2e

SUMMARY_ROW = re.compile(r"^\| `(\w{7})` \| (.*) \|$")
HISTORY = ("feat(api): add gears", "fix: round the corners", "chore: tidy the build", "WIP")
WORD_JOINER = "\u2060"
DOES_NOT_BUMP = "type 'chore' does not bump the version and has no release-notes section"


def heading(row: dict[str, object]) -> str:
    """How the JSON row's commit reads: ``type(scope)!: description``."""
    if not row["type"]:
        return str(row["description"])
    scope = f"({row['scope']})" if row["scope"] else ""
    return f"{row['type']}{scope}{'!' if row['breaking'] else ''}: {row['description']}"


def test_the_summary_and_regent_plan_list_the_same_rows(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        landed = {
            message: life.land(message, [Commit(message)], method="squash") for message in HISTORY
        }
        fix = landed["fix: round the corners"]
        life.land_revert('Revert "fix: round the corners"', fix.own_commit, method="squash")
        refresh(life.checkout)
        run = Runner(life, tmp_path / "runs").run(
            "push", push_payload(life), inputs={"COMMAND": "plan"}
        )
        assert run.code == 0, run.stdout
        plan = plan_json(life.checkout)
        text = run_regent("plan", str(life.checkout), "--all").stdout

    rows = plan["commits"]
    shown = run.summary.replace(WORD_JOINER, "")  # Markdown's escape of `<` and `@` in cells
    summary = [SUMMARY_ROW.match(line) for line in shown.splitlines()]
    listed = [(found[1], found[2].split(" | ")) for found in summary if found]
    assert listed == [
        (
            row["sha"][:7],
            [
                row["effect"],
                row["bump"],
                "yes" if row["included"] else "no",
                heading(row),
                row["note"] or "",
            ],
        )
        for row in rows
    ]
    assert [row["effect"] for row in rows] == [
        "cancelled", "skipped", "counted", "cancelled", "counted",
    ]  # fmt: skip
    chore = next(row for row in rows if row["type"] == "chore")
    assert (chore["included"], chore["note"]) == (False, DOES_NOT_BUMP)
    assert "<summary>Commits: 2 counted, 1 skipped, 2 cancelled by reverts</summary>" in (
        run.summary
    )
    assert "Commits (5):" in text
    for row in rows:
        assert f"{row['sha'][:7]} {heading(row)}" in text
    assert f"chore: tidy the build  ({DOES_NOT_BUMP})" in text
