"""Comment commands through the Action's entrypoint: a subprocess with a runner's environment,
on ``issue_comment`` events the simulator emitted for comments people made through the API.

A maintainer pins the release PR's version and sets a floor on a feature PR, a reader is turned
away politely, a bot is ignored, an invalid command gets the accepted forms, and the same comment
handed to the Action twice acts once. The set-version run stays within the release PR's update
budget plus the three calls of a command (permission, pull request, reaction).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from regent.runtimes.webhook.door import WebhookReceiver
from regent.webhook import Reply
from tests.e2e.commenting import BOT, READER, Commenters, open_feature_pull
from tests.e2e.lifecycle_harness import Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.e2e.test_cli_run import regent_run, save_event

pytestmark = pytest.mark.e2e

UPDATE_BUDGET = 7
"""A release-PR update that rewrites the branch and edits the PR (issue 4's budget of 6; its one
listing of pull requests also brings the merged ones, with their floors and commit overrides),
and the listing of the release's commits for its contributors (issue 16)."""
COMMAND_CALLS = 3


@dataclass
class Steering:
    """``acme/widget`` with v1.1.0's release PR open (the Action opened it), people to comment,
    and a runner for the Action."""

    lifecycle: Lifecycle
    people: Commenters
    runner: Runner
    release_pr: int

    def act(self, payload: dict[str, object]) -> Run:
        """The Action on an ``issue_comment`` event with this payload."""
        refresh(self.lifecycle.checkout)
        return self.runner.run("issue_comment", payload)

    def feature_pull(self) -> int:
        return open_feature_pull(self.lifecycle, "lever", "feat: a lever")


@pytest.fixture
def steering(tmp_path: Path) -> Iterator[Steering]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        runner = Runner(life, tmp_path / "runs")
        opened = runner.run("push", push_payload(life))
        assert opened.outputs.get("prs_created") == "true", opened.stdout + opened.stderr
        yield Steering(life, Commenters(life), runner, int(opened.outputs["pr_number"]))


def commands(run: Run) -> list[tuple[str, str]]:
    """The ``commands`` output: each command and its result."""
    return [(done["command"], done["result"]) for done in json.loads(run.outputs["commands"])]


def test_a_maintainer_pins_the_version_within_budget(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0")
    steering.lifecycle.forget_requests()
    run = steering.act(comment.payload)
    requests = [f"{r['method']} {r['path']}" for r in steering.lifecycle.requests()]
    assert run.code == 0, run.stdout + run.stderr
    assert commands(run) == [("!set-version 2.0.0", "accepted")]
    assert (run.outputs["version"], run.outputs["pr_number"]) == ("2.0.0", str(steering.release_pr))
    pull = steering.lifecycle.snapshot().open_release
    assert pull is not None
    assert pull.version == "2.0.0"
    assert steering.people.reactions(comment.id) == ["+1"]
    assert steering.people.replies(steering.release_pr) == []
    assert "| `!set-version 2.0.0` | accepted |" in run.summary
    assert "Release PR: [#" in run.summary
    assert f"!set-version by @alice in #{steering.release_pr}" in run.summary, "the override"
    assert len(requests) <= UPDATE_BUDGET + COMMAND_CALLS, requests


def test_the_same_comment_given_twice_acts_once(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0")
    first = steering.act(comment.payload)
    again = steering.act(comment.payload)
    assert commands(first) == [("!set-version 2.0.0", "accepted")]
    assert commands(again) == [("!set-version 2.0.0", "replayed")]
    assert again.outputs["version"] == "2.0.0"
    assert steering.people.reactions(comment.id) == ["+1"]
    assert "leave release PR" in again.summary


def test_a_reader_is_answered_politely_and_nothing_changes(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0", login=READER)
    run = steering.act(comment.payload)
    assert run.code == 0, run.stdout + run.stderr
    assert commands(run) == [("!set-version 2.0.0", "denied")]
    [reply] = steering.people.replies(steering.release_pr)
    assert reply.startswith(f"@{READER} `!set-version 2.0.0`: only people with write, maintain")
    pull = steering.lifecycle.snapshot().open_release
    assert pull is not None
    assert pull.version == "1.1.0"
    assert steering.people.reactions(comment.id) == []


def test_a_bot_is_ignored(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0", login=BOT)
    run = steering.act(comment.payload)
    assert (run.code, run.outputs) == (0, {})
    assert "takes no commands from bots" in run.last_line
    assert steering.people.replies(steering.release_pr) == []


def test_an_invalid_command_gets_the_accepted_forms(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!release-regent shout")
    run = steering.act(comment.payload)
    assert commands(run) == [("!release-regent shout", "invalid")]
    [reply] = steering.people.replies(steering.release_pr)
    assert "The accepted forms:" in reply
    assert "set-version" in reply


def test_a_floor_an_explanation_and_the_floor_applied_at_merge(steering: Steering) -> None:
    number = steering.feature_pull()
    floor = steering.people.comment(number, "!release major")
    run = steering.act(floor.payload)
    assert commands(run) == [("!release major", "accepted")]
    assert steering.people.reactions(floor.id) == ["+1"]
    labels = steering.lifecycle.client.get(f"/repos/acme/widget/issues/{number}/labels").body
    assert [label["name"] for label in labels] == ["release-regent: bump-major"]

    asked = steering.people.comment(number, "/release-regent explain", login=READER)
    run = steering.act(asked.payload)
    assert commands(run) == [("!release-regent explain", "accepted")]
    [reply] = steering.people.replies(number)
    assert "the next release of `main` is **1.1.0**" in reply
    assert f"#{number} counts once it is merged" in reply

    merge = {"method": "squash", "login": "octo"}
    path = f"/_sim/repos/acme/widget/pulls/{number}/merge"
    assert steering.lifecycle.client.post(path, merge).status == 200
    refresh(steering.lifecycle.checkout)
    run = steering.runner.run("push", push_payload(steering.lifecycle))
    assert run.outputs["version"] == "2.0.0", run.stdout
    assert "release-regent: bump-major" in run.summary


def test_an_edited_comment_is_read_again(steering: Steering) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0")
    steering.act(comment.payload)
    edited = steering.people.edit(comment, "!set-version 3.0.0")
    run = steering.act(edited.payload)
    assert commands(run) == [("!set-version 3.0.0", "accepted")]
    assert run.outputs["version"] == "3.0.0"


def test_regent_run_answers_a_saved_comment_event_as_the_action_does(
    steering: Steering, tmp_path: Path
) -> None:
    """``regent run --event-file`` on the delivery the simulator recorded: the same command
    service, the same answers (a reader denied, then the maintainer's pin)."""
    life = steering.lifecycle
    denied = steering.people.comment(steering.release_pr, "!set-version 2.0.0", login=READER)
    pinned = steering.people.comment(steering.release_pr, "!set-version 2.0.0")
    lines = []
    for name, comment in (("denied", denied), ("pinned", pinned)):
        event_file = save_event(tmp_path / name, comment.event)
        checkout = ("--checkout", str(life.checkout))
        run = regent_run(life, "--event-file", str(event_file), *checkout)
        assert run.code == 0, run.stdout + run.stderr
        lines.append(run.stdout.splitlines()[1])
    assert lines == [
        "!set-version 2.0.0: denied (only people with write, maintain or admin permission on "
        "acme/widget can change the release (your permission is read); ask a maintainer, or "
        "comment `!release-regent explain`, open to everyone, to see the next version and why)",
        "!set-version 2.0.0: accepted (the pending release is pinned to 2.0.0)",
    ]
    pull = life.snapshot().open_release
    assert pull is not None
    assert pull.version == "2.0.0"


@pytest.mark.parametrize("inputs", [{"DRY-RUN": "true"}, {"COMMAND": "plan"}], ids=["dry", "plan"])
def test_a_step_that_writes_nothing_leaves_comment_commands_alone(
    steering: Steering, inputs: dict[str, str]
) -> None:
    comment = steering.people.comment(steering.release_pr, "!set-version 2.0.0")
    refresh(steering.lifecycle.checkout)
    steering.lifecycle.forget_requests()
    run = steering.runner.run("issue_comment", comment.payload, inputs=inputs)
    assert (run.code, run.outputs) == (0, {})
    assert run.last_line.endswith(
        "asks for: !set-version 2.0.0; not acted on: this step writes nothing "
        "(dry-run: true or command: plan)"
    )
    assert steering.lifecycle.requests() == []


@pytest.mark.parametrize(
    ("login", "body"),
    [(BOT, "!set-version 2.0.0"), (READER, "thanks, looks good")],
    ids=["bot", "no-command"],
)
def test_every_door_ignores_a_comment_alike(
    steering: Steering, tmp_path: Path, login: str, body: str
) -> None:
    """A bot's comment and a comment holding no command: the same one line from the Action,
    ``regent run`` and the webhook receiver, and no request to GitHub."""
    comment = steering.people.comment(steering.release_pr, body, login=login)
    steering.lifecycle.forget_requests()
    action = steering.act(comment.payload)
    event_file = save_event(tmp_path / "event", comment.event)
    cli = regent_run(steering.lifecycle, "--event-file", str(event_file))
    raw = comment.event["body"].encode()
    signature = "sha256=" + hmac.new(b"secret", raw, hashlib.sha256).hexdigest()
    headers = comment.event["headers"] | {"X-Hub-Signature-256": signature}
    receiver = WebhookReceiver(secrets=("secret",)).receive(headers, raw)
    assert isinstance(receiver, Reply)
    line = receiver.body["message"]
    assert action.last_line == f"::notice::{line}"
    assert cli.stdout == f"{line}\n"
    assert steering.lifecycle.requests() == []
