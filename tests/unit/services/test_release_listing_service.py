"""The one listing of pull requests a reconcile makes, and the range it cannot reach."""

from __future__ import annotations

from tests.release_world import ReleaseWorld

FLOOR = "release-regent: bump-minor"


def merge_with_floor(release_world: ReleaseWorld, message: str) -> int:
    release_world.push("floored", start="origin/main", message=message, files={"f.txt": "x\n"})
    number = release_world.remote.open_pull("floored", "main", title=message)
    release_world.remote.add_labels(number, [FLOOR])
    release_world.remote.merge(number)
    return number


def test_a_reconcile_lists_pull_requests_once_for_every_plan(release_world: ReleaseWorld) -> None:
    release_world.tag_main("v1.0.0")
    release_world.merge_change("feat: a")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    release_world.remote.merge(opened.pull_request.number)
    floored = merge_with_floor(release_world, "fix: small but announced")
    release_world.remote.forget()
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "release_pr_opened")
    assert outcome.version == "1.1.0"
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): v1.2.0", "a fix raised to minor by its floor"
    calls = release_world.remote.calls()
    assert (calls.count("release_pulls"), calls.count("merged_pulls")) == (1, 0)
    assert release_world.pull(floored)["labels"] == [FLOOR], "taken off when 1.2.0 is released"


def test_a_release_tagged_by_a_stopped_run_reads_its_range_once_more(
    release_world: ReleaseWorld,
) -> None:
    """Its tag is the last release tag, so the listing stops there; the range before it (the
    released one, whose floors are taken off) is read with one more listing."""
    release_world.tag_main("v1.0.0")
    floored = merge_with_floor(release_world, "fix: small but announced")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    merged = release_world.remote.merge(opened.pull_request.number)
    release_world.remote.create_ref("refs/tags/v1.1.0", merged)
    release_world.remote.forget()
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "nothing_to_release")
    calls = release_world.remote.calls()
    assert calls[:2] == ["release_pulls", "merged_pulls"]
    assert calls.count("merged_pulls") == 1
    assert release_world.pull(floored)["labels"] == []
