"""Releasing a monorepo's components through the simulator: one release PR for all of them,
one tag and one GitHub Release per component once it is merged, a run stopped between two
components finished by the next, a linked pair, and the API budgets per component
(docs/monorepo.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import ConfigError, UsageError
from regent.core.ports import MeteredGitHub
from regent.core.release_pr.labels import RELEASED_LABEL
from regent.core.release_pr.marker import ComponentVersion
from regent.core.release_pr.title import ReleasePrError
from regent.services.release import Overrides
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

PUBLISH_ONE = ["POST git/create-ref", "POST repos/create-release", "POST issues/create-comment"]
"""What each released component adds: its tag, its GitHub Release and the comment linking it."""


def test_one_release_pr_for_all_components_then_a_tag_and_release_each(
    monorepo: ReleaseWorld,
) -> None:
    opened = reconcile(monorepo, ("release_pr_opened",))
    assert opened == [
        *GATHER,
        *CREDITS,
        "GET git/get-ref",
        "POST git/create-tree",
        "POST git/create-commit",
        "POST git/create-ref",
        "POST pulls/create",
        "PUT issues/set-labels",
    ], "as for a single package, whatever the number of components"
    (pull,) = monorepo.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0, cli 0.3.1"
    marker = monorepo.marker(pull["number"])
    assert marker is not None
    assert marker.components == (
        ComponentVersion("api", "1.1.0", "api-v1.1.0", "1.0.0"),
        ComponentVersion("cli", "0.3.1", "cli-v0.3.1", "0.3.0"),
    )
    body = pull["body"]
    assert "## api 1.1.0" in body
    assert "routes" in body
    assert "## cli 0.3.1" in body
    assert "flags" in body
    assert '"version": "1.1.0"' in monorepo.file_at(BRANCH, "packages/api/package.json")
    assert '"version": "0.3.1"' in monorepo.file_at(BRANCH, "packages/cli/package.json")
    assert "## 1.1.0" in monorepo.file_at(BRANCH, "packages/api/CHANGELOG.md")
    assert "## 0.3.1" in monorepo.file_at(BRANCH, "packages/cli/CHANGELOG.md")
    assert reconcile(monorepo, ("release_pr_unchanged",)) == [*GATHER, *CREDITS]

    monorepo.remote.merge(pull["number"], method="squash")
    released = reconcile(monorepo, ("released", "released", "nothing_to_release"))
    assert released == [
        *GATHER,
        *PUBLISH_ONE,
        "POST git/create-ref",
        "POST repos/create-release",
        "DELETE git/delete-ref",
        "POST issues/create-comment",
        "PUT issues/set-labels",
    ], "per extra component: its tag, its release and its comment"
    state = monorepo.state()
    assert {"api-v1.1.0", "cli-v0.3.1"} <= set(state["tags"])
    releases = {release["tag_name"]: release for release in monorepo.releases()}
    assert "routes" in releases["api-v1.1.0"]["body"]
    assert "flags" not in releases["api-v1.1.0"]["body"]
    assert "flags" in releases["cli-v0.3.1"]["body"]
    assert monorepo.remote.latest_release_tag() == "api-v1.1.0", "the first component's"
    assert monorepo.pull(pull["number"])["labels"] == [RELEASED_LABEL]
    assert BRANCH not in state["branches"]
    assert reconcile(monorepo, ("nothing_to_release",)) == GATHER


def test_the_outcome_names_each_component_published(monorepo: ReleaseWorld) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    monorepo.remote.merge(pull["number"])
    outcome = monorepo.reconcile()
    assert [(p.component, p.version, p.tag) for p in outcome.published] == [
        ("api", "1.1.0", "api-v1.1.0"),
        ("cli", "0.3.1", "cli-v0.3.1"),
    ]
    assert [p.action.previous_version for p in outcome.published] == ["1.0.0", "0.3.0"]


def test_a_run_stopped_after_the_first_component_is_finished_by_the_next(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    number = pull["number"]
    monorepo.remote.merge(number)
    monorepo.merge_change("feat(cli): more", files={"packages/cli/more.txt": "m\n"})
    crashing = cast(MeteredGitHub, CrashAfterFirstRelease(monorepo.github))
    with pytest.raises(Stopped):
        monorepo.service(github=crashing).reconcile("main")
    assert "api-v1.1.0" in monorepo.state()["tags"]
    assert [r["tag_name"] for r in monorepo.releases()] == ["api-v1.1.0"]
    assert monorepo.pull(number)["labels"] != [RELEASED_LABEL], "not done yet"

    outcome = monorepo.reconcile()
    assert outcome.events == ("released", "released", "release_pr_opened")
    assert sorted(r["tag_name"] for r in monorepo.releases()) == ["api-v1.1.0", "cli-v0.3.1"]
    comments = monorepo.remote.comments(number)
    assert len(comments) == 2, comments
    assert monorepo.pull(number)["labels"] == [RELEASED_LABEL]
    (opened,) = monorepo.open_pulls()
    assert opened["title"] == "chore(release): cli 0.4.0", "api's release counted as made"


def test_a_linked_pair_releases_one_version(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    release_world = two_components(
        world, github, tmp_path, config=CONFIG + LINKED, cli="1.0.0", cli_fix=False
    )
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0, cli 1.1.0"
    release_world.remote.merge(pull["number"])
    outcome = release_world.reconcile()
    assert [p.tag for p in outcome.published] == ["api-v1.1.0", "cli-v1.1.0"]
    assert len(release_world.releases()) == 2


def test_a_merged_release_pr_without_its_marker_is_read_from_its_title(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    monorepo.remote.edit_pull(pull["number"], body="edited by hand")
    monorepo.remote.merge(pull["number"])
    outcome = monorepo.reconcile()
    assert [p.tag for p in outcome.published] == ["api-v1.1.0", "cli-v0.3.1"]


def test_a_component_whose_files_disagree_refuses_the_whole_pull(
    monorepo: ReleaseWorld,
) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    monorepo.remote.edit_pull(pull["number"], title="chore(release): api 1.2.0, cli 0.3.1")
    body = pull["body"].replace('"version": "1.1.0"', '"version": "1.2.0"')
    monorepo.remote.edit_pull(pull["number"], body=body)
    monorepo.remote.merge(pull["number"])
    with pytest.raises(ReleasePrError, match=r"api: packages/api/package\.json says 1\.1\.0"):
        monorepo.reconcile()
    assert not {"api-v1.2.0", "cli-v0.3.1"} & set(monorepo.state()["tags"])


def test_a_single_package_policy_is_unchanged(monorepo: ReleaseWorld) -> None:
    monorepo.policy = replace(monorepo.policy, monorepo=None)
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    assert pull["title"] == "chore(release): v0.1.0"


def test_the_maintainers_notes_open_every_component_s_notes(monorepo: ReleaseWorld) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    opening, closing = pull["body"].split("\n")[0], "**End of the notes from the maintainers.**"
    body = pull["body"].replace(opening, f"{opening}\nUpgrade both together.", 1)
    assert closing in body
    monorepo.remote.edit_pull(pull["number"], body=body)
    monorepo.reconcile()
    (updated,) = monorepo.open_pulls()
    assert updated["body"].startswith(opening + "\n\nUpgrade both together.")
    assert "Upgrade both together." in monorepo.file_at(BRANCH, "packages/cli/CHANGELOG.md")
    monorepo.remote.merge(pull["number"])
    monorepo.reconcile()
    for release in monorepo.releases():
        assert "Upgrade both together." in release["body"], release["tag_name"]


def test_a_push_to_the_release_branch_is_written_over(monorepo: ReleaseWorld) -> None:
    monorepo.reconcile()
    monorepo.push(
        "hand", start=f"origin/{BRANCH}", message="chore: by hand", files={"x.txt": "x\n"}
    )
    monorepo.push(BRANCH, start="hand", message="chore: more", files={"y.txt": "y\n"})
    outcome = monorepo.reconcile()
    assert outcome.events == ("release_pr_updated",)
    assert "holds other files" in outcome.decision.release_pr_action.reason
    assert len(monorepo.parents(BRANCH)) == 1
    assert '"version": "1.1.0"' in monorepo.file_at(BRANCH, "packages/api/package.json")


def test_a_prerelease_run_proposes_every_component_on_the_channel(monorepo: ReleaseWorld) -> None:
    monorepo.reconcile(overrides=Overrides(prerelease="rc"))
    (pull,) = monorepo.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0-rc.1, cli 0.3.1-rc.1"
    monorepo.remote.merge(pull["number"])
    outcome = monorepo.reconcile(overrides=Overrides(prerelease="rc"))
    assert [(p.tag, p.action.prerelease, p.action.latest) for p in outcome.published] == [
        ("api-v1.1.0-rc.1", True, False),
        ("cli-v0.3.1-rc.1", True, False),
    ]


def test_release_as_is_refused_before_any_write(monorepo: ReleaseWorld) -> None:
    monorepo.remote.forget()
    with pytest.raises(UsageError, match="release_as names one version; with components"):
        monorepo.reconcile(overrides=Overrides(release_as="2.0.0"))
    assert monorepo.remote.writes() == []


def test_a_dependent_is_released_with_its_range_and_version_in_one_file(
    world: World, github: GitHubAdapter, tmp_path: Path
) -> None:
    """cli requires api by a workspace range: api's feature releases api 1.1.0 and cli a patch
    whose package.json carries both its new version and the new range, tagged and released."""
    cli = '{"name": "cli", "version": "0.3.0", "dependencies": {"api": "workspace:^1.0.0"}}\n'
    release_world = two_components(world, github, tmp_path, cli_manifest=cli, cli_fix=False)
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0, cli 0.3.1"
    written = release_world.file_at(BRANCH, "packages/cli/package.json")
    assert '"version": "0.3.1"' in written
    assert '"api": "workspace:^1.1.0"' in written
    release_world.remote.merge(pull["number"])
    outcome = release_world.reconcile()
    assert [p.tag for p in outcome.published] == ["api-v1.1.0", "cli-v0.3.1"]


def test_two_components_writing_one_file_two_ways_are_refused_before_any_write(
    monorepo: ReleaseWorld,
) -> None:
    configured(
        monorepo,
        "components:\n"
        "  - {name: api, path: packages/api, changelog: CHANGELOG.md}\n"
        "  - {name: cli, path: packages/cli, changelog: CHANGELOG.md}\n",
    )
    monorepo.remote.forget()
    with pytest.raises(ConfigError, match=r"'api' and 'cli' both write CHANGELOG\.md"):
        monorepo.reconcile()
    assert monorepo.remote.writes() == []


def test_a_floor_label_raises_the_components_its_pull_touches_from_the_one_listing(
    monorepo: ReleaseWorld,
) -> None:
    remote = monorepo.remote
    monorepo.push("floored", start="origin/main", message="fix(cli): small", files=CLI_FILE)
    number = remote.open_pull("floored", "main", title="fix(cli): small")
    remote.add_labels(number, ["release-regent: bump-minor"])
    remote.merge(number)
    calls = reconcile(monorepo, ("release_pr_opened",))
    assert calls.count("GET pulls/list") == 1
    (pull,) = monorepo.open_pulls()
    assert pull["title"] == "chore(release): api 1.1.0, cli 0.4.0", "cli raised to minor"


CLI_FILE = {"packages/cli/small.txt": "s\n"}


def test_a_section_edited_away_points_its_release_to_the_changelog(monorepo: ReleaseWorld) -> None:
    monorepo.reconcile()
    (pull,) = monorepo.open_pulls()
    body = pull["body"].replace("<!-- release-regent component cli -->", "")
    monorepo.remote.edit_pull(pull["number"], body=body)
    monorepo.remote.merge(pull["number"])
    monorepo.reconcile()
    releases = {release["tag_name"]: release["body"] for release in monorepo.releases()}
    assert "routes" in releases["api-v1.1.0"]
    assert "packages/cli/CHANGELOG.md in the tagged commit holds them" in releases["cli-v0.3.1"]
