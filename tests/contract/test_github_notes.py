"""What the notes read from GitHub through the port: the accounts of a range's commits (one
paged listing, 100 commits a request) and GitHub's generated notes; the adapter against the
simulator and the in-memory fake, one contract."""

from __future__ import annotations

import pytest

from regent.core.errors import GitHubNotFoundError
from regent.core.notes.contributors import Account
from regent.core.ports import MeteredGitHub
from tests.contract.ports import sent
from tests.gitrepo import commit_dates, git
from tests.remote import Remote

pytestmark = pytest.mark.contract

ANN = ("Ann", "1+ann@users.noreply.github.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
UNLINKED = ("Cy", "cy@example.org")
COMPARE = "GET repos/compare-commits"
LIST = "GET repos/list-commits"


def push_commits(remote: Remote, count: int, *, branch: str = "range") -> list[str]:
    """``count`` commits off ``base`` by Ann, the bot and Cy in turn, pushed as ``branch``."""
    work = remote.work.path
    git(work, "checkout", "--quiet", "-B", branch, remote.base)
    made = []
    for i in range(count):
        name, email = (ANN, BOT, UNLINKED)[i % 3]
        env = {**commit_dates(50_000 + i), "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
        git(work, "commit", "--quiet", "--allow-empty", "-m", f"fix: {i}", env=env)
        made.append(git(work, "rev-parse", "HEAD"))
    git(work, "checkout", "--quiet", "main")
    git(work, "push", "--quiet", str(remote.git_dir), f"+{branch}:refs/heads/{branch}")
    return made


def expected(made: list[str]) -> dict[str, Account]:
    ann = {sha: Account("ann") for sha in made[0::3]}
    return ann | {sha: Account("dependabot[bot]", is_bot=True) for sha in made[1::3]}


def test_a_range_of_150_commits_is_read_in_two_pages(port: MeteredGitHub, remote: Remote) -> None:
    made = push_commits(remote, 150)
    remote.forget()
    before = port.call_counts()

    accounts = port.commit_accounts(base=remote.base, head=made[-1])

    assert accounts == expected(made)
    assert port.call_counts().since(before)["commit_accounts"] == 2
    assert sent(remote, COMPARE, COMPARE)


def test_the_listing_stops_once_every_author_has_shown_up(
    port: MeteredGitHub, remote: Remote
) -> None:
    made = push_commits(remote, 150)
    remote.forget()
    before = port.call_counts()
    emails = {email.lower() for _, email in (ANN, BOT, UNLINKED)}

    accounts = port.commit_accounts(base=remote.base, head=made[-1], emails=emails)

    assert accounts == expected(made[:100])  # one page showed all three: GitHub links by email
    assert port.call_counts().since(before)["commit_accounts"] == 1
    assert sent(remote, COMPARE)


def test_a_first_release_lists_the_whole_history(port: MeteredGitHub, remote: Remote) -> None:
    made = push_commits(remote, 3)
    remote.forget()

    accounts = port.commit_accounts(base=None, head=made[-1])

    assert accounts == expected(made)  # the seeded commits' email is linked to no account
    assert sent(remote, LIST)


def test_a_commit_github_does_not_have(port: MeteredGitHub, remote: Remote) -> None:
    with pytest.raises(GitHubNotFoundError):
        port.commit_accounts(base=remote.base, head="0" * 40)


def test_generated_notes_list_the_merged_pull_requests(port: MeteredGitHub, remote: Remote) -> None:
    git(remote.work.path, "branch", "--quiet", "-f", "feature", remote.base)
    push_commits(remote, 1, branch="feature")
    number = remote.open_pull("feature", "main", title="Add search")
    merged = remote.merge(number)
    port.ensure_tag(tag="v1.0.0", sha=remote.first)
    remote.forget()

    text = port.generated_notes(tag="v1.1.0", target=merged, previous_tag="v1.0.0")

    assert text.startswith("## What's Changed\n* Add search by @")
    assert f"/pull/{number}\n\n**Full Changelog**: " in text
    assert text.endswith("/compare/v1.0.0...v1.1.0")
    assert sent(remote, "POST repos/generate-release-notes")
