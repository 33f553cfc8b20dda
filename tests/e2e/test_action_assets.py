"""The Action's ``assets`` and ``fail-on-no-release`` inputs through the entrypoint: built
files attached when the merged release PR is published, a pattern matching nothing stopping
the step before the tag, a feature merge passing, and a run meant to release that published
none failing with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.assets_world import attached, build
from tests.e2e.lifecycle_harness import Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner, land_feature, push_payload

pytestmark = pytest.mark.e2e

ASSETS = {"assets": "dist/*.tar.gz,\ndist/*.whl", "fail-on-no-release": "true"}


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as running:
        yield running


def test_assets_are_attached_and_a_repeated_release_run_fails_with_the_reason(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    runner = Runner(lifecycle, tmp_path / "runs")
    land_feature(lifecycle)
    run = runner.run("push", push_payload(lifecycle), inputs=ASSETS)
    assert run.code == 0, run.stdout  # a feature merge updating the release PR does not fail
    assert lifecycle.snapshot().open_release is not None

    merged = lifecycle.merge_release_pull(method="merge")
    refresh(lifecycle.checkout)
    build(lifecycle.checkout, {"dist/widget-1.1.0.tar.gz": b"sdist", "dist/w-1.1.0.whl": b"w"})
    payload = merged.pull_request_event()["payload"]
    run = runner.run("pull_request", payload, inputs=ASSETS)
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["release_created"] == "true"
    assert [item.name for item in attached(lifecycle)] == ["w-1.1.0.whl", "widget-1.1.0.tar.gz"]
    assert "Assets of v1.1.0: `widget-1.1.0.tar.gz` uploaded, `w-1.1.0.whl` uploaded" in run.summary

    again = runner.run("pull_request", payload, inputs=ASSETS)
    assert again.code == 1, again.stdout
    error = next(line for line in again.stdout.splitlines() if line.startswith("::error"))
    assert "fail-on-no-release: this run was meant to release (release PR #" in error
    assert "from release-regent/main was merged)" in error
    assert again.outputs["release_created"] == "false"  # outputs written before failing
    quiet = runner.run("pull_request", payload, inputs={"assets": "dist/*"})
    assert quiet.code == 0, quiet.stdout


def test_a_pattern_matching_nothing_stops_the_release_before_the_tag(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    runner = Runner(lifecycle, tmp_path / "runs")
    land_feature(lifecycle)
    assert runner.run("push", push_payload(lifecycle)).code == 0
    merged = lifecycle.merge_release_pull(method="squash")
    refresh(lifecycle.checkout)
    run = runner.run("pull_request", merged.pull_request_event()["payload"], inputs=ASSETS)
    assert run.code == 2, run.stdout
    assert "'dist/*.tar.gz' matches no file in the checkout" in run.stdout
    assert "v1.1.0" not in lifecycle.snapshot().tags
