"""GitHub Releases through the adapter: created once, found again, never duplicated."""

from __future__ import annotations

import pytest

from regent.adapters.github.adapter import GitHubAdapter
from regent.core.model import Ensured, Outcome, Release
from tests.contract.conftest import Connect, World

pytestmark = pytest.mark.contract

NOTES = "## 1.1.0\n\n### Features\n\n- app\n"


def release(github: GitHubAdapter, *, tag: str = "v1.1.0", **options: object) -> Ensured[Release]:
    settings: dict[str, object] = {"name": tag, "body": NOTES} | options
    return github.ensure_release(tag=tag, **settings)  # type: ignore[arg-type]


def test_publishing_a_release(github: GitHubAdapter, world: World) -> None:
    github.ensure_tag(tag="v1.1.0", sha=world.base)
    world.forget()
    published = release(github)
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
    assert world.calls() == ["POST repos/create-release"]
    assert world.state()["releases"][0]["tag_name"] == "v1.1.0"


def test_the_same_release_again_is_found_not_duplicated(
    github: GitHubAdapter, world: World
) -> None:
    first = release(github)
    world.forget()
    again = release(github)
    assert again.outcome is Outcome.EXISTED
    assert again.value == first.value
    assert world.calls() == ["POST repos/create-release", "GET repos/get-release-by-tag"]
    assert len(world.state()["releases"]) == 1


def test_a_different_release_of_the_tag_is_reported(github: GitHubAdapter, world: World) -> None:
    first = release(github)
    other = release(github, body="other notes")
    assert other.outcome is Outcome.DIFFERS
    assert other.value == first.value
    assert len(world.state()["releases"]) == 1


def test_a_prerelease_not_marked_latest(github: GitHubAdapter, world: World) -> None:
    release(github, tag="v1.0.0")
    made = release(github, tag="v1.1.0-rc.1", prerelease=True, latest=False).value
    assert made.prerelease
    latest = world.client.get(f"{world.api}/releases/latest").body
    assert latest["tag_name"] == "v1.0.0"


def test_latest_false_keeps_the_latest_release(github: GitHubAdapter, world: World) -> None:
    release(github, tag="v2.0.0")
    release(github, tag="v1.9.1", latest=False)
    assert world.client.get(f"{world.api}/releases/latest").body["tag_name"] == "v2.0.0"


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
