"""Bump-floor labels on the pull requests a monorepo's release PR released, through the
simulator: taken off once its components are published (a run stopped midway finished by the
next), and kept while a release PR of another component still counts on them
(docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.ports import MeteredGitHub
from regent.core.release_pr.labels import RELEASED_LABEL
from tests.contract.component_world import (
    CONFIG,
    CrashAfterFirstRelease,
    Stopped,
    configured,
    two_components,
)
from tests.contract.conftest import World
from tests.release_world import ReleaseWorld

pytestmark = pytest.mark.contract

FLOOR = "release-regent: bump-minor"


@pytest.fixture
def monorepo(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    """api 1.0.0 and cli 0.3.0, tagged, and a feature of api's since."""
    return two_components(world, github, tmp_path, cli_fix=False)


def floored(release_world: ReleaseWorld, files: dict[str, str]) -> int:
    """A pull request of a fix, labelled with a minor floor, merged."""
    remote = release_world.remote
    release_world.push("floored", start="origin/main", message="fix: small", files=files)
    number = remote.open_pull("floored", "main", title="fix: small")
    remote.add_labels(number, [FLOOR])
    remote.merge(number)
    return number


def test_the_floor_is_taken_off_once_the_components_are_published(
    monorepo: ReleaseWorld,
) -> None:
    number = floored(monorepo, {"packages/cli/small.txt": "s\n"})
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0, cli 0.4.0", "cli raised by the floor"
    assert monorepo.pull(number)["labels"] == [FLOOR], "until released"
    monorepo.remote.merge(pull["number"])
    monorepo.remote.forget()
    outcome = monorepo.reconcile()
    assert outcome.events == ("released", "released", "nothing_to_release")
    assert monorepo.pull(number)["labels"] == []
    assert monorepo.pull(pull["number"])["labels"] == [RELEASED_LABEL]
    calls = monorepo.remote.calls()
    assert calls.count("GET pulls/list") == 1, "the floors found from the run's one listing"
    assert len(calls) == 1 + 3 * 2 + 2 + 1, "one more call than without a floor: its DELETE"
    assert monorepo.reconcile().events == ("nothing_to_release",)


def test_a_run_stopped_before_the_last_component_takes_the_floor_off_next_time(
    monorepo: ReleaseWorld,
) -> None:
    number = floored(monorepo, {"packages/api/small.txt": "s\n", "packages/cli/s.txt": "s\n"})
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    monorepo.remote.merge(pull["number"])
    crashing = cast(MeteredGitHub, CrashAfterFirstRelease(monorepo.github))
    with pytest.raises(Stopped):
        monorepo.service(github=crashing).reconcile("main")
    assert monorepo.pull(number)["labels"] == [FLOOR], "taken off with the last component"
    outcome = monorepo.reconcile()
    assert outcome.events == ("released", "released", "nothing_to_release")
    assert monorepo.pull(number)["labels"] == []
    assert monorepo.pull(pull["number"])["labels"] == [RELEASED_LABEL]


def test_with_a_release_pr_per_component_the_floor_stays_while_one_counts_on_it(
    monorepo: ReleaseWorld,
) -> None:
    configured(monorepo, CONFIG + "separate_pull_requests: true\n")
    number = floored(monorepo, {"packages/api/small.txt": "s\n", "packages/cli/s.txt": "s\n"})
    monorepo.reconcile()
    pulls = {pull["title"]: pull for pull in monorepo.open_pulls()}
    assert set(pulls) == {"chore(release): api 1.1.0", "chore(release): cli 0.4.0"}
    monorepo.remote.merge(pulls["chore(release): api 1.1.0"]["number"])
    monorepo.reconcile()
    assert monorepo.pull(number)["labels"] == [FLOOR], "cli's release PR still counts on it"
    (cli,) = monorepo.open_pulls()
    assert cli["title"] == "chore(release): cli 0.4.0"
    monorepo.remote.merge(cli["number"])
    monorepo.reconcile()
    assert monorepo.pull(number)["labels"] == []
