"""A release steered by its maintainers, over the simulator: notes typed into the release PR
body survive the next push and open the published release and CHANGELOG.md; a pinned version
is written in the same run, kept by later pushes, and released. Each run stays within the
release-PR budgets of test_release_service_budgets.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.release_pr.maintainer_notes import OPENING_LINE, read_maintainer_notes
from regent.core.release_pr.pin import VersionPin
from regent.services.release import Overrides
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.release_world import BRANCH, ReleaseWorld

pytestmark = pytest.mark.contract

NOTES = "Upgrade with care: the **config format** changed.\n\n* see docs/migrate.md"
UPDATE = [
    "GET pulls/list",
    "GET repos/list-commits",
    "GET git/get-ref",
    "POST git/create-tree",
    "POST git/create-commit",
    "PATCH git/update-ref",
    "PATCH pulls/update",
]
"""An update that rewrites the branch and edits the PR: issue 4's budget of 6 (the one listing
of pull requests also gives the merged ones whose floors and commit overrides the plan reads),
and since issue 16 the listing of the release's commits, for its contributors (one page)."""


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return ReleaseWorld.create(SimRemote(world), github, tmp_path)


def reconcile(release_world: ReleaseWorld, overrides: Overrides | None = None) -> list[str]:
    """One run; the requests it made."""
    release_world.remote.forget()
    release_world.reconcile(overrides=overrides)
    return release_world.remote.calls()


def test_maintainers_notes_from_the_body_to_the_release(release_world: ReleaseWorld) -> None:
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    number = pull["number"]
    typed = pull["body"].replace(f"{OPENING_LINE}\n", f"{OPENING_LINE}\n\n{NOTES}\n", 1)
    release_world.remote.edit_pull(number, body=typed.replace("\n", "\r\n"))

    release_world.merge_change("fix: the next push")
    assert reconcile(release_world) == UPDATE
    body = release_world.pull(number)["body"]
    assert read_maintainer_notes(body) == NOTES
    entry = f"## 0.1.0 (2026-11-26)\n\n{NOTES}\n\n### Features"
    assert entry in release_world.file_at(BRANCH, "CHANGELOG.md")

    release_world.remote.merge(number, method="squash")
    reconcile(release_world)
    (release,) = release_world.releases()
    assert release["tag_name"] == "v0.1.0"
    assert release["body"].startswith(f"{NOTES}\n\n### Features\n\n* app (")
    assert entry in release_world.file_at("v0.1.0", "CHANGELOG.md")


def test_a_pinned_version_within_the_update_budget(release_world: ReleaseWorld) -> None:
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    number = pull["number"]
    pin = VersionPin("1.0.0-rc.1", "!set-version by @alice in #2")

    assert reconcile(release_world, Overrides(pin=pin)) == UPDATE
    assert release_world.pull(number)["title"] == "chore(release): v1.0.0-rc.1"
    assert "## 1.0.0-rc.1 (2026-11-26)" in release_world.file_at(BRANCH, "CHANGELOG.md")
    assert reconcile(release_world) == ["GET pulls/list", "GET repos/list-commits"]

    release_world.merge_change("feat: still pinned")
    assert reconcile(release_world) == UPDATE
    assert release_world.pull(number)["title"] == "chore(release): v1.0.0-rc.1"
    marker = release_world.marker(number)
    assert marker is not None
    assert marker.pin == pin

    release_world.remote.merge(number)
    reconcile(release_world)
    assert [release["tag_name"] for release in release_world.releases()] == ["v1.0.0-rc.1"]
    release_world.merge_change("fix: after the candidate")
    reconcile(release_world)
    (following,) = release_world.open_pulls()
    assert following["number"] != number
    marker = release_world.marker(following["number"])
    assert marker is not None
    assert marker.pin is None
