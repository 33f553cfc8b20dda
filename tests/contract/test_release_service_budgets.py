"""The release service over the simulator, for what only HTTP shows: issue 4's GitHub API
budgets read from the simulator's request log, and answers lost at any step. Everything else
the service does is tested on the fake, in ``tests/unit/services``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.release_pr.labels import RELEASED_LABEL
from regent.core.release_pr.title import ReleasePrError
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld

pytestmark = pytest.mark.contract

GATHER = ["GET pulls/list"]
"""One listing of the base branch's pull requests, last updated first, back to the last release's
tag commit: the release PRs, and the merged pull requests every plan of the run reads (their
bump floors and commit overrides)."""
LISTING = {
    "state": "all",
    "base": "main",
    "sort": "updated",
    "direction": "desc",
    "per_page": "100",
}
CREDITS = ["GET repos/list-commits"]
"""Who made a release: one listing of its commits, a request per 100 (issue 16); before the
first release tag, the commits listing of the base branch (a compare once a tag exists)."""
BASE_UNMOVED = ["GET git/get-ref"]
WRITE_BRANCH = ["POST git/create-tree", "POST git/create-commit"]


@pytest.fixture
def release_world(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    return ReleaseWorld.create(SimRemote(world), github, tmp_path)


def run(release_world: ReleaseWorld, events: tuple[str, ...]) -> list[str]:
    """Reconcile once; the requests it made, checked against the adapter's own count, with each
    listing of pull requests the one the budgets allow."""
    release_world.remote.forget()
    outcome = release_world.reconcile()
    assert outcome.events == events
    calls = release_world.remote.calls()
    assert len(calls) == outcome.github_calls.total
    for listing in listings(release_world):
        assert listing == LISTING
    return calls


def listings(release_world: ReleaseWorld) -> list[dict[str, str]]:
    """The query of each pull-request listing logged since the last ``forget``."""
    return [
        dict(parse_qsl(entry["query"]))
        for entry in release_world.remote.world.requests()
        if entry["operation_id"] == "pulls/list"
    ]


def test_the_release_lifecycle_within_budget(release_world: ReleaseWorld) -> None:
    opened = run(release_world, ("release_pr_opened",))
    assert opened == [
        *GATHER,
        *CREDITS,
        *BASE_UNMOVED,
        *WRITE_BRANCH,
        "POST git/create-ref",
        "POST pulls/create",
        "PUT issues/set-labels",
    ]
    assert len(opened) <= 8

    unchanged = run(release_world, ("release_pr_unchanged",))
    assert unchanged == [*GATHER, *CREDITS]
    assert len(unchanged) <= 3

    release_world.merge_change("fix: one more")
    updated = run(release_world, ("release_pr_updated",))
    edits = ["PATCH git/update-ref", "PATCH pulls/update"]
    assert updated == [*GATHER, *CREDITS, *BASE_UNMOVED, *WRITE_BRANCH, *edits]
    assert len(updated) <= 7

    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"], method="squash")
    released = run(release_world, ("released", "nothing_to_release"))
    assert released == [*GATHER, *CREDITS, *PUBLISH]
    assert len(released) <= 8

    quiet = run(release_world, ("nothing_to_release",))
    assert quiet == GATHER


PUBLISH = [
    "POST git/create-ref",
    "POST repos/create-release",
    "DELETE git/delete-ref",
    "POST issues/create-comment",
    "PUT issues/set-labels",
]


def test_a_release_and_a_floor_in_the_next_range_within_budget(
    release_world: ReleaseWorld,
) -> None:
    """A release PR merged, then a pull request labelled with a floor: one run publishes the
    release and opens the next release PR raised to the floor, from the same one listing."""
    release_world.reconcile()
    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"], method="squash")
    remote = release_world.remote
    release_world.push("floored", start="origin/main", message="fix: small", files={"f": "x\n"})
    number = remote.open_pull("floored", "main", title="fix: small")
    remote.add_labels(number, ["release-regent: bump-minor"])
    remote.merge(number)
    released = run(release_world, ("released", "release_pr_opened"))
    publish = [*GATHER, *CREDITS, *(call for call in PUBLISH if call != "DELETE git/delete-ref")]
    credits = ["GET repos/compare-commits"]  # the next range's, since the release's commit
    reopen = [*BASE_UNMOVED, *WRITE_BRANCH, "PATCH git/update-ref", "POST pulls/create"]
    assert released == [
        *publish[: len(GATHER) + len(CREDITS)],
        *credits,
        *publish[len(GATHER) + len(CREDITS) :],
        *reopen,
        "PUT issues/set-labels",
    ], "the branch is kept"
    assert len(publish) <= 8
    opening = len(released) - len(publish)
    assert len(GATHER) + opening <= 8, "opening, the listing shared"
    (opened,) = release_world.open_pulls()
    assert opened["title"] == "chore(release): v0.2.0", "a fix raised to minor by the floor"
    assert release_world.pull(number)["labels"] == ["release-regent: bump-minor"], "until released"


def test_a_refusal_within_budget(release_world: ReleaseWorld) -> None:
    """A merged release PR whose branch was changed by hand: one listing, then the comment
    (looked for first) and the labels, and no tag."""
    remote = release_world.remote
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", "hand", f"origin/{BRANCH}")
    (dev / "CHANGELOG.md").write_text("# Changelog\n\n## 0.5.0\n", encoding="utf-8")
    git(dev, "commit", "--quiet", "--all", "--amend", "-m", "chore: by hand")
    git(dev, "push", "--quiet", "--force", "origin", f"hand:{BRANCH}")
    remote.merge(number, method="squash")
    remote.forget()
    with pytest.raises(ReleasePrError, match=rf"#{number} \(v0\.1\.0\)"):
        release_world.reconcile()
    refusal = ["GET issues/list-comments", "POST issues/create-comment", "PUT issues/set-labels"]
    planned = [*GATHER, *CREDITS]  # the next release still planned: the whole history
    assert remote.calls()[: len(planned) + len(refusal)] == [*planned, *refusal]
    assert listings(release_world) == [LISTING]
    assert release_world.state()["tags"] == {}


STEPS = [
    pytest.param("POST", r"/git/refs$", id="tag"),
    pytest.param("POST", r"/releases$", id="release"),
    pytest.param("DELETE", r"/git/refs/heads/", id="branch"),
    pytest.param("POST", r"/issues/\d+/comments$", id="comment"),
    pytest.param("PUT", r"/issues/\d+/labels$", id="labels"),
]


@pytest.mark.parametrize(("method", "path"), STEPS)
def test_a_lost_answer_at_any_step_is_finished_in_the_same_run(
    release_world: ReleaseWorld, world: World, method: str, path: str
) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    release_world.remote.merge(number, method="rebase")
    world.fault(method, path, status=502, times=1, after=True)
    outcome = release_world.reconcile()
    assert outcome.events == ("released", "nothing_to_release")
    assert list(release_world.state()["tags"]) == ["v0.1.0"]
    assert len(release_world.releases()) == 1
    assert len(release_world.remote.comments(number)) == 1
    assert release_world.pull(number)["labels"] == [RELEASED_LABEL]
    assert BRANCH not in release_world.state()["branches"]
