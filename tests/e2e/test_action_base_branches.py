"""The Action on a push to a branch other than the default one: released from only when the
configuration's ``base_branches`` lists it (or the ``target-branch`` input names it); the
release service says why it left any other branch alone, before any GitHub call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

BRANCHES = 'base_branches: [main, "release/*"]\n'


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[Runner]:
    """``acme/widget`` with ``release/1.x`` (one fix on v1.0.0) and ``feature/x`` pushed."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        clone = tmp_path / "maintainer"
        git(tmp_path, "clone", "--quiet", str(life.git_dir), str(clone))
        for branch, message in (("release/1.x", "fix: a backport"), ("feature/x", "feat: wip")):
            git(clone, "checkout", "--quiet", "-b", branch, "main")
            (clone / f"{branch.replace('/', '-')}.txt").write_text("x\n", encoding="utf-8")
            git(clone, "add", "--all")
            git(clone, "commit", "--quiet", "-m", message)
            git(clone, "push", "--quiet", "origin", branch)
        life.land("feat: a knob", [Commit("feat: a knob")], method="squash")
        refresh(life.checkout)
        yield Runner(life, tmp_path / "runs")


def configure(runner: Runner, text: str) -> None:
    (runner.lifecycle.checkout / ".release-regent.yml").write_text(text, encoding="utf-8")


def test_a_listed_branch_gets_its_own_release_pr(runner: Runner) -> None:
    configure(runner, BRANCHES)
    life = runner.lifecycle
    run = runner.run("push", push_payload(life, ref="refs/heads/release/1.x"))
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["prs_created"] == "true"
    assert run.outputs["version"] == "1.0.1"
    pulls = life.client.get("/repos/acme/widget/pulls?state=open").body
    assert [(p["base"]["ref"], p["head"]["ref"]) for p in pulls] == [
        ("release/1.x", "release-regent/release%2F1.x")
    ]


@pytest.mark.parametrize(
    ("config", "branch"),
    [
        pytest.param(BRANCHES, "feature/x", id="not-listed"),
        pytest.param("", "release/1.x", id="nothing-listed"),
    ],
)
def test_an_unlisted_branch_is_turned_away_before_any_github_call(
    runner: Runner, config: str, branch: str
) -> None:
    configure(runner, config)
    life = runner.lifecycle
    life.forget_requests()
    run = runner.run("push", push_payload(life, ref=f"refs/heads/{branch}"))
    assert run.code == 0, run.stdout + run.stderr
    made_from = "main, release/*" if config else "main, the default branch"
    assert run.last_line == (
        f"::notice::{branch} is not a base branch: releases are made from {made_from} (list it "
        "in base_branches to release from it)"
    )
    assert life.requests() == []
    assert run.outputs == {}
