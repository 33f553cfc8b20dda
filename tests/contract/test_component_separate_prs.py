"""A monorepo's release PR per component (``separate_pull_requests: true``) through the simulator:
one release PR each on ``release-regent/main/<component>``, a merge publishing its component
only, a crash mid-publish finished by the next run, switching modes both ways (the other mode's
release PRs published or closed first: git cannot hold ``release-regent/main`` and
``release-regent/main/api`` at once), and the API budgets per component (docs/monorepo.md)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.ports import MeteredGitHub
from regent.core.release_pr.labels import RELEASED_LABEL
from regent.core.release_pr.marker import ComponentVersion
from tests.contract.component_world import (
    CONFIG,
    CREDITS,
    GATHER,
    LINKED,
    CrashAfterFirstRelease,
    Stopped,
    configured,
    monorepo,
    reconcile,
    two_components,
)
from tests.contract.conftest import World
from tests.release_world import BRANCH, ReleaseWorld

__all__ = ["monorepo"]  # the fixture

pytestmark = pytest.mark.contract

SEPARATE = CONFIG + "separate_pull_requests: true\n"
API = f"{BRANCH}/api"
CLI = f"{BRANCH}/cli"
OPEN_ONE = [
    "POST git/create-tree",
    "POST git/create-commit",
    "POST git/create-ref",
    "POST pulls/create",
    "PUT issues/set-labels",
]
"""What each component's release PR opened adds (the base head is read once for all)."""


@pytest.fixture
def separate(monorepo: ReleaseWorld) -> ReleaseWorld:
    return configured(monorepo, SEPARATE)


def by_branch(release_world: ReleaseWorld) -> dict[str, dict[str, object]]:
    return {pull["head"]: pull for pull in release_world.open_pulls()}


def test_one_release_pr_per_component_each_in_the_single_component_shape(
    separate: ReleaseWorld,
) -> None:
    opened = reconcile(separate, ("release_pr_opened", "release_pr_opened"))
    assert opened == [*GATHER, *CREDITS, "GET git/get-ref", *OPEN_ONE, *OPEN_ONE], (
        "1 listing, 1 accounts listing and 1 base read, then 5 writes per component"
    )
    pulls = by_branch(separate)
    assert set(pulls) == {API, CLI}
    assert pulls[API]["title"] == "chore(release): api 1.1.0"
    assert pulls[CLI]["title"] == "chore(release): cli 0.3.1"
    api_marker = separate.marker(cast(int, pulls[API]["number"]))
    assert api_marker is not None
    assert api_marker.components == (ComponentVersion("api", "1.1.0", "api-v1.1.0", "1.0.0"),)
    assert "routes" in str(pulls[API]["body"])
    assert "flags" not in str(pulls[API]["body"])
    assert '"version": "1.1.0"' in separate.file_at(API, "packages/api/package.json")
    assert '"version": "0.3.0"' in separate.file_at(API, "packages/cli/package.json")
    assert "## 0.3.1" in separate.file_at(CLI, "packages/cli/CHANGELOG.md")
    unchanged = reconcile(separate, ("release_pr_unchanged", "release_pr_unchanged"))
    assert unchanged == [*GATHER, *CREDITS]


def test_merging_one_publishes_that_component_only_and_the_other_pr_updates(
    separate: ReleaseWorld,
) -> None:
    separate.reconcile()
    pulls = by_branch(separate)
    api = cast(int, pulls[API]["number"])
    separate.remote.merge(api, method="squash")
    separate.merge_change("fix(cli): more", files={"packages/cli/more.txt": "m\n"})
    calls = reconcile(separate, ("released", "nothing_to_release", "release_pr_updated"))
    assert calls[:7] == [
        *GATHER,
        *CREDITS,  # cli still releases: its contributors
        "POST git/create-ref",
        "POST repos/create-release",
        "DELETE git/delete-ref",
        "POST issues/create-comment",
        "PUT issues/set-labels",
    ], "its tag, release, branch deleted, comment and label: the other component's none"
    state = separate.state()
    assert "api-v1.1.0" in state["tags"]
    assert "cli-v0.3.1" not in state["tags"]
    assert [r["tag_name"] for r in separate.releases()] == ["api-v1.1.0"]
    assert separate.pull(api)["labels"] == [RELEASED_LABEL]
    assert API not in state["branches"]
    (left,) = separate.open_pulls()
    assert left["number"] == pulls[CLI]["number"]
    assert "more" in left["body"]
    unchanged = reconcile(separate, ("nothing_to_release", "release_pr_unchanged"))
    assert unchanged == [*GATHER, *CREDITS]


def test_a_crash_mid_publish_is_finished_by_the_next_run(separate: ReleaseWorld) -> None:
    separate.reconcile()
    for pull in separate.open_pulls():
        separate.remote.merge(pull["number"])
    crashing = cast(MeteredGitHub, CrashAfterFirstRelease(separate.github))
    with pytest.raises(Stopped):
        separate.service(github=crashing).reconcile("main")
    assert [r["tag_name"] for r in separate.releases()] == ["api-v1.1.0"]
    outcome = separate.reconcile()
    assert [p.component for p in outcome.published] == ["cli"], "api's pull was finished"
    assert sorted(r["tag_name"] for r in separate.releases()) == ["api-v1.1.0", "cli-v0.3.1"]
    for pull in separate.state()["pulls"]:
        if not pull["head"].startswith(BRANCH):
            continue
        assert pull["labels"] == [RELEASED_LABEL]
        assert len(separate.remote.comments(pull["number"])) == 1
    assert separate.open_pulls() == []


def test_switching_to_separate_prs_closes_the_one_release_pr_first(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (together,) = monorepo.open_pulls()
    configured(monorepo, SEPARATE)
    reconcile(monorepo, ("release_pr_closed", "release_pr_opened", "release_pr_opened"))
    assert monorepo.pull(together["number"])["state"] == "closed"
    (comment,) = monorepo.remote.comments(together["number"])
    assert "separate_pull_requests: true" in comment
    assert set(by_branch(monorepo)) == {API, CLI}
    assert BRANCH not in monorepo.state()["branches"]


def test_switching_back_closes_the_component_prs_first(separate: ReleaseWorld) -> None:
    separate.reconcile()
    numbers = [pull["number"] for pull in separate.open_pulls()]
    configured(separate, CONFIG)
    reconcile(separate, ("release_pr_closed", "release_pr_closed", "release_pr_opened"))
    for number in numbers:
        assert separate.pull(number)["state"] == "closed"
        (comment,) = separate.remote.comments(number)
        assert "no longer has `separate_pull_requests: true`" in comment
    (together,) = separate.open_pulls()
    assert together["head"] == BRANCH
    assert together["title"] == "chore(release): api 1.1.0, cli 0.3.1"
    assert {API, CLI}.isdisjoint(separate.state()["branches"])


def test_a_merged_release_pr_of_the_other_mode_is_published_first(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (together,) = monorepo.open_pulls()
    monorepo.remote.merge(together["number"])
    monorepo.merge_change("feat(cli): more", files={"packages/cli/more.txt": "m\n"})
    configured(monorepo, SEPARATE)
    reconcile(
        monorepo,
        ("released", "released", "nothing_to_release", "nothing_to_release", "release_pr_opened"),
    )
    assert sorted(r["tag_name"] for r in monorepo.releases()) == ["api-v1.1.0", "cli-v0.3.1"]
    assert monorepo.pull(together["number"])["labels"] == [RELEASED_LABEL]
    ((head, pull),) = by_branch(monorepo).items()
    assert head == CLI
    assert pull["title"] == "chore(release): cli 0.4.0", "the merged release counted as made"


def test_a_merged_component_pr_is_published_when_switching_back(separate: ReleaseWorld) -> None:
    separate.reconcile()
    api = cast(int, by_branch(separate)[API]["number"])
    separate.remote.merge(api)
    configured(separate, CONFIG)
    reconcile(
        separate, ("released", "nothing_to_release", "release_pr_closed", "release_pr_opened")
    )
    assert [r["tag_name"] for r in separate.releases()] == ["api-v1.1.0"]
    (together,) = separate.open_pulls()
    assert together["head"] == BRANCH
    assert together["title"] == "chore(release): cli 0.3.1"


def test_a_dry_run_shows_every_release_branch_and_writes_nothing(separate: ReleaseWorld) -> None:
    separate.remote.forget()
    outcome = separate.reconcile(dry_run=True)
    assert separate.remote.calls() == [*GATHER, *CREDITS]
    assert [d.release_branch for d in outcome.decisions] == [API, CLI]
    assert [d.release_pr_action.event for d in outcome.decisions] == [
        "release_pr_opened",
        "release_pr_opened",
    ]
    assert separate.open_pulls() == []


def test_a_linked_pair_gets_a_release_pr_each_at_its_one_version(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release_world = two_components(
        world, github, tmp_path, config=SEPARATE + LINKED, cli="1.0.0", cli_fix=False
    )
    release_world.reconcile()
    titles = {ref: pull["title"] for ref, pull in by_branch(release_world).items()}
    assert titles == {API: "chore(release): api 1.1.0", CLI: "chore(release): cli 1.1.0"}
