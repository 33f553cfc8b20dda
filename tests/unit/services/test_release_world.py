"""The world the service tests run in: the fake GitHub, a checkout, a maintainer merging."""

from __future__ import annotations

from tests.release_world import BRANCH, ReleaseWorld


def test_a_merged_change_lands_on_main(release_world: ReleaseWorld) -> None:
    sha = release_world.merge_change("fix: a bug", method="squash")
    assert release_world.state()["branches"]["main"] == sha
    assert release_world.file_at("main", "changes/1.txt") == "x"
    assert release_world.parents(sha) == [release_world.remote.base]


def test_the_release_branch_of_main() -> None:
    assert BRANCH == "release-regent/main"
