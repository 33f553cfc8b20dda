"""The listings the notes read commit authors from (compare, paged; the commits listing) and
GitHub's generated release notes, in GitHub's shapes."""

from __future__ import annotations

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import commit_dates, git

pytestmark = pytest.mark.contract

ANN = ("Ann", "1+ann@users.noreply.github.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
UNLINKED = ("Cy", "cy@example.org")


def commit_as(seeded: Seeded, author: tuple[str, str], message: str, n: int) -> str:
    """An empty commit by ``author`` on the work clone's main."""
    name, email = author
    env = {**commit_dates(100_000 + 60 * n), "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    git(seeded.work.path, "commit", "--quiet", "--allow-empty", "-m", message, env=env)
    return git(seeded.work.path, "rev-parse", "HEAD")


def push(seeded: Seeded) -> None:
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "main")


def test_compare_pages_oldest_first_with_each_commit_author(
    client: SimClient, seeded: Seeded
) -> None:
    people = [ANN, BOT, UNLINKED]
    made = [commit_as(seeded, people[i % 3], f"fix: {i}", i) for i in range(205)]
    push(seeded)

    pages = [
        client.get(f"{API}/compare/{seeded.third}...main?per_page=100&page={page}")
        for page in (1, 2, 3)
    ]

    assert [reply.status for reply in pages] == [200, 200, 200]
    assert [len(reply.body["commits"]) for reply in pages] == [100, 100, 5]
    assert {reply.body["total_commits"] for reply in pages} == {205}
    assert [c["sha"] for reply in pages for c in reply.body["commits"]] == made
    assert 'rel="next"' in pages[0].headers["Link"]
    first, second, third = pages[0].body["commits"][:3]
    assert (first["author"]["login"], first["author"]["type"]) == ("ann", "User")
    assert (second["author"]["login"], second["author"]["type"]) == ("dependabot[bot]", "Bot")
    assert third["author"] is None  # an email linked to no account
    assert third["commit"]["author"]["email"] == UNLINKED[1]
    unpaged = client.get(f"{API}/compare/{seeded.third}...main")
    assert len(unpaged.body["commits"]) == 205  # under 250: all of them


def test_commits_listing_pages_newest_first(client: SimClient, seeded: Seeded) -> None:
    made = [commit_as(seeded, ANN, f"fix: {i}", i) for i in range(3)]
    push(seeded)

    page = client.get(f"{API}/commits?sha=main&per_page=2&page=1")

    assert [c["sha"] for c in page.body] == made[::-1][:2]
    assert page.body[0]["author"]["login"] == "ann"


def test_generated_notes_list_merged_pull_requests(client: SimClient, seeded: Seeded) -> None:
    git(seeded.work.path, "checkout", "--quiet", "-b", "feature/x")
    commit_as(seeded, ANN, "feat: x", 1)
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "feature/x")
    pull = client.post(f"{API}/pulls", {"title": "Add x", "head": "feature/x", "base": "main"})
    client.post(f"/_sim/repos/acme/widget/pulls/{pull.body['number']}/merge", {"method": "merge"})

    reply = client.post(
        f"{API}/releases/generate-notes",
        {"tag_name": "v1.1.0", "target_commitish": "main", "previous_tag_name": "v1.0.0"},
    )

    assert reply.status == 200
    assert reply.body["name"] == "v1.1.0"
    assert "## What's Changed\n* Add x by @" in reply.body["body"]
    assert reply.body["body"].endswith("/acme/widget/compare/v1.0.0...v1.1.0")
