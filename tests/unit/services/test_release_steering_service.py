"""Steering the release PR through the release service: the maintainers' notes and the pin."""

from __future__ import annotations

import logging

import pytest

from regent.adapters.git.history import GitHistory
from regent.core.errors import InvalidVersionError, RegentError
from regent.core.release_pr.maintainer_notes import (
    CLOSING_LINE,
    OPENING_LINE,
    read_maintainer_notes,
)
from regent.core.release_pr.pin import VersionPin
from regent.runtimes.wiring import base_branch_renderer
from regent.services.release import Overrides, ReconcileOutcome, ReleaseService
from tests.release_world import BRANCH, ReleaseWorld

NOTES = "Upgrade with care: the **config format** changed.\n\n* see the migration guide"
PIN = VersionPin("2.0.0", "!set-version by @alice in #3")


def write_notes(release_world: ReleaseWorld, number: int, notes: str) -> None:
    """Type ``notes`` below the opening line in GitHub's editor (which sends CRLF line ends)."""
    body = release_world.pull(number)["body"]
    edited = body.replace(f"{OPENING_LINE}\n", f"{OPENING_LINE}\n\n{notes}\n", 1)
    release_world.remote.edit_pull(number, body=edited.replace("\n", "\r\n"))


def opened_number(release_world: ReleaseWorld, **options: object) -> int:
    outcome = release_world.reconcile(**options)  # type: ignore[arg-type]
    assert outcome.pull_request is not None
    return outcome.pull_request.number


def test_notes_survive_every_update_and_open_the_release(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world)
    assert read_maintainer_notes(release_world.pull(number)["body"]) == ""
    write_notes(release_world, number, NOTES)
    release_world.merge_change("fix: a later repair")
    assert release_world.reconcile().events == ("release_pr_updated",)
    body = release_world.pull(number)["body"]
    assert read_maintainer_notes(body) == NOTES
    assert body.count("Upgrade with care") == 2  # the section, and the notes it previews
    assert "\r" not in body
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.startswith(f"# Changelog\n\n## 0.1.0 (2026-11-26)\n\n{NOTES}\n\n### Features")
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    release_world.remote.merge(number)
    assert release_world.reconcile().events == ("released", "nothing_to_release")
    (release,) = release_world.releases()
    assert release["body"].startswith(f"{NOTES}\n\n### Features\n\n* app (")
    assert f"## 0.1.0 (2026-11-26)\n\n{NOTES}\n\n" in release_world.file_at(
        "v0.1.0", "CHANGELOG.md"
    )


def test_notes_written_just_before_the_merge_reach_the_release(
    release_world: ReleaseWorld,
) -> None:
    number = opened_number(release_world)
    write_notes(release_world, number, "Last-minute word.")
    release_world.remote.merge(number)
    release_world.reconcile()
    (release,) = release_world.releases()
    assert release["body"].startswith("Last-minute word.\n\n### Features")


def test_the_next_release_pr_starts_without_notes(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world)
    write_notes(release_world, number, NOTES)
    release_world.remote.merge(number)
    release_world.reconcile()
    release_world.merge_change("feat: the next thing")
    following = opened_number(release_world)
    assert following != number
    assert read_maintainer_notes(release_world.pull(following)["body"]) == ""
    assert NOTES not in release_world.file_at(BRANCH, "CHANGELOG.md").split("## 0.1.0")[0]


def test_a_notes_heading_cannot_split_the_changelog_entry(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world)
    write_notes(release_world, number, "## Highlights\n\nFaster.")
    assert release_world.reconcile().events == ("release_pr_updated",)
    assert read_maintainer_notes(release_world.pull(number)["body"]) == "#### Highlights\n\nFaster."
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "## 0.1.0 (2026-11-26)\n\n#### Highlights\n\nFaster.\n\n### Features" in changelog


def test_commit_text_cannot_write_the_maintainers_notes(release_world: ReleaseWorld) -> None:
    forged = f"{OPENING_LINE}\n\nforged notes\n\n{CLOSING_LINE}"
    release_world.merge_change(f"feat!: new gears\n\nBREAKING CHANGE: gears\n{forged}")
    number = opened_number(release_world)
    assert read_maintainer_notes(release_world.pull(number)["body"]) == ""
    body = release_world.pull(number)["body"]
    release_world.remote.edit_pull(number, body=body.split(f"{CLOSING_LINE}\n", 1)[1])
    release_world.reconcile()
    assert read_maintainer_notes(release_world.pull(number)["body"]) == ""
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.startswith("# Changelog\n\n## 0.1.0 (2026-11-26)\n\n### ⚠ Breaking Changes")


def test_a_pin_sets_the_title_files_and_marker_and_stays(release_world: ReleaseWorld) -> None:
    release_world.merge_change("feat: package it", files={"package.json": '{"version": "0.0.0"}\n'})
    number = opened_number(release_world)
    pinned = release_world.reconcile(overrides=Overrides(pin=PIN))
    assert (pinned.events, pinned.version) == (("release_pr_updated",), "2.0.0")
    assert release_world.pull(number)["title"] == "chore(release): v2.0.0"
    assert '"version": "2.0.0"' in release_world.file_at(BRANCH, "package.json")
    assert "## 2.0.0 (2026-11-26)" in release_world.file_at(BRANCH, "CHANGELOG.md")
    marker = release_world.marker(number)
    assert marker is not None
    assert (marker.version, marker.pin) == ("2.0.0", PIN)
    assert "version 0.1.0 -> 2.0.0" in str(pinned.decision)
    assert "2.0.0 pinned by !set-version by @alice in #3" in str(pinned.decision)
    release_world.merge_change("fix: later")
    kept = release_world.reconcile()
    assert (kept.events, kept.version) == (("release_pr_updated",), "2.0.0")
    marker = release_world.marker(number)
    assert marker is not None
    assert marker.pin == PIN
    assert release_world.reconcile().events == ("release_pr_unchanged",)


def test_unpin_goes_back_to_the_computed_version(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world, overrides=Overrides(pin=PIN))
    assert release_world.pull(number)["title"] == "chore(release): v2.0.0"
    unpinned = release_world.reconcile(overrides=Overrides(unpin=True))
    assert (unpinned.events, unpinned.version) == (("release_pr_updated",), "0.1.0")
    assert release_world.pull(number)["title"] == "chore(release): v0.1.0"
    marker = release_world.marker(number)
    assert marker is not None
    assert marker.pin is None
    assert release_world.reconcile().version == "0.1.0"


def test_a_release_as_input_wins_for_its_run_only(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world, overrides=Overrides(pin=PIN))
    forced = release_world.reconcile(overrides=Overrides(release_as="3.0.0"))
    assert forced.version == "3.0.0"
    marker = release_world.marker(number)
    assert marker is not None
    assert marker.pin == PIN
    assert release_world.reconcile().version == "2.0.0"


def test_the_pin_is_gone_after_its_release(release_world: ReleaseWorld) -> None:
    number = opened_number(release_world, overrides=Overrides(pin=PIN))
    release_world.remote.merge(number)
    assert release_world.reconcile().events == ("released", "nothing_to_release")
    assert [release["tag_name"] for release in release_world.releases()] == ["v2.0.0"]
    release_world.merge_change("fix: after the major")
    following = release_world.reconcile()
    assert (following.events, following.version) == (("release_pr_opened",), "2.0.1")
    assert following.pull_request is not None
    marker = release_world.marker(following.pull_request.number)
    assert marker is not None
    assert marker.pin is None


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("2.0.0", None),
        ("1.0.0-rc.1", None),
        ("0.9.0", "0.9.0 is not above the last release 0.9.0; give a higher version, or `auto`"),
        ("0.1.0", "0.1.0 is not above the last release 0.9.0; give a higher version, or `auto`"),
        ("v2.0.0", "v2.0.0: a leading 'v' is not part of a SemVer version"),
    ],
)
def test_check_pin_refuses_a_version_not_above_the_last_release(
    release_world: ReleaseWorld, version: str, problem: str | None
) -> None:
    release_world.tag_main("v0.9.0")
    found = release_world.service().check_pin("main", version)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem)


def test_a_new_pin_not_above_the_last_release_is_refused(release_world: ReleaseWorld) -> None:
    release_world.tag_main("v0.9.0")
    release_world.merge_change("fix: after 0.9.0")
    with pytest.raises(InvalidVersionError, match=r"asks for 0\.9\.0, which is not above"):
        release_world.reconcile(overrides=Overrides(pin=VersionPin("0.9.0", "!set-version")))


def test_a_pin_overtaken_by_a_tag_made_by_hand_is_dropped(
    release_world: ReleaseWorld, caplog: pytest.LogCaptureFixture
) -> None:
    number = opened_number(release_world, overrides=Overrides(pin=PIN))
    release_world.tag_main("v2.0.0")
    release_world.merge_change("fix: after the hand-made tag")
    with caplog.at_level(logging.WARNING):
        outcome = release_world.reconcile()
    assert outcome.version == "2.0.1"
    assert "the pinned version is dropped" in caplog.text
    marker = release_world.marker(number)
    assert marker is not None
    assert marker.pin is None


# -- bump floors, used up by the release that holds their pull requests -----------------------

FLOOR = "release-regent: bump-minor"


def steered(release_world: ReleaseWorld) -> ReleaseService:
    """The release service reading merged pull requests for their floors and overrides."""
    history = GitHistory(release_world.checkout)
    return ReleaseService(
        github=release_world.github,
        history=history,
        renderer=base_branch_renderer(history, policy=release_world.policy, base_branch="main"),
        policy=release_world.policy,
        today=lambda: release_world.today,
        calls=release_world.github.call_counts,
        pulls=release_world.github,
    )


def merge_with_floor(release_world: ReleaseWorld, message: str) -> int:
    """A pull request labelled with a minor floor (``!release minor``), merged; its number."""
    release_world.push("floored", start="origin/main", message=message, files={"f.txt": "x\n"})
    number = release_world.remote.open_pull("floored", "main", title=message)
    release_world.remote.add_labels(number, [FLOOR, "keep me"])
    release_world.remote.merge(number)
    return number


def test_floor_labels_are_taken_off_once_their_release_is_published(
    release_world: ReleaseWorld,
) -> None:
    release_world.tag_main("v1.0.0")
    floored = merge_with_floor(release_world, "fix: small but announced")
    opened = steered(release_world).reconcile("main")
    assert isinstance(opened, ReconcileOutcome)
    assert opened.version == "1.1.0"
    assert opened.pull_request is not None
    release_world.remote.merge(opened.pull_request.number)
    published = steered(release_world).reconcile("main")
    assert isinstance(published, ReconcileOutcome)
    assert published.events == ("released", "nothing_to_release")
    assert "take the bump-floor labels off #" in str(published.decision)
    assert release_world.pull(floored)["labels"] == ["keep me"]
    release_world.remote.forget()
    again = steered(release_world).reconcile("main")
    assert isinstance(again, ReconcileOutcome)
    assert again.events == ("nothing_to_release",)
    assert release_world.remote.writes() == []


def test_a_publish_stopped_before_its_done_label_takes_the_floor_off_once(
    release_world: ReleaseWorld,
) -> None:
    release_world.tag_main("v1.0.0")
    floored = merge_with_floor(release_world, "fix: small but announced")
    opened = steered(release_world).reconcile("main")
    assert isinstance(opened, ReconcileOutcome)
    assert opened.pull_request is not None
    release_world.remote.merge(opened.pull_request.number)
    release_world.remote.fail("set_labels", times=1)
    with pytest.raises(RegentError):
        steered(release_world).reconcile("main")
    assert release_world.pull(floored)["labels"] == ["keep me"]
    release_world.remote.heal()
    finished = steered(release_world).reconcile("main")
    assert isinstance(finished, ReconcileOutcome)
    assert finished.events == ("released", "nothing_to_release")
    assert [release["tag_name"] for release in release_world.releases()] == ["v1.1.0"]
    assert release_world.pull(floored)["labels"] == ["keep me"]
