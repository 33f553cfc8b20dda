"""What a comment command needs of the port, on the adapter against the simulator and on the
in-memory fake: a commenter's role, one pull request, reactions, keyed replies, floor labels and
the merged pull requests of a release range (one contract; paging and lost answers: the adapter
only, in test_github_steering_requests.py)."""

from __future__ import annotations

import re

import pytest

from regent.core.errors import GitHubNotFoundError, GitHubUnavailableError, GitHubValidationError
from regent.core.model import Outcome, PullState, instant
from regent.core.ports import MeteredGitHub
from tests.contract.ports import sent
from tests.remote import Remote, push_branch

pytestmark = pytest.mark.contract

FLOOR = "release-regent: bump-minor"
MARKER = re.compile(r"\n\n<!-- release-regent reply (\S+) -->$")


def feature_pull(remote: Remote, branch: str, *, body: str = "", base: str = "main") -> int:
    push_branch(remote, branch)
    number = remote.open_pull(branch, base, title=f"feat: {branch}")
    if body:
        remote.edit_pull(number, body=body)
    return number


@pytest.mark.parametrize(
    ("login", "role", "expected"),
    [
        ("acme", None, "admin"),
        ("alice", "admin", "admin"),
        ("maja", "maintain", "maintain"),
        ("wren", "write", "write"),
        ("tria", "triage", "triage"),
        ("rhea", "read", "read"),
        ("nobody", "none", "none"),
        ("passer-by", None, "read"),
        ("Maja", "maintain", "maintain"),
    ],
    ids=[
        "owner",
        "admin",
        "maintain",
        "write",
        "triage",
        "read",
        "none",
        "anyone on a public repository",
        "login in any case",
    ],
)
def test_a_logins_role(
    port: MeteredGitHub, remote: Remote, login: str, role: str | None, expected: str
) -> None:
    if role is not None:
        remote.set_role(login.lower(), role)
    remote.forget()
    assert port.permission(login) == expected
    assert sent(remote, "GET repos/get-collaborator-permission-level")
    assert port.call_counts()["permission"] == 1


def test_one_pull_request(port: MeteredGitHub, remote: Remote) -> None:
    number = feature_pull(remote, "feature/a", body="Adds a.\n\nBEGIN_COMMIT_OVERRIDE")
    remote.add_labels(number, [FLOOR])
    remote.forget()
    pull = port.pull(number)
    assert (pull.number, pull.title, pull.body) == (
        number,
        "feat: feature/a",
        "Adds a.\n\nBEGIN_COMMIT_OVERRIDE",
    )
    assert (pull.state, pull.merged, pull.merged_at, pull.labels) == (
        PullState.OPEN,
        False,
        None,
        (FLOOR,),
    )
    assert pull.author == "sim-user"
    assert sent(remote, "GET pulls/get")
    merge = remote.merge(number, method="squash")
    merged = port.pull(number)
    assert (merged.merged, merged.merge_commit_sha) == (True, merge)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", merged.merged_at or "")


def test_a_missing_pull_request_is_named(port: MeteredGitHub) -> None:
    with pytest.raises(GitHubNotFoundError, match=r"pull request #99 in acme/widget"):
        port.pull(99)


def test_reacting_to_a_comment_once(port: MeteredGitHub, remote: Remote) -> None:
    number = feature_pull(remote, "feature/a")
    comment = port.comment(number, "!release minor").value
    remote.forget()
    assert port.react(comment.id).outcome is Outcome.CREATED
    assert port.react(comment.id, "+1").outcome is Outcome.EXISTED
    assert port.react(comment.id, "rocket").outcome is Outcome.CREATED
    assert sent(remote, *["POST reactions/create-for-issue-comment"] * 3)
    assert remote.reactions(number) == {comment.id: {"+1": 1, "rocket": 1}}


def test_reactions_github_refuses(port: MeteredGitHub, remote: Remote) -> None:
    number = feature_pull(remote, "feature/a")
    comment = port.comment(number, "!release minor").value
    with pytest.raises(GitHubNotFoundError, match=r"comment 424242"):
        port.react(424242)
    with pytest.raises(GitHubValidationError):
        port.react(comment.id, "thumbs up")
    assert remote.reactions(number) == {comment.id: {}}


def test_a_reply_is_posted_once_per_key(port: MeteredGitHub, remote: Remote) -> None:
    number = feature_pull(remote, "feature/a")
    remote.forget()
    first = port.reply(number, key="1001-ab12", body="Release floor set: minor.\n")
    assert first.outcome is Outcome.CREATED
    assert first.value.body.startswith("Release floor set: minor.")
    assert MARKER.findall(first.value.body) == ["1001-ab12"]
    assert sent(remote, "GET issues/list-comments", "POST issues/create-comment")
    again = port.reply(number, key="1001-ab12", body="Release floor set: minor, again.")
    assert again.outcome is Outcome.EXISTED
    assert again.value == first.value
    other = port.reply(number, key="1002-ab12", body="Release floor set: minor.")
    assert other.outcome is Outcome.CREATED
    assert len(remote.comments(number)) == 2


def test_a_reply_key_is_not_found_inside_other_text(port: MeteredGitHub, remote: Remote) -> None:
    """A comment quoting the hidden line inside a sentence is not the reply."""
    number = feature_pull(remote, "feature/a")
    port.comment(number, "see <!-- release-regent reply 7-x --> here")
    assert port.reply(number, key="7-x", body="Done.").outcome is Outcome.CREATED


def test_replying_on_a_missing_pull_request(port: MeteredGitHub) -> None:
    with pytest.raises(GitHubNotFoundError, match=r"#99"):
        port.reply(99, key="1-a", body="hello")


def test_adding_and_removing_a_floor_label(port: MeteredGitHub, remote: Remote) -> None:
    number = feature_pull(remote, "feature/a")
    remote.add_labels(number, ["docs"])
    remote.forget()
    assert port.add_labels(number, [FLOOR]) == ("docs", FLOOR)
    assert port.add_labels(number, [FLOOR]) == ("docs", FLOOR)
    assert sent(remote, "POST issues/add-labels", "POST issues/add-labels")
    assert port.remove_label(number, FLOOR.upper()) is True
    assert port.remove_label(number, FLOOR) is False
    assert port.pull(number).labels == ("docs",)
    assert port.call_counts()["add_labels"] == 2
    assert port.call_counts()["remove_label"] == 2


def test_labels_on_a_missing_pull_request(port: MeteredGitHub) -> None:
    with pytest.raises(GitHubNotFoundError, match=r"#99"):
        port.add_labels(99, [FLOOR])
    with pytest.raises(GitHubNotFoundError, match=r"#99"):
        port.remove_label(99, FLOOR)


def test_the_merged_pull_requests_of_a_branch(port: MeteredGitHub, remote: Remote) -> None:
    remote.create_ref("refs/heads/develop", remote.base)
    first = feature_pull(
        remote, "feature/a", body="BEGIN_COMMIT_OVERRIDE\nfix: a\nEND_COMMIT_OVERRIDE"
    )
    remote.add_labels(first, [FLOOR])
    closed = feature_pull(remote, "feature/closed")
    elsewhere = feature_pull(remote, "feature/elsewhere", base="develop")
    feature_pull(remote, "feature/open")
    remote.merge(first, method="squash")
    remote.close_pull(closed)
    remote.merge(elsewhere, method="squash")
    second = feature_pull(remote, "feature/b")
    second_sha = remote.merge(second)
    remote.forget()
    merged = port.merged_pulls(base_branch="main", since=None)
    assert [pull.number for pull in merged] == [second, first]
    newest, oldest = merged
    assert (newest.merge_commit_sha, newest.base_branch, newest.author) == (
        second_sha,
        "main",
        "sim-user",
    )
    assert (oldest.body, oldest.labels) == (
        "BEGIN_COMMIT_OVERRIDE\nfix: a\nEND_COMMIT_OVERRIDE",
        (FLOOR,),
    )
    assert all(pull.merged and pull.merged_at for pull in merged)
    assert sent(remote, "GET pulls/list")
    assert [pull.number for pull in port.merged_pulls(base_branch="develop", since=None)] == [
        elsewhere
    ]


def test_merged_pull_requests_since_a_time(port: MeteredGitHub, remote: Remote) -> None:
    first = feature_pull(remote, "feature/a")
    remote.merge(first, method="squash")
    second = feature_pull(remote, "feature/b")
    remote.merge(second, method="squash")
    everything = port.merged_pulls(base_branch="main", since=None)
    at = {pull.number: pull.merged_at or "" for pull in everything}
    since = at[second]
    kept = [number for number in (second, first) if instant(at[number]) >= instant(since)]
    assert [pull.number for pull in port.merged_pulls(base_branch="main", since=since)] == kept
    offset = since.replace("Z", "+02:00")
    assert [pull.number for pull in port.merged_pulls(base_branch="main", since=offset)] == [
        number for number in (second, first) if instant(at[number]) >= instant(offset)
    ]
    assert port.merged_pulls(base_branch="main", since="2999-01-01T00:00:00Z") == ()
    assert port.merged_pulls(base_branch="main", since="2000-01-01") == everything


@pytest.mark.parametrize("operation", ["reply", "react", "add_labels", "remove_label"])
def test_a_write_github_keeps_failing_changes_nothing(
    port: MeteredGitHub, remote: Remote, operation: str
) -> None:
    number = feature_pull(remote, "feature/a")
    remote.add_labels(number, [FLOOR])
    comment = port.comment(number, "!release minor").value
    steps = {
        "reply": lambda: port.reply(number, key="1-a", body="Accepted."),
        "react": lambda: port.react(comment.id),
        "add_labels": lambda: port.add_labels(number, ["release-regent: bump-major"]),
        "remove_label": lambda: port.remove_label(number, FLOOR),
    }
    remote.fail(operation, times=10)
    with pytest.raises(GitHubUnavailableError):
        steps[operation]()
    remote.heal()
    assert remote.comments(number) == ["!release minor"]
    assert remote.reactions(number) == {comment.id: {}}
    assert port.pull(number).labels == (FLOOR,)
