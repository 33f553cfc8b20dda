"""Failures GitHub can throw at the adapter: outages, lost answers, slowness, refusals, limits."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from regent.adapters.github.adapter import GitHubConnection
from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import (
    GitHubAuthError,
    GitHubNotFoundError,
    GitHubPermissionError,
    GitHubRateLimitError,
    GitHubUnavailableError,
    GitHubValidationError,
)
from regent.core.model import Ensured, FileChange, Outcome, PullRequest, RepoRef
from tests.contract.conftest import FAST, Connect, World

pytestmark = pytest.mark.contract

BRANCH = "release-regent/main"
PULLS = r"/pulls$"
REFS = r"/git/refs$"


def open_pull(github: GitHubAdapter) -> Ensured[PullRequest]:
    return github.open_release_pull(
        head_branch=BRANCH, base_branch="main", title="chore(release): v1.1.0", body="notes"
    )


def assert_counted(github: GitHubAdapter, world: World) -> None:
    """The adapter's own count matches the simulator's log, request for request."""
    assert github.call_counts().total == len(world.requests())


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_read_survives_server_errors(github: GitHubAdapter, world: World, status: int) -> None:
    world.fault("GET", "/git/ref/heads/main", status=status, times=2)
    assert github.branch_head("main") == world.base
    assert [entry["status"] for entry in world.requests()] == [status, status, 200]
    assert github.call_counts()["branch_head"] == 3


def test_a_read_survives_a_dropped_connection(github: GitHubAdapter, world: World) -> None:
    world.fault("GET", "/git/ref/heads/main", drop=True)
    assert github.branch_head("main") == world.base
    assert [entry["status"] for entry in world.requests()] == [None, 200]
    assert_counted(github, world)


def test_a_read_gives_up_after_every_attempt(github: GitHubAdapter, world: World) -> None:
    world.fault("GET", "/git/ref/heads/main", status=502, times=10)
    with pytest.raises(GitHubUnavailableError) as failed:
        github.branch_head("main")
    assert failed.value.retryable
    assert "read branch main" in failed.value.message
    assert len(world.requests()) == FAST.attempts
    assert_counted(github, world)


def test_a_write_github_did_not_do_is_sent_again(github: GitHubAdapter, world: World) -> None:
    world.push_branch(BRANCH)
    world.fault("POST", PULLS, status=502, times=1)
    opened = open_pull(github)
    assert opened.outcome is Outcome.CREATED
    assert world.calls() == ["POST pulls/create", "GET pulls/list", "POST pulls/create"]
    assert len(world.state()["pulls"]) == 1
    assert_counted(github, world)


@pytest.mark.parametrize(
    "fault", [{"drop": True}, {"status": 502}], ids=["dropped-connection", "bad-gateway"]
)
def test_a_pull_request_opened_before_its_answer_was_lost_is_not_duplicated(
    github: GitHubAdapter, world: World, fault: dict[str, object]
) -> None:
    world.push_branch(BRANCH)
    world.fault("POST", PULLS, after=True, **fault)
    opened = open_pull(github)
    assert opened.outcome is Outcome.EXISTED
    assert [pull["number"] for pull in world.state()["pulls"]] == [opened.value.number]
    assert world.calls() == ["POST pulls/create", "GET pulls/list"]
    assert_counted(github, world)


def test_a_tag_created_before_its_answer_was_lost_is_not_repeated(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("POST", REFS, after=True, drop=True)
    tagged = github.ensure_tag(tag="v1.1.0", sha=world.base)
    assert tagged.outcome is Outcome.EXISTED
    assert world.state()["tags"] == {"v1.1.0": world.base}
    assert world.calls() == ["POST git/create-ref", "GET git/get-ref"]


def test_a_release_branch_written_before_its_answer_was_lost(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("POST", "/git/(trees|commits)$", after=True, drop=True, times=2)
    world.fault("POST", REFS, after=True, drop=True)
    sha = github.write_release_branch(
        branch=BRANCH,
        base_sha=world.base,
        files=[FileChange("VERSION", "1.1.0\n")],
        message="chore(release): v1.1.0",
        branch_exists=False,
    )
    assert world.state()["branches"][BRANCH] == sha
    assert world.calls()[-2:] == ["POST git/create-ref", "PATCH git/update-ref"]
    assert_counted(github, world)


def test_a_slow_answer_within_the_timeout_is_awaited(connect: Connect, world: World) -> None:
    github = connect(retry=replace(FAST, timeout=3))
    world.fault("GET", "/git/ref/heads/main", delay_s=0.5)
    assert github.branch_head("main") == world.base
    assert len(world.requests()) == 1


def test_a_read_that_times_out_is_retried(connect: Connect, world: World) -> None:
    github = connect(retry=replace(FAST, timeout=1))
    world.fault("GET", "/git/ref/heads/main", delay_s=1.5)
    assert github.branch_head("main") == world.base
    time.sleep(0.6)  # the slow first request is logged when the simulator finishes it
    assert len(world.requests()) == 2
    assert github.call_counts()["branch_head"] == 2


def test_a_write_that_times_out_is_rechecked_not_duplicated(connect: Connect, world: World) -> None:
    github = connect(retry=replace(FAST, timeout=1, backoff_base=2.0, backoff_max=2.0, jitter=0.0))
    world.push_branch(BRANCH)
    world.fault("POST", PULLS, delay_s=1.5)
    opened = open_pull(github)
    time.sleep(0.6)
    assert opened.outcome is Outcome.EXISTED
    assert len(world.state()["pulls"]) == 1


def test_bad_credentials(connect: Connect, world: World) -> None:
    world.token("revoked-token-0123456789", revoked=True)
    github = connect(token="revoked-token-0123456789")
    with pytest.raises(GitHubAuthError) as refused:
        github.branch_head("main")
    assert "invalid or expired" in refused.value.message
    assert "revoked-token-0123456789" not in refused.value.message
    assert len(world.requests()) == 1


def test_a_read_only_token_is_told_which_permission_it_lacks(
    connect: Connect, world: World
) -> None:
    world.token("read-only-token", permissions={"contents": "read", "pull_requests": "read"})
    github = connect(token="read-only-token")
    world.push_branch(BRANCH)
    with pytest.raises(GitHubPermissionError) as contents:
        github.ensure_tag(tag="v1.1.0", sha=world.base)
    with pytest.raises(GitHubPermissionError) as pulls:
        open_pull(github)
    assert contents.value.permission == "contents: write"
    assert pulls.value.permission == "pull-requests: write"
    assert "Resource not accessible by integration" in pulls.value.message
    assert "`permissions:` block" in pulls.value.message
    assert world.calls() == ["POST git/create-ref", "POST pulls/create"]


def test_a_missing_repository(session: GitHubConnection, world: World) -> None:
    github = session.for_repository(RepoRef("acme", "nope"))
    with pytest.raises(GitHubNotFoundError) as missing:
        github.release_pulls(head_branch=BRANCH, base_branch="main", label="pending", since=None)
    assert "found no repository acme/nope" in missing.value.message


def test_a_refused_write_carries_githubs_message(github: GitHubAdapter, world: World) -> None:
    with pytest.raises(GitHubValidationError) as refused:
        github.open_release_pull(
            head_branch="no-such-branch", base_branch="main", title="t", body=""
        )
    assert "Validation Failed" in refused.value.message
    assert world.calls() == ["POST pulls/create"]


def test_the_primary_rate_limit_is_waited_out(github: GitHubAdapter, world: World) -> None:
    world.client.post("/_sim/rate_limit", {"remaining": 0, "reset_in_s": 1})
    assert github.branch_head("main") == world.base
    assert [entry["status"] for entry in world.requests()] == [403, 200]
    assert_counted(github, world)


def test_a_primary_rate_limit_beyond_the_allowed_wait_says_when_to_retry(
    github: GitHubAdapter, world: World
) -> None:
    world.client.post("/_sim/rate_limit", {"remaining": 0, "reset_in_s": 3600})
    reset = world.client.get("/_sim/requests").headers["X-RateLimit-Reset"]
    with pytest.raises(GitHubRateLimitError) as limited:
        github.branch_head("main")
    assert limited.value.retryable
    assert limited.value.retry_at is not None
    assert abs(limited.value.retry_at.timestamp() - (int(reset) + 1)) <= 2
    assert "Retry after" in limited.value.message
    assert len(world.requests()) == 1


@pytest.mark.parametrize(("method", "status"), [("GET", 429), ("POST", 403)])
def test_a_secondary_rate_limit_is_retried_after_retry_after(
    github: GitHubAdapter, world: World, method: str, status: int
) -> None:
    world.push_branch(BRANCH)
    world.fault(method, PULLS, status=status, retry_after=1)
    started = time.monotonic()
    if method == "GET":
        found = github.release_pulls(head_branch=BRANCH, base_branch="main", label="x", since=None)
        assert found.open is None
    else:
        assert open_pull(github).outcome is Outcome.CREATED
    assert time.monotonic() - started >= 1.0
    assert [entry["status"] for entry in world.requests()] == [
        status,
        200 if method == "GET" else 201,
    ]
    assert len(world.state()["pulls"]) == (1 if method == "POST" else 0)


def test_a_secondary_rate_limit_without_retry_after_waits_the_configured_time(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("GET", "/git/ref/heads/main", status=403)
    assert github.branch_head("main") == world.base
    assert [entry["status"] for entry in world.requests()] == [403, 200]


def test_a_secondary_rate_limit_beyond_the_allowed_wait(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("GET", "/git/ref/heads/main", status=429, retry_after=60)
    with pytest.raises(GitHubRateLimitError) as limited:
        github.branch_head("main")
    assert "allowed up to 5s" in limited.value.message
    assert len(world.requests()) == 1
