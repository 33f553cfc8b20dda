"""The release pull request through the port: the adapter against the simulator and the
in-memory fake, one contract (paging and lost answers: the adapter only)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import GitHubNotFoundError, GitHubValidationError
from regent.core.model import Ensured, Outcome, PullRequest, PullState, ReleasePulls, instant
from regent.core.ports import GitHubPort, MeteredGitHub
from tests.contract.conftest import Connect, World
from tests.contract.ports import sent
from tests.contract.sim_remote import SimRemote
from tests.remote import Remote, push_branch

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
PENDING = "release-regent: pending"
RELEASED = "release-regent: released"


def open_pull(github: GitHubPort, *, draft: bool = False) -> Ensured[PullRequest]:
    return github.open_release_pull(
        head_branch=BRANCH,
        base_branch="main",
        title="chore(release): v1.1.0",
        body="notes\n<!-- release-regent {} -->",
        draft=draft,
    )


def release_pulls(
    github: GitHubPort, *, base: str = "main", since: str | None = None
) -> ReleasePulls:
    return github.release_pulls(head_branch=BRANCH, base_branch=base, label=PENDING, since=since)


def merged_release_pull(
    github: GitHubPort, remote: Remote, *, branch: str, labels: list[str]
) -> int:
    push_branch(remote, branch)
    number = github.open_release_pull(
        head_branch=branch, base_branch="main", title=f"chore(release): {branch}", body=""
    ).value.number
    github.set_labels(number, labels)
    remote.merge(number, method="squash")
    return number


def test_opening_the_release_pull_request(port: MeteredGitHub, remote: Remote) -> None:
    head = push_branch(remote, BRANCH)
    remote.forget()
    opened = open_pull(port)
    pull = opened.value
    assert opened.outcome is Outcome.CREATED
    assert (pull.title, pull.body) == (
        "chore(release): v1.1.0",
        "notes\n<!-- release-regent {} -->",
    )
    assert (pull.head_branch, pull.head_sha, pull.base_branch) == (BRANCH, head, "main")
    assert (pull.state, pull.merged, pull.merge_commit_sha, pull.draft) == (
        PullState.OPEN,
        False,
        None,
        False,
    )
    assert pull.labels == ()
    assert pull.html_url.endswith(f"/acme/widget/pull/{pull.number}")
    assert sent(remote, "POST pulls/create")


def test_opening_it_again_returns_the_open_one(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    remote.forget()
    first = open_pull(port)
    again = open_pull(port)
    assert again.outcome is Outcome.EXISTED
    assert again.value == first.value
    assert len(remote.state()["pulls"]) == 1
    assert sent(remote, "POST pulls/create", "POST pulls/create", "GET pulls/list")


def test_a_draft_release_pull_request(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    assert open_pull(port, draft=True).value.draft is True


def test_a_release_pull_request_from_a_missing_branch_is_refused(
    port: MeteredGitHub, remote: Remote
) -> None:
    with pytest.raises(GitHubValidationError):
        open_pull(port)
    assert remote.state()["pulls"] == []


def test_finding_the_open_release_pull_request(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    push_branch(remote, "feature/other")
    port.open_release_pull(
        head_branch="feature/other", base_branch="main", title="feat: other", body=""
    )
    assert release_pulls(port).open is None
    opened = open_pull(port).value
    remote.forget()
    assert release_pulls(port) == ReleasePulls(opened, (), (), None)
    assert release_pulls(port, base="develop").open is None
    assert sent(remote, "GET pulls/list", "GET pulls/list")
    assert port.call_counts()["release_pulls"] == 3


def test_updating_title_and_body(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    remote.forget()
    updated = port.update_release_pull(number, title="chore(release): v2.0.0", body="new")
    assert (updated.title, updated.body, updated.number) == (
        "chore(release): v2.0.0",
        "new",
        number,
    )
    only_body = port.update_release_pull(number, body="newer")
    assert (only_body.title, only_body.body) == ("chore(release): v2.0.0", "newer")
    assert sent(remote, "PATCH pulls/update", "PATCH pulls/update")


def test_updating_a_pull_request_github_lacks_is_not_found(port: MeteredGitHub) -> None:
    with pytest.raises(GitHubNotFoundError, match="#99"):
        port.update_release_pull(99, body="x")


def test_closing_it(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    closed = port.close_release_pull(number)
    again = port.close_release_pull(number)
    assert closed.state is again.state is PullState.CLOSED
    assert not closed.merged
    assert release_pulls(port).open is None


def test_setting_labels_creates_them_and_replaces_the_set(
    port: MeteredGitHub, remote: Remote
) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    remote.forget()
    assert port.set_labels(number, [PENDING, "autorelease"]) == (PENDING, "autorelease")
    assert port.set_labels(number, ["autorelease", RELEASED]) == ("autorelease", RELEASED)
    assert remote.state()["pulls"][0]["labels"] == ["autorelease", RELEASED]
    assert sent(remote, "PUT issues/set-labels", "PUT issues/set-labels")
    found = release_pulls(port).open
    assert found is not None
    assert found.labels == ("autorelease", RELEASED)


def test_labels_github_refuses_are_created_first(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    github.set_labels(number, ["autorelease"])
    world.fault("PUT", "/labels$", status=422, message="Validation Failed")
    world.forget()
    assert github.set_labels(number, [PENDING, "autorelease"]) == (PENDING, "autorelease")
    assert world.calls() == [
        "PUT issues/set-labels",
        "POST issues/create-label",
        "POST issues/create-label",
        "PUT issues/set-labels",
    ]


def test_one_listing_finds_the_release_pulls_and_every_merged_one(
    port: MeteredGitHub, remote: Remote
) -> None:
    other = merged_release_pull(port, remote, branch="release-regent/other", labels=[PENDING])
    released = merged_release_pull(port, remote, branch=BRANCH, labels=[RELEASED])
    first = merged_release_pull(port, remote, branch=BRANCH, labels=[PENDING])
    second = merged_release_pull(port, remote, branch=BRANCH, labels=["autorelease", PENDING])
    push_branch(remote, "feature/closed")
    closed = remote.open_pull("feature/closed", "main", title="feat: closed")
    remote.close_pull(closed)
    push_branch(remote, "feature/open")
    remote.open_pull("feature/open", "main", title="feat: open")
    push_branch(remote, BRANCH)
    still_open = open_pull(port).value.number
    port.set_labels(still_open, [PENDING])
    remote.forget()
    found = release_pulls(port)
    assert found.open is not None
    assert found.open.number == still_open
    assert [pull.number for pull in found.pending] == [second, first]
    assert found.pending[0].merged
    assert found.pending[0].merge_commit_sha == remote.state()["branches"]["main"]
    assert sent(remote, "GET pulls/list")
    assert [pull.number for pull in found.merged] == [second, first, released, other]
    assert found.since is None
    assert release_pulls(port, base="develop") == ReleasePulls(None, (), (), None)


def test_the_pending_label_is_matched_as_github_does_whatever_its_case(
    port: MeteredGitHub, remote: Remote
) -> None:
    merged_release_pull(port, remote, branch=BRANCH, labels=[RELEASED])
    spelt = merged_release_pull(port, remote, branch=BRANCH, labels=["Release-Regent: Pending"])
    assert [pull.number for pull in release_pulls(port).pending] == [spelt]
    assert remote.state()["pulls"][-1]["labels"] == ["Release-Regent: Pending"]


def test_closed_unmerged_release_pulls_are_neither_open_nor_pending(
    port: MeteredGitHub, remote: Remote
) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    port.set_labels(number, [PENDING])
    port.close_release_pull(number)
    assert release_pulls(port) == ReleasePulls(None, (), (), None)


def test_the_listing_reads_back_to_since(port: MeteredGitHub, remote: Remote) -> None:
    first = merged_release_pull(port, remote, branch=BRANCH, labels=[PENDING])
    second = merged_release_pull(port, remote, branch="feature/b", labels=[])
    at = {pull.number: pull.merged_at or "" for pull in release_pulls(port).merged}
    since = at[second]
    kept = [number for number in (second, first) if instant(at[number]) >= instant(since)]
    found = release_pulls(port, since=since.replace("Z", "+00:00"))
    assert [pull.number for pull in found.merged] == kept
    assert [pull.number for pull in found.pending] == ([first] if first in kept else [])
    assert found.since == since
    assert release_pulls(port, since="2999-01-01T00:00:00Z") == ReleasePulls(
        None, (), (), "2999-01-01T00:00:00Z"
    )


def test_paging_goes_on_until_since(connect: Connect, world: World) -> None:
    github = connect(per_page=2)
    remote = SimRemote(world)
    numbers = [
        merged_release_pull(github, remote, branch=BRANCH, labels=[PENDING]) for _ in range(5)
    ]
    world.forget()
    found = release_pulls(github)
    assert [pull.number for pull in found.pending] == numbers[::-1]
    assert [pull.number for pull in found.merged] == numbers[::-1]
    assert world.calls() == ["GET pulls/list"] * 3
    world.forget()
    assert release_pulls(github, since="2999-01-01T00:00:00Z").merged == ()
    assert world.calls() == ["GET pulls/list"]
    query = dict(parse_qsl(world.requests()[0]["query"]))
    assert query == {
        "state": "all",
        "base": "main",
        "sort": "updated",
        "direction": "desc",
        "per_page": "2",
    }


def test_a_finished_release_listed_first_does_not_stop_the_listing(
    port: MeteredGitHub, remote: Remote
) -> None:
    """A release PR released long ago and commented on since is listed before a newer one still
    pending (the fake's clock ticks: it is; the simulator's may not) and the listing reads on."""
    finished = merged_release_pull(port, remote, branch=BRANCH, labels=[RELEASED])
    pending = merged_release_pull(port, remote, branch=BRANCH, labels=[PENDING])
    port.comment(finished, "Released long ago")
    found = release_pulls(port)
    assert [pull.number for pull in found.pending] == [pending]
    assert {pull.number for pull in found.merged} == {finished, pending}
    assert isinstance(remote, SimRemote) or found.merged[0].number == finished


def test_commenting(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    remote.forget()
    first = port.comment(number, "Released v1.1.0")
    second = port.comment(number, "Released v1.1.0")
    assert first.outcome is second.outcome is Outcome.CREATED
    assert first.value.id != second.value.id
    assert first.value.body == "Released v1.1.0"
    assert f"/acme/widget/pull/{number}#issuecomment-" in first.value.html_url
    assert sent(remote, "POST issues/create-comment", "POST issues/create-comment")


def test_commenting_once_finds_the_same_text(port: MeteredGitHub, remote: Remote) -> None:
    push_branch(remote, BRANCH)
    number = open_pull(port).value.number
    first = port.comment(number, "Released v1.1.0")
    again = port.comment(number, "Released v1.1.0", once=True)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert again.value == first.value
    assert remote.comments(number) == ["Released v1.1.0"]


@pytest.mark.parametrize(
    "fault", [{"drop": True}, {"status": 503}], ids=["dropped-connection", "unavailable"]
)
def test_a_comment_posted_before_its_answer_was_lost_is_not_repeated(
    connect: Connect, world: World, fault: dict[str, object]
) -> None:
    github = connect(per_page=2)
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    for n in range(3):
        github.comment(number, f"earlier {n}")
    world.fault("POST", "/comments$", after=True, **fault)
    world.forget()
    posted = github.comment(number, "Released v1.1.0")
    assert posted.outcome is Outcome.EXISTED
    assert posted.value.body == "Released v1.1.0"
    assert world.calls() == ["POST issues/create-comment"] + ["GET issues/list-comments"] * 2
    comments = world.client.get(f"{world.api}/issues/{number}/comments?per_page=100").body
    assert [comment["body"] for comment in comments].count("Released v1.1.0") == 1


def test_a_comment_github_did_not_take_is_sent_again(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    number = open_pull(github).value.number
    world.fault("POST", "/comments$", status=502)
    world.forget()
    assert github.comment(number, "hello").outcome is Outcome.CREATED
    assert world.calls() == [
        "POST issues/create-comment",
        "GET issues/list-comments",
        "POST issues/create-comment",
    ]


def test_the_release_pulls_of_the_branches_under_the_release_branch_are_nested(
    port: MeteredGitHub, remote: Remote
) -> None:
    pending = merged_release_pull(port, remote, branch=f"{BRANCH}/cli", labels=[PENDING])
    merged_release_pull(port, remote, branch=f"{BRANCH}/web", labels=[RELEASED])
    merged_release_pull(port, remote, branch=f"{BRANCH}-x", labels=[PENDING])
    push_branch(remote, f"{BRANCH}/api")
    opened = port.open_release_pull(
        head_branch=f"{BRANCH}/api", base_branch="main", title="chore(release): api 1.1.0", body=""
    ).value.number
    remote.forget()
    found = release_pulls(port)
    assert sent(remote, "GET pulls/list"), "the one listing"
    assert [(pull.number, pull.head_branch) for pull in found.nested] == [
        (opened, f"{BRANCH}/api"),
        (pending, f"{BRANCH}/cli"),
    ]
    assert (found.open, found.pending) == (None, ())
