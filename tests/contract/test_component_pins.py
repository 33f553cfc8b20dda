"""``!set-version`` per component on a monorepo's release PRs, through the command service and the
release service over the simulator: the named form on the release PR for all components, the
plain form on a component's own release PR, a linked group pinned whole, the pin kept by later
runs until dropped, and the replies for a form that cannot apply (docs/steering.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pytest

from regent.core.commands import read_commands
from regent.core.release_pr.marker import ComponentVersion, VersionPin
from regent.core.routing import Command
from regent.services.commands import CommandOutcome, CommandResult, CommandService
from tests.contract.component_world import CONFIG, configured, monorepo
from tests.contract.test_component_separate_prs import API, CLI, SEPARATE, by_branch
from tests.release_world import BRANCH, ReleaseWorld
from tests.remote import REPO

__all__ = ["monorepo"]  # the fixture

pytestmark = pytest.mark.contract

MAINTAINER = "alice"


@dataclass
class Commenting:
    """A maintainer commenting on ``acme/widget``'s release PRs; each comment handed to a new
    command service, as a door's run does."""

    world: ReleaseWorld
    last: int = 0
    """The id of the last comment made."""

    def comment(self, number: int, body: str, *, action: str = "created") -> CommandOutcome:
        world = self.world
        api = f"/repos/{REPO.full_name}"
        made = world.remote.world.client.post(f"{api}/issues/{number}/comments", {"body": body})  # type: ignore[attr-defined]
        assert made.status == 201, made.body
        self.last = int(made.body["id"])
        return self.deliver(number, self.last, body, action=action)

    def deliver(self, number: int, comment_id: int, body: str, *, action: str) -> CommandOutcome:
        world = self.world
        service = CommandService(
            github=world.github,
            repository=REPO.full_name,
            policy=lambda _base: world.policy,
            release=lambda base, policy: world.service(base=base),
        )
        command = Command(
            repo=REPO,
            number=number,
            comment_id=comment_id,
            author=MAINTAINER,
            author_association=None,
            body=body,
            commands=read_commands(body),
            action=action,
            default_branch="main",
        )
        return service.handle(command)

    def components(self, number: int) -> dict[str, ComponentVersion]:
        marker = self.world.marker(number)
        assert marker is not None
        return {item.name: item for item in marker.components}


def started(world: ReleaseWorld) -> Commenting:
    world.reconcile()
    world.remote.set_role(MAINTAINER, "maintain")
    return Commenting(world)


def only(outcome: CommandOutcome) -> tuple[str, CommandResult, str]:
    (done,) = outcome.commands
    return done.line, done.result, done.message


def test_a_component_is_pinned_on_the_release_pr_for_all_and_kept_until_dropped(
    monorepo: ReleaseWorld,
) -> None:
    people = started(monorepo)
    (pull,) = monorepo.open_pulls()
    number = cast(int, pull["number"])
    outcome = people.comment(number, "!set-version api 2.0.0")
    assert only(outcome) == (
        "!set-version api 2.0.0",
        CommandResult.ACCEPTED,
        "api pinned to 2.0.0",
    )
    assert monorepo.pull(number)["title"] == "chore(release): api 2.0.0, cli 0.3.1"
    shown = people.components(number)
    assert shown["api"].version == "2.0.0"
    source = f"!set-version by @alice in #{number}, comment {people.last}"
    assert shown["api"].pin == VersionPin("2.0.0", source)
    assert shown["cli"].pin is None, "the other component keeps its planned version"
    assert '"version": "2.0.0"' in monorepo.file_at(BRANCH, "packages/api/package.json")
    assert "## 2.0.0" in monorepo.file_at(BRANCH, "packages/api/CHANGELOG.md")

    monorepo.merge_change("feat(api): more", files={"packages/api/more.txt": "m\n"})
    monorepo.merge_change("feat(cli): more", files={"packages/cli/more.txt": "m\n"})
    monorepo.reconcile()
    assert monorepo.pull(number)["title"] == "chore(release): api 2.0.0, cli 0.4.0", "kept"

    dropped = people.comment(number, "!set-version api auto")
    assert only(dropped)[1:] == (CommandResult.ACCEPTED, "api back to the planned version")
    assert monorepo.pull(number)["title"] == "chore(release): api 1.1.0, cli 0.4.0"
    assert people.components(number)["api"].pin is None


def test_the_same_comment_again_is_a_replay_and_a_later_pin_wins(monorepo: ReleaseWorld) -> None:
    people = started(monorepo)
    (pull,) = monorepo.open_pulls()
    number = cast(int, pull["number"])
    first = people.comment(number, "!set-version cli 1.0.0")
    first_id = people.last
    people.comment(number, "!set-version cli 2.0.0")
    again = people.deliver(number, first_id, "!set-version cli 1.0.0", action="created")
    assert only(first)[1] == CommandResult.ACCEPTED
    assert only(again)[1] == CommandResult.REPLAYED
    assert people.components(number)["cli"].version == "2.0.0"


def test_a_linked_group_is_pinned_whole(monorepo: ReleaseWorld) -> None:
    configured(monorepo, CONFIG + "linked:\n  - [api, cli]\n")
    people = started(monorepo)
    (pull,) = monorepo.open_pulls()
    number = cast(int, pull["number"])
    assert pull["title"] == "chore(release): api 1.1.0, cli 1.1.0"
    outcome = people.comment(number, "!set-version cli 3.0.0")
    assert only(outcome)[2] == "api, cli (the linked group [api, cli]) pinned to 3.0.0"
    assert monorepo.pull(number)["title"] == "chore(release): api 3.0.0, cli 3.0.0"
    shown = people.components(number)
    assert shown["api"].pin == shown["cli"].pin is not None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        pytest.param(
            "!set-version 2.0.0",
            "releases several components (`api`, `cli`): name the one to pin",
            id="plain-form-on-several",
        ),
        pytest.param(
            "!set-version web 2.0.0",
            "`web` is not a component of this repository (components: `api`, `cli`)",
            id="unknown-component",
        ),
        pytest.param(
            "!set-version api 1.0.0",
            "component 'api': 1.0.0 is not above the last release 1.0.0",
            id="not-above-its-release",
        ),
        pytest.param(
            "!set-version cli 1.0.0-nope!",
            "component 'cli': ",
            id="not-a-version",
        ),
    ],
)
def test_a_form_that_cannot_apply_is_answered_and_pins_nothing(
    monorepo: ReleaseWorld, body: str, words: str
) -> None:
    people = started(monorepo)
    (pull,) = monorepo.open_pulls()
    number = cast(int, pull["number"])
    outcome = people.comment(number, body)
    assert only(outcome)[1] == CommandResult.REFUSED
    (reply,) = [text for text in monorepo.remote.comments(number) if "release-regent reply" in text]
    assert words in reply
    listing = "`api`, `cli`" in words
    assert ("The accepted forms:" in reply) is listing
    assert ("`!set-version <component> <version>`" in reply) is listing
    assert monorepo.pull(number)["title"] == "chore(release): api 1.1.0, cli 0.3.1"


def test_the_plain_form_pins_the_component_of_its_own_release_pr(monorepo: ReleaseWorld) -> None:
    configured(monorepo, SEPARATE)
    people = started(monorepo)
    pulls = by_branch(monorepo)
    api, cli = (cast(int, pulls[head]["number"]) for head in (API, CLI))
    outcome = people.comment(api, "!set-version 2.0.0")
    assert only(outcome)[1:] == (CommandResult.ACCEPTED, "api pinned to 2.0.0")
    assert monorepo.pull(api)["title"] == "chore(release): api 2.0.0"
    assert monorepo.pull(cli)["title"] == "chore(release): cli 0.3.1"
    assert people.components(api)["api"].pin is not None
    named = people.comment(api, "!set-version api 2.1.0")
    assert only(named)[1] == CommandResult.ACCEPTED
    assert monorepo.pull(api)["title"] == "chore(release): api 2.1.0"

    monorepo.merge_change("fix(cli): more", files={"packages/cli/more.txt": "m\n"})
    monorepo.reconcile()
    assert monorepo.pull(api)["title"] == "chore(release): api 2.1.0", "kept by later runs"

    other = people.comment(api, "!set-version cli 1.0.0")
    assert only(other)[1] == CommandResult.REFUSED
    (reply,) = [t for t in monorepo.remote.comments(api) if "release-regent reply" in t]
    assert f"has a release pull request of its own (head branch `{CLI}`)" in reply
    assert monorepo.pull(cli)["title"] == "chore(release): cli 0.3.1", "untouched"
