"""The delivery worker on a comment's commands, as the GitHub App: the configuration is read and
the repository cloned only for a command that reads the history (``explain``, ``set-version``);
a denied command and a floor cost neither (request log, clone folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.commands import read_commands
from regent.core.routing import Command
from regent.services.commands import CommandResult
from regent.services.deliveries import DeliveryWorker
from tests.contract.conftest import REPO, World
from tests.contract.test_delivery_worker import INSTALLATION, key, worker  # noqa: F401

pytestmark = pytest.mark.contract

CONTENTS = "GET repos/get-content"


def comment(world: World, number: int, body: str, *, author: str) -> Command:
    made = world.client.post(f"{world.api}/issues/{number}/comments", {"body": body})
    assert made.status == 201, made.body
    return Command(
        repo=REPO,
        number=number,
        comment_id=int(made.body["id"]),
        author=author,
        author_association=None,
        body=body,
        installation_id=INSTALLATION,
        commands=read_commands(body),
        default_branch="main",
    )


def feature_pull(world: World) -> int:
    world.push_branch("gears")
    body = {"title": "feat: gears", "head": "gears", "base": "main"}
    made = world.client.post(f"{world.api}/pulls", body)
    assert made.status == 201, made.body
    return int(made.body["number"])


def test_only_a_command_that_reads_the_history_clones(
    worker: DeliveryWorker,  # noqa: F811
    world: World,
    tmp_path: Path,
) -> None:
    number = feature_pull(world)
    role = {"login": "alice", "permission": "write"}
    assert world.client.post(f"/_sim/repos/{REPO.full_name}/collaborators", role).status == 201
    clone = tmp_path / "clones" / "acme" / "widget"

    world.forget()
    denied = worker.command(comment(world, number, "!release major", author="bob"))
    assert [d.result for d in denied.commands] == [CommandResult.DENIED]
    floor = worker.command(comment(world, number, "!release minor", author="alice"))
    assert [d.result for d in floor.commands] == [CommandResult.ACCEPTED]
    assert CONTENTS not in world.calls(), "no configuration read"
    assert not clone.exists(), "no clone"

    explained = worker.command(comment(world, number, "!release-regent explain", author="bob"))
    assert [d.result for d in explained.commands] == [CommandResult.ACCEPTED]
    assert CONTENTS in world.calls()
    assert clone.is_dir()
