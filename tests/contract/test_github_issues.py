"""The GitHub adapter's issue tracker against the simulator: open issues by label (pull requests
left out), opening one (once, even when its answer is lost), commenting and closing; each an
exact number of requests."""

from __future__ import annotations

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import GitHubPermissionError
from regent.core.notifications_ports import TrackedIssue
from tests.contract.conftest import Connect, World

pytestmark = pytest.mark.contract

LABEL = "release-regent: failure"


def test_open_close_and_list_by_label(github: GitHubAdapter, world: World) -> None:
    world.client.post(f"{world.api}/issues", {"title": "someone else's", "labels": ["bug"]})
    opened = github.open_issue(title="failed on main", body="why", labels=(LABEL,))
    assert opened.title == "failed on main"
    world.forget()
    assert github.open_issues(label=LABEL) == (opened,)
    github.comment_on_issue(opened.number, "again")
    github.close_issue(opened.number)
    assert github.open_issues(label=LABEL) == ()
    assert world.calls() == [
        "GET issues/list-for-repo",
        "POST issues/create-comment",
        "PATCH issues/update",
        "GET issues/list-for-repo",
    ]
    comments = world.client.get(f"{world.api}/issues/{opened.number}/comments").body
    assert [comment["body"] for comment in comments] == ["again"]


def test_pull_requests_carrying_the_label_are_not_issues(
    github: GitHubAdapter, world: World
) -> None:
    world.push_branch("feature", files={"a.txt": "a"})
    pull = world.client.post(
        f"{world.api}/pulls", {"title": "feat: a", "head": "feature", "base": "main"}
    ).body
    world.client.post(f"{world.api}/issues/{pull['number']}/labels", {"labels": [LABEL]})
    assert github.open_issues(label=LABEL) == ()


def test_an_issue_whose_answer_was_lost_is_found_not_opened_twice(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("POST", "/issues$", after=True, drop=True)
    opened = github.open_issue(title="failed on main", body="why", labels=(LABEL,))
    assert opened == TrackedIssue(opened.number, "failed on main")
    listed = world.client.get(f"{world.api}/issues?labels=release-regent:%20failure").body
    assert [issue["number"] for issue in listed] == [opened.number]


def test_a_token_without_issues_write_is_told_what_to_grant(connect: Connect, world: World) -> None:
    world.token("issues-read", permissions={"issues": "read", "contents": "write"})
    limited = connect(token="issues-read")
    with pytest.raises(GitHubPermissionError) as refused:
        limited.open_issue(title="x", body="y", labels=(LABEL,))
    assert "the token needs `issues: write`" in refused.value.message
