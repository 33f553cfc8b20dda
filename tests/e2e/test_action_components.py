"""A monorepo through the Action's entrypoint, run as a process against the simulator: two
components, one release PR for both, and once it is merged a tag and a GitHub Release for each
(docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.release_pr.labels import RELEASED_LABEL
from tests.e2e.lifecycle_faults import ALWAYS
from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, push_payload

pytestmark = pytest.mark.e2e

CONFIG = """\
components:
  - {name: api, path: packages/api}
  - {name: cli, path: packages/cli}
"""
PACKAGES = {
    ".release-regent.yml": CONFIG,
    "packages/api/package.json": '{"name": "api", "version": "1.0.0"}\n',
    "packages/cli/package.json": '{"name": "cli", "version": "0.3.0"}\n',
}


def land(lifecycle: Lifecycle, title: str, files: dict[str, str]) -> None:
    lifecycle.land(title, [Commit(title, files)], method="squash")
    refresh(lifecycle.checkout)


def test_one_release_pr_then_two_tags_and_two_releases(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        land(life, "chore: packages", PACKAGES)
        life.client.post(
            "/repos/acme/widget/git/refs", {"ref": "refs/tags/api-v1.0.0", "sha": head(life)}
        )
        life.client.post(
            "/repos/acme/widget/git/refs", {"ref": "refs/tags/cli-v0.3.0", "sha": head(life)}
        )
        land(life, "feat(api): routes", {"packages/api/routes.txt": "r\n"})
        land(life, "fix(cli): flags", {"packages/cli/flags.txt": "f\n"})
        runner = Runner(life, tmp_path / "runs")

        opened = runner.run("push", push_payload(life))
        assert opened.code == 0, opened.stdout + opened.stderr
        pull = life.snapshot().open_release
        assert pull is not None
        assert pull.title == "chore(release): api 1.1.0, cli 0.3.1"
        assert opened.outputs["pr_number"] == str(pull.number)

        merged = life.merge_release_pull(method="squash")
        refresh(life.checkout)
        released = runner.run("pull_request", merged.pull_request_event()["payload"])
        assert released.code == 0, released.stdout + released.stderr
        state = life.snapshot()
        assert {"api-v1.1.0", "cli-v0.3.1"} <= set(state.tags)
        bodies = {release.tag: release.body for release in state.releases}
        assert set(bodies) == {"api-v1.1.0", "cli-v0.3.1"}
        assert "routes" in bodies["api-v1.1.0"]
        assert "flags" in bodies["cli-v0.3.1"]
        assert state.latest_release == "api-v1.1.0"
        (done,) = (p for p in state.release_pulls if p.number == merged.number)
        assert RELEASED_LABEL in done.labels
        assert len(done.comments) == 2
        assert released.outputs["release_created"] == "true"
        assert released.outputs["releases_created"] == "true"
        assert released.outputs["paths_released"] == '["packages/api", "packages/cli"]'
        assert released.outputs["packages/api--tag_name"] == "api-v1.1.0"
        assert released.outputs["packages/cli--version"] == "0.3.1"
        assert opened.outputs["packages/api--release_created"] == "false"
        assert state.open_release is None


def head(life: Lifecycle) -> str:
    return life.snapshot().base_head


COMMENTS_DOWN = {"method": "POST", "path": r"/issues/\d+/comments$", "status": 500, "times": ALWAYS}


def test_a_run_stopped_after_the_first_component_is_finished_by_the_next(tmp_path: Path) -> None:
    """GitHub refuses comments: the run tags and releases api, then stops with an error before
    cli. The next run (comments back) finishes: cli tagged and released once, api not again."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        land(life, "chore: packages", PACKAGES)
        land(life, "feat(api): routes", {"packages/api/routes.txt": "r\n"})
        land(life, "fix(cli): flags", {"packages/cli/flags.txt": "f\n"})
        runner = Runner(life, tmp_path / "runs")
        assert runner.run("push", push_payload(life)).code == 0
        merged = life.merge_release_pull(method="merge")
        refresh(life.checkout)
        with life.faults([COMMENTS_DOWN]):
            stopped = runner.run("pull_request", merged.pull_request_event()["payload"])
        assert stopped.code == 1, stopped.stdout + stopped.stderr
        state = life.snapshot()
        assert [release.tag for release in state.releases] == ["api-v0.1.0"]
        assert "cli-v0.1.0" not in state.tags

        finished = runner.run("pull_request", merged.pull_request_event()["payload"])
        assert finished.code == 0, finished.stdout + finished.stderr
        state = life.snapshot()
        assert sorted(release.tag for release in state.releases) == ["api-v0.1.0", "cli-v0.1.0"]
        (done,) = (p for p in state.release_pulls if p.number == merged.number)
        assert RELEASED_LABEL in done.labels
        assert len(done.comments) == 2
