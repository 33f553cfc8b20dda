"""How far back a reconcile lists pull requests, and the planner served from that one listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory
from regent.core.model import PullRequest, PullState, ReleasePulls
from regent.core.policy import ReleasePolicy
from regent.services.pull_listing import ListedPulls, listing_since
from tests.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial import")
    return repo


def since(repo: GitRepo) -> str | None:
    """How far back a listing reads for the repository's head; the same with its tags passed."""
    history = GitHistory(repo.path)
    head = history.head_sha()
    found = listing_since(history, ReleasePolicy(), head=head)
    listed = history.tag_commits(glob="v*")
    assert listing_since(history, ReleasePolicy(), head=head, listed=listed) == found
    return found


def test_an_empty_repository_reads_to_the_end(tmp_path: Path) -> None:
    empty = GitRepo.create(tmp_path / "empty")
    assert since(empty) is None


def time_of(repo: GitRepo, sha: str) -> str | None:
    return GitHistory(repo.path).commit_time(sha)


def test_without_a_stable_release_tag_the_listing_reads_to_the_end(repo: GitRepo) -> None:
    repo.commit("feat: a")
    repo.tag("v1.0.0-rc.1")
    repo.tag("not-a-release")
    assert since(repo) is None


def test_the_last_stable_release_s_tag_commit_and_not_a_later_prerelease(repo: GitRepo) -> None:
    repo.tag("v0.9.0")
    released = repo.commit("feat: a")
    repo.tag("v1.0.0")
    repo.commit("feat: b")
    repo.tag("v1.1.0-rc.1")
    repo.commit("fix: c")
    assert since(repo) == time_of(repo, released)


def test_a_higher_release_made_on_another_branch_is_passed_over(repo: GitRepo) -> None:
    released = repo.commit("feat: a")
    repo.tag("v1.0.0")
    repo.branch("next")
    repo.commit("feat!: b")
    repo.tag("v2.0.0")
    repo.checkout("main")
    repo.commit("fix: c")
    assert since(repo) == time_of(repo, released)


def merged(number: int) -> PullRequest:
    return PullRequest(
        number=number,
        title=f"PR {number}",
        body="",
        head_branch=f"topic-{number}",
        head_sha="f" * 40,
        base_branch="main",
        state=PullState.CLOSED,
        merged=True,
        merge_commit_sha=f"{number:040x}",
        labels=(),
        draft=False,
        html_url=f"https://github.com/o/r/pull/{number}",
    )


class MorePulls:
    """The port's ``merged_pulls``, recording each listing asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        self.asked.append((base_branch, since))
        return (merged(99),)


LISTED = (merged(3), merged(2))


@pytest.mark.parametrize(
    ("read_since", "asked", "base_branch", "served"),
    [
        pytest.param(None, None, "main", LISTED, id="listed-to-the-end"),
        pytest.param("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "main", LISTED, id="same"),
        pytest.param("2026-01-01T00:00:00Z", "2026-01-01T02:00:00+01:00", "main", LISTED, id="tz"),
        pytest.param("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "main", LISTED, id="later"),
        pytest.param("2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", "main", None, id="earlier"),
        pytest.param("2026-01-01T00:00:00Z", None, "main", None, id="all-asked"),
        pytest.param(None, None, "develop", None, id="another-branch"),
    ],
)
def test_the_listing_serves_the_ranges_it_reached(
    read_since: str | None,
    asked: str | None,
    base_branch: str,
    served: tuple[PullRequest, ...] | None,
) -> None:
    more = MorePulls()
    listing = ListedPulls(ReleasePulls(None, (), LISTED, read_since), "main", more=more)
    found = listing.merged_pulls(base_branch=base_branch, since=asked)
    if served is None:
        assert (found, more.asked) == ((merged(99),), [(base_branch, asked)])
    else:
        assert (found, more.asked) == (served, [])
