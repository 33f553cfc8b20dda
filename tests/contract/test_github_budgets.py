"""The release lifecycle's GitHub calls through the port, counted against the simulator's log.

These are the sequences the release service runs (issue 4's budgets), with what it knows
locally passed in: the base head and its tree from the checkout, and whether a PR is open;
before writing the release PR the base head is read once more (a newer run may have moved it).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from regent.adapters.checkout_assets import CheckoutAssets
from regent.adapters.github.adapter import GitHubConnection
from regent.adapters.github.repository import GitHubAdapter
from regent.core.assets import AssetPolicy
from regent.core.model import CallCounts, FileChange, PullRequest
from regent.core.release_pr.auto_merge import wants_auto_merge
from regent.services.release_assets import AssetPublisher
from tests.contract.conftest import REPO, World
from tests.gitrepo import git

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
PENDING = "release-regent: pending"
RELEASED = "release-regent: released"


def gather(github: GitHubAdapter) -> tuple[PullRequest | None, tuple[PullRequest, ...]]:
    """The one listing of the base branch's pull requests (back to the last release's tag
    commit: here none, so to the end) a reconcile makes."""
    found = github.release_pulls(head_branch=BRANCH, base_branch="main", label=PENDING, since=None)
    return found.open, found.pending


def write(github: GitHubAdapter, world: World, version: str, *, exists: bool) -> str:
    base = world.state()["branches"]["main"]
    return github.write_release_branch(
        branch=BRANCH,
        base_sha=base,
        base_tree=git(world.git_dir, "rev-parse", f"{base}^{{tree}}"),
        files=[
            FileChange("VERSION", f"{version}\n"),
            FileChange("CHANGELOG.md", f"## {version}\n"),
        ],
        message=f"chore(release): v{version}",
        branch_exists=exists,
    )


def test_the_release_lifecycle_within_budget(github: GitHubAdapter, world: World) -> None:
    # first release PR opened: at most 7 calls
    world.forget()
    before = github.call_counts()
    assert gather(github) == (None, ())
    assert github.branch_head("main") == world.state()["branches"]["main"]
    write(github, world, "1.1.0", exists=False)
    pull = github.open_release_pull(
        head_branch=BRANCH, base_branch="main", title="chore(release): v1.1.0", body="b"
    ).value
    github.set_labels(pull.number, [PENDING])
    assert len(world.requests()) == github.call_counts().since(before).total == 7

    # release PR updated after another merge: at most 6 calls
    world.push_branch("feature/more")
    world.client.post(
        f"{world.api}/pulls",
        {"title": "feat: more", "head": "feature/more", "base": "main"},
    )
    world.client.post(f"/_sim/repos/{REPO.full_name}/pulls/2/merge", {"method": "merge"})
    world.forget()
    before = github.call_counts()
    found, _ = gather(github)
    assert found is not None
    assert github.branch_head("main") == world.state()["branches"]["main"]
    write(github, world, "1.2.0", exists=True)
    github.update_release_pull(found.number, title="chore(release): v1.2.0", body="c")
    assert len(world.requests()) == github.call_counts().since(before).total == 6

    # re-run with nothing new: at most 3 calls, none of them writes
    world.forget()
    gather(github)
    assert {entry["method"] for entry in world.requests()} == {"GET"}
    assert len(world.requests()) == 1

    # release published from the merged release PR: at most 7 calls
    world.client.post(
        f"/_sim/repos/{REPO.full_name}/pulls/{found.number}/merge", {"method": "squash"}
    )
    world.forget()
    before = github.call_counts()
    still_open, pending = gather(github)
    assert still_open is None
    (merged,) = pending
    assert merged.merge_commit_sha is not None
    tag = github.ensure_tag(tag="v1.2.0", sha=merged.merge_commit_sha)
    made = github.ensure_release(tag="v1.2.0", name="v1.2.0", body="notes")
    github.set_labels(merged.number, [RELEASED])
    github.delete_branch(BRANCH)
    github.comment(merged.number, f"Released {made.value.html_url}")
    assert tag.created
    assert made.created
    assert len(world.requests()) == github.call_counts().since(before).total == 6
    assert world.state()["tags"]["v1.2.0"] == merged.merge_commit_sha


def test_auto_merge_costs_one_graphql_call_when_opening_and_none_after(
    github: GitHubAdapter, world: World
) -> None:
    """``release_pr.auto_merge``: the release PR opened (7 calls) then auto-merge turned on (+1
    GraphQL call); the update after another merge reads that it is on from the listing (6)."""
    controls = f"/_sim/repos/{REPO.full_name}"
    world.client.patch(f"{controls}/settings", {"allow_auto_merge": True})
    checks = {"contexts": ["ci"]}
    world.client.request("PUT", f"{controls}/branches/main/required_checks", checks)
    world.forget()
    before = github.call_counts()
    gather(github)
    github.branch_head("main")
    write(github, world, "1.1.0", exists=False)
    pull = github.open_release_pull(
        head_branch=BRANCH, base_branch="main", title="chore(release): v1.1.0", body="b"
    ).value
    github.set_labels(pull.number, [PENDING])
    assert wants_auto_merge(pull, "squash")
    assert github.enable_auto_merge(pull, "squash") is None
    assert len(world.requests()) == github.call_counts().since(before).total == 8
    assert [entry["path"] for entry in world.requests()].count("/graphql") == 1

    world.push_branch("feature/more")
    world.client.post(
        f"{world.api}/pulls", {"title": "feat: more", "head": "feature/more", "base": "main"}
    )
    world.client.post(f"{controls}/pulls/2/merge", {"method": "merge"})
    world.forget()
    before = github.call_counts()
    found, _ = gather(github)
    assert found is not None
    github.branch_head("main")
    write(github, world, "1.2.0", exists=True)
    github.update_release_pull(found.number, title="chore(release): v1.2.0", body="c")
    assert not wants_auto_merge(found, "squash")
    assert len(world.requests()) == github.call_counts().since(before).total == 6


def test_each_binding_counts_its_own_calls_and_the_connection_counts_every_one(
    session: GitHubConnection, world: World
) -> None:
    """Concurrent reconciles share one connection (the webhook worker): each reports the calls
    made through its own binding, never another's."""
    first, second = session.for_repository(REPO), session.for_repository(REPO)
    with ThreadPoolExecutor(3) as pool:
        heads = pool.map(first.branch_head, ["main", "gone"])
        version = pool.submit(second.config_file, "VERSION")
        assert list(heads) == [world.base, None]
        assert version.result() is not None
    assert first.call_counts() == CallCounts.of({"branch_head": 2})
    assert second.call_counts() == CallCounts.of({"config_file": 1})
    assert session.call_counts().total == len(world.requests()) == 3


def test_the_notes_extras_within_budget(github: GitHubAdapter, world: World) -> None:
    """Who made a release: one listing of its commits, a request per 100 (ceil(n / 100)), never
    one per commit; GitHub's generated notes: one request, when the release is published."""
    work = world.work.path
    git(work, "checkout", "--quiet", "-B", "range", world.base)
    for n in range(201):
        git(work, "commit", "--quiet", "--allow-empty", "-m", f"fix: {n}")
    git(work, "push", "--quiet", str(world.git_dir), "+range:refs/heads/range")
    head = git(work, "rev-parse", "range")
    world.forget()
    github.commit_accounts(base=world.base, head=head)
    assert world.calls() == ["GET repos/compare-commits"] * math.ceil(201 / 100)

    world.forget()
    github.commit_accounts(base=None, head=world.base)  # a first release: the whole history
    assert world.calls() == ["GET repos/list-commits"]

    world.forget()
    github.generated_notes(tag="v1.1.0", target=head, previous_tag=None)
    assert world.calls() == ["POST repos/generate-release-notes"]


def test_release_assets_within_budget(github: GitHubAdapter, world: World, tmp_path: Path) -> None:
    """Attaching N files with SHA256SUMS to a draft, then publishing it: one listing, N + 1
    uploads, one PATCH; a re-run: the listing only; a replaced file: a delete and an upload
    (its SHA256SUMS too)."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "a.tar.gz").write_bytes(b"a")
    (tmp_path / "dist" / "b.whl").write_bytes(b"b")
    publisher = AssetPublisher(github, CheckoutAssets(tmp_path))
    prepared = publisher.prepare(AssetPolicy(("dist/*",), checksums=True))
    assert prepared is not None
    draft = github.ensure_release(tag="v1.1.0", name="v1.1.0", body="notes", draft=True).value
    world.forget()
    before = github.call_counts()
    published = publisher.attach(draft, prepared, latest=True, publish=True).release
    assert not published.draft
    assert world.calls() == [
        "GET repos/list-release-assets",
        *["POST repos/upload-release-asset"] * 3,
        "PATCH repos/update-release",
    ]
    assert github.call_counts().since(before).total == 5

    world.forget()
    publisher.attach(published, prepared, latest=True, publish=True)
    assert world.calls() == ["GET repos/list-release-assets"]

    (tmp_path / "dist" / "a.tar.gz").write_bytes(b"a, rebuilt")
    changed = publisher.prepare(AssetPolicy(("dist/*",), checksums=True, overwrite=True))
    assert changed is not None
    world.forget()
    publisher.attach(published, changed, latest=True, publish=True)
    assert world.calls() == [
        "GET repos/list-release-assets",
        *["DELETE repos/delete-release-asset", "POST repos/upload-release-asset"] * 2,
    ]
