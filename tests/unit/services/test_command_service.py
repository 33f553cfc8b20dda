"""Comment commands through the command service, over a real checkout and the fake GitHub: who
may use each, what each changes, the one reply, the reaction, the audit line, replays."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from regent.core.commands import read_commands
from regent.core.release_pr.pin import read_pin
from regent.core.routing import Command
from regent.services.commands import CommandOutcome, CommandResult, CommandService
from tests.release_world import ReleaseWorld
from tests.remote import REPO, FakeRemote, push_branch

MAINTAINER = "alice"
READER = "bob"


@dataclass
class Steering:
    """``acme/widget`` with its release PR open, a maintainer and a reader."""

    world: ReleaseWorld
    fake: FakeRemote
    release_pr: int
    last_comment: int = 0

    def comment(
        self, body: str, *, on: int | None = None, author: str = MAINTAINER, action: str = "created"
    ) -> CommandOutcome:
        """Post ``body`` on pull request ``on`` (the release PR) and hand its commands over."""
        number = self.release_pr if on is None else on
        self.last_comment = self.fake.repository.add_comment(number, body).id
        return self.deliver(number, self.last_comment, body, author=author, action=action)

    def deliver(
        self, number: int, comment_id: int, body: str, *, author: str, action: str = "created"
    ) -> CommandOutcome:
        """The comment's route handed to a new command service (a run of a door)."""
        command = Command(
            repo=REPO,
            number=number,
            comment_id=comment_id,
            author=author,
            author_association=None,
            body=body,
            commands=read_commands(body),
            action=action,
            default_branch="main",
        )
        return self.service().handle(command)

    def service(self) -> CommandService:
        world = self.world
        return CommandService(
            github=world.github,
            repository=REPO.full_name,
            policy=lambda _base: world.policy,
            release=lambda base, policy: world.service(base=base),
        )

    def feature_pull(self, name: str = "gears") -> int:
        push_branch(self.fake, name)
        return self.fake.open_pull(name, "main", title=f"feat: {name}")

    def replies(self, number: int | None = None) -> list[str]:
        return self.fake.comments(self.release_pr if number is None else number)


@pytest.fixture
def steering(release_world: ReleaseWorld, fake: FakeRemote) -> Steering:
    release_world.tag_main("v1.0.0")
    release_world.merge_change("feat: gears")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    assert opened.version == "1.1.0"
    fake.set_role(MAINTAINER, "maintain")
    return Steering(release_world, fake, opened.pull_request.number)


def version_on_release_pr(steering: Steering) -> str:
    """The version the release PR's state marker holds."""
    marker = steering.world.marker(steering.release_pr)
    assert marker is not None
    return marker.version


def only(outcome: CommandOutcome) -> tuple[str, CommandResult]:
    [done] = outcome.commands
    return done.kind, done.result


def test_set_version_pins_the_release_pr_title_marker_and_files_with_a_reaction(
    steering: Steering, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="regent.audit"):
        outcome = steering.comment("!set-version 2.0.0")
    assert only(outcome) == ("set-version", CommandResult.ACCEPTED)
    pull = steering.world.pull(steering.release_pr)
    assert "2.0.0" in pull["title"]
    assert version_on_release_pr(steering) == "2.0.0"
    assert (
        "2.0.0" in steering.world.file_at("release-regent/main", "CHANGELOG.md").split("\n## ")[1]
    )
    assert list(steering.fake.reactions(steering.release_pr).values())[-1] == {"+1": 1}
    assert steering.replies()[-1] == "!set-version 2.0.0", "an accepted command gets no reply"
    audit = [r.getMessage() for r in caplog.records if r.name == "regent.audit"]
    assert audit == [
        f"who={MAINTAINER} what='!set-version 2.0.0' pr=acme/widget#{steering.release_pr} "
        "result=accepted"
    ]


def test_the_pin_holds_on_later_reconciles_and_auto_drops_it(steering: Steering) -> None:
    steering.comment("/release-regent set-version 2.0.0-rc.1")
    steering.world.merge_change("fix: bolts")
    again = steering.world.reconcile()
    assert again.version == "2.0.0-rc.1"
    pin = read_pin(again.pull_request)
    assert pin is not None
    assert pin.source == (
        f"!set-version by @{MAINTAINER} in #{steering.release_pr}, comment {steering.last_comment}"
    )
    outcome = steering.comment("!set-version auto")
    assert only(outcome) == ("set-version", CommandResult.ACCEPTED)
    assert outcome.release is not None
    assert outcome.release.version == "1.1.0"
    assert steering.world.reconcile().version == "1.1.0"


def test_the_same_comment_delivered_twice_acts_once(steering: Steering) -> None:
    first = steering.comment("!set-version 2.0.0")
    steering.fake.forget()
    again = steering.deliver(
        steering.release_pr, steering.last_comment, "!set-version 2.0.0", author=MAINTAINER
    )
    assert only(first)[1] is CommandResult.ACCEPTED
    assert only(again)[1] is CommandResult.REPLAYED
    assert [w for w in steering.fake.writes() if w != "react"] == [], "the PR is left as it is"
    assert list(steering.fake.reactions(steering.release_pr).values())[-1] == {"+1": 1}


def test_an_older_comment_delivered_again_does_not_undo_a_later_pin(steering: Steering) -> None:
    steering.comment("!set-version 2.0.0")
    older = steering.last_comment
    steering.comment("!set-version 3.0.0")
    steering.fake.forget()
    again = steering.deliver(steering.release_pr, older, "!set-version 2.0.0", author=MAINTAINER)
    assert only(again) == ("set-version", CommandResult.REPLAYED)
    assert again.commands[0].message.startswith("a later command decides the version: ")
    assert version_on_release_pr(steering) == "3.0.0"
    assert steering.fake.writes() == []


def test_an_edited_comment_is_read_again(steering: Steering) -> None:
    steering.comment("!set-version 2.0.0")
    edited = steering.deliver(
        steering.release_pr,
        steering.last_comment,
        "!set-version 3.0.0",
        author=MAINTAINER,
        action="edited",
    )
    assert only(edited) == ("set-version", CommandResult.ACCEPTED)
    assert version_on_release_pr(steering) == "3.0.0"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("!set-version 1.0.0", "not above the last release 1.0.0"),
        ("!set-version 0.9.0", "not above the last release 1.0.0"),
        ("!set-version banana", "banana"),
    ],
    ids=["equal-to-last", "below-last", "not-a-version"],
)
def test_a_version_that_cannot_be_pinned_is_refused_with_a_reply(
    steering: Steering, body: str, says: str
) -> None:
    outcome = steering.comment(body)
    assert only(outcome) == ("set-version", CommandResult.REFUSED)
    reply = steering.replies()[-1]
    assert reply.startswith(f"@{MAINTAINER} `{body}`: ")
    assert says in reply
    assert version_on_release_pr(steering) == "1.1.0"


def test_set_version_elsewhere_is_refused_naming_the_release_pr(steering: Steering) -> None:
    number = steering.feature_pull()
    outcome = steering.comment("!set-version 2.0.0", on=number)
    assert only(outcome) == ("set-version", CommandResult.REFUSED)
    assert "release-regent/main" in steering.replies(number)[-1]


@pytest.mark.parametrize("body", ["!set-version 2.0.0", "!release major"])
def test_a_reader_is_denied_politely_and_nothing_changes(steering: Steering, body: str) -> None:
    number = steering.release_pr if body.startswith("!set") else steering.feature_pull()
    steering.fake.forget()
    outcome = steering.comment(body, on=number, author=READER)
    assert only(outcome)[1] is CommandResult.DENIED
    reply = steering.replies(number)[-1]
    assert reply.startswith(f"@{READER} `{body}`: only people with write, maintain or admin")
    assert "your permission is read" in reply
    assert [w for w in steering.fake.writes() if w != "reply"] == []
    assert version_on_release_pr(steering) == "1.1.0"


def test_release_floor_labels_the_pull_request_and_replaces_another_floor(
    steering: Steering,
) -> None:
    number = steering.feature_pull()
    assert only(steering.comment("!release minor", on=number))[1] is CommandResult.ACCEPTED
    assert steering.world.pull(number)["labels"] == ["release-regent: bump-minor"]
    assert only(steering.comment("!release major", on=number))[1] is CommandResult.ACCEPTED
    assert steering.world.pull(number)["labels"] == ["release-regent: bump-major"]


def test_a_floor_raises_the_release_once_its_pull_request_is_merged(steering: Steering) -> None:
    number = steering.feature_pull()
    steering.comment("!release major", on=number)
    assert steering.world.reconcile().version == "1.1.0", "not merged yet: no floor"
    steering.fake.merge(number)
    raised = steering.world.reconcile()
    assert raised.version == "2.0.0"
    assert "release-regent: bump-major" in raised.decision.plan_reason


@pytest.mark.parametrize("closed", [False, True], ids=["release-pr", "closed-pr"])
def test_release_floor_is_refused_on_the_release_pr_and_closed_prs(
    steering: Steering, closed: bool
) -> None:
    number = steering.release_pr
    if closed:
        number = steering.feature_pull()
        steering.fake.close_pull(number)
    outcome = steering.comment("!release minor", on=number)
    assert only(outcome) == ("release", CommandResult.REFUSED)
    assert steering.world.pull(number)["labels"] in ([], ["release-regent: pending"])


def test_explain_is_open_to_everyone_and_replies_with_the_next_version(steering: Steering) -> None:
    number = steering.feature_pull()
    outcome = steering.comment("!release-regent explain", on=number, author=READER)
    assert only(outcome) == ("explain", CommandResult.ACCEPTED)
    reply = steering.replies(number)[-1]
    assert f"the next release of `main` is **1.1.0** (#{number} counts once it is merged)." in reply
    assert "Why: 1 minor-level change since v1.0.0 (" in reply
    assert f"- leave release PR #{steering.release_pr} as it is" in reply
    assert reply.endswith("-->"), "the reply carries its hidden key"
    steering.fake.forget()
    again = steering.deliver(
        number, steering.last_comment, "!release-regent explain", author=READER
    )
    assert only(again)[1] is CommandResult.REPLAYED
    assert steering.replies(number).count(reply) == 1


def test_explain_on_a_branch_without_releases_says_so(steering: Steering) -> None:
    push_branch(steering.fake, "topic")
    push_branch(steering.fake, "fix-it")
    number = steering.fake.open_pull("fix-it", "topic", title="fix: it")
    outcome = steering.comment("!release-regent explain", on=number, author=READER)
    assert only(outcome) == ("explain", CommandResult.REFUSED)
    assert "topic is not a base branch: releases are made from main" in steering.replies(number)[-1]


def test_an_invalid_command_gets_the_accepted_forms(steering: Steering) -> None:
    outcome = steering.comment("!release huge", author=READER)
    assert only(outcome) == ("invalid", CommandResult.INVALID)
    reply = steering.replies()[-1]
    assert "release takes one level: major, minor or patch" in reply
    assert "The accepted forms:" in reply


def test_permission_is_asked_once_for_every_command_of_a_comment(steering: Steering) -> None:
    number = steering.feature_pull()
    steering.fake.forget()
    outcome = steering.comment("!release minor\n!release major", on=number)
    assert [d.result for d in outcome.commands] == [CommandResult.ACCEPTED] * 2
    assert steering.fake.calls().count("permission") == 1
    assert steering.fake.calls().count("pull") == 1
