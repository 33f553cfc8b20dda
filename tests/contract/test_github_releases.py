"""GitHub Releases through the port: created once, found again, never duplicated; the adapter
against the simulator and the in-memory fake, one contract (paging and lost answers: the
adapter only)."""

from __future__ import annotations

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.errors import GitHubValidationError
from regent.core.model import Ensured, Outcome, Release
from regent.core.ports import GitHubPort, MeteredGitHub
from tests.contract.conftest import Connect, World
from tests.contract.ports import sent
from tests.remote import Remote

pytestmark = pytest.mark.contract

NOTES = "## 1.1.0\n\n### Features\n\n- app\n"
BODY_LIMIT = 125_000
"""GitHub refuses a longer release body."""


def release(github: GitHubPort, *, tag: str = "v1.1.0", **options: object) -> Ensured[Release]:
    settings: dict[str, object] = {"name": tag, "body": NOTES} | options
    return github.ensure_release(tag=tag, **settings)  # type: ignore[arg-type]


def test_publishing_a_release(port: MeteredGitHub, remote: Remote) -> None:
    port.ensure_tag(tag="v1.1.0", sha=remote.base)
    remote.forget()
    published = release(port)
    assert published.outcome is Outcome.CREATED
    made = published.value
    assert (made.tag, made.name, made.body, made.draft, made.prerelease) == (
        "v1.1.0",
        "v1.1.0",
        NOTES,
        False,
        False,
    )
    assert made.html_url.endswith("/acme/widget/releases/tag/v1.1.0")
    assert "/releases/" in made.upload_url
    assert sent(remote, "POST repos/create-release")
    assert remote.state()["releases"][0]["tag_name"] == "v1.1.0"
    assert remote.state()["tags"]["v1.1.0"] == remote.base


def test_publishing_tags_the_default_branch_when_the_tag_is_new(
    port: MeteredGitHub, remote: Remote
) -> None:
    release(port)
    assert remote.state()["tags"]["v1.1.0"] == remote.base


def test_the_same_release_again_is_found_not_duplicated(
    port: MeteredGitHub, remote: Remote
) -> None:
    first = release(port)
    remote.forget()
    again = release(port)
    assert again.outcome is Outcome.EXISTED
    assert again.value == first.value
    assert sent(remote, "POST repos/create-release", "GET repos/get-release-by-tag")
    assert len(remote.state()["releases"]) == 1


def test_a_different_release_of_the_tag_is_reported(port: MeteredGitHub, remote: Remote) -> None:
    first = release(port)
    other = release(port, body="other notes")
    assert other.outcome is Outcome.DIFFERS
    assert other.value == first.value
    assert len(remote.state()["releases"]) == 1


def test_a_prerelease_not_marked_latest(port: MeteredGitHub, remote: Remote) -> None:
    release(port, tag="v1.0.0")
    made = release(port, tag="v1.1.0-rc.1", prerelease=True, latest=False).value
    assert made.prerelease
    assert remote.latest_release_tag() == "v1.0.0"


def test_latest_false_keeps_the_latest_release(port: MeteredGitHub, remote: Remote) -> None:
    release(port, tag="v2.0.0")
    release(port, tag="v1.9.1", latest=False)
    assert remote.latest_release_tag() == "v2.0.0"


def test_a_draft_is_created_once_and_tags_nothing(port: MeteredGitHub, remote: Remote) -> None:
    first = release(port, draft=True)
    again = release(port, draft=True)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert first.value.draft
    assert again.value == first.value
    assert [r["draft"] for r in remote.state()["releases"]] == [True]
    assert remote.state()["tags"] == {}


def test_notes_longer_than_github_takes_are_refused(port: MeteredGitHub, remote: Remote) -> None:
    with pytest.raises(GitHubValidationError):
        release(port, body="x" * (BODY_LIMIT + 1))
    assert remote.state()["releases"] == []


def test_a_draft_is_created_once(connect: Connect, world: World) -> None:
    github = connect(per_page=2)
    for n in range(3):
        release(github, tag=f"v0.{n}.0")
    world.forget()
    first = release(github, draft=True)
    again = release(github, draft=True)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.EXISTED)
    assert first.value.draft
    assert again.value == first.value
    assert world.calls() == [
        "GET repos/list-releases",
        "GET repos/list-releases",
        "POST repos/create-release",
        "GET repos/list-releases",
    ]
    assert [r["draft"] for r in world.state()["releases"]].count(True) == 1


@pytest.mark.parametrize(
    "fault", [{"drop": True}, {"status": 502}], ids=["dropped-connection", "bad-gateway"]
)
def test_a_release_published_before_its_answer_was_lost_is_not_repeated(
    github: GitHubAdapter, world: World, fault: dict[str, object]
) -> None:
    world.fault("POST", "/releases$", after=True, **fault)
    published = release(github)
    assert published.outcome is Outcome.EXISTED
    assert len(world.state()["releases"]) == 1
    assert world.calls() == ["POST repos/create-release", "GET repos/get-release-by-tag"]


def test_a_release_github_did_not_publish_is_sent_again(
    github: GitHubAdapter, world: World
) -> None:
    world.fault("POST", "/releases$", status=500)
    assert release(github).outcome is Outcome.CREATED
    assert world.calls() == [
        "POST repos/create-release",
        "GET repos/get-release-by-tag",
        "POST repos/create-release",
    ]
