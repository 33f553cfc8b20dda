"""The Action door reads ``since`` from the same configuration as ``regent plan``: a first
release on a long history lists only the commits after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, build_source, refresh, running_lifecycle
from tests.e2e.lifecycle_script import INITIAL
from tests.e2e.test_action_entrypoint import Runner, push_payload

pytestmark = pytest.mark.e2e

ANCIENT = tuple(Commit(f"feat: ancient feature {n}", {f"old/{n}.txt": "x\n"}) for n in range(3))


@pytest.mark.parametrize("since", [None, "adopted"])
def test_a_first_release_starts_after_since(tmp_path: Path, since: str | None) -> None:
    source = build_source(tmp_path / "source", (*INITIAL, *ANCIENT), tag="adopted")
    with running_lifecycle(tmp_path / "work", source) as life:
        config = f"since: {since}\n" if since else "# no since\n"
        fix = Commit("fix: first fix", {".release-regent.yml": config})
        life.land("fix: first fix", [fix], method="squash")
        refresh(life.checkout)
        run = Runner(life, tmp_path / "runs").run("push", push_payload(life))
        assert (run.code, run.outputs["prs_created"]) == (0, "true"), run.stdout
        pull = life.snapshot().open_release
        assert pull is not None
        assert "first fix" in pull.body
        assert ("ancient feature" in pull.body) is (since is None)
