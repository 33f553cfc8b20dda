"""``!set-version`` per component on a monorepo's release PRs through the doors, against the
simulator: the Action as a process (the named form on the release PR for all components within
a single package's set-version budget, the plain form answered with the components, the pin
kept by the next push), ``regent serve`` as a process and the Azure Functions route (the plain
form on a component's own release PR)."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import azure.functions as func
import pytest

from regent.runtimes.webhook import azure_functions
from tests.e2e.commenting import Commenters
from tests.e2e.lifecycle_harness import Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_components import CONFIG, PACKAGES, head, land
from tests.e2e.test_action_components_separate import SEPARATE, open_release_pulls
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.e2e.test_commands_action import COMMAND_CALLS, UPDATE_BUDGET, commands
from tests.e2e.test_commands_serve import served  # noqa: F401 - the fixture
from tests.e2e.test_serverless_cycle import (  # noqa: F401 - the fixtures
    SECRET,
    environment,
    lifecycle,
)
from tests.e2e.test_webhook_serve import Server, poll

pytestmark = pytest.mark.e2e


def monorepo(life: Lifecycle, config: str) -> None:
    """Two components, api at 1.0.0 and cli at 0.3.0, each with a change since."""
    land(life, "chore: packages", {**PACKAGES, ".release-regent.yml": config})
    for tag in ("api-v1.0.0", "cli-v0.3.0"):
        life.client.post(
            "/repos/acme/widget/git/refs", {"ref": f"refs/tags/{tag}", "sha": head(life)}
        )
    land(life, "feat(api): routes", {"packages/api/routes.txt": "r\n"})
    land(life, "fix(cli): flags", {"packages/cli/flags.txt": "f\n"})


def titles(life: Lifecycle) -> dict[str, str]:
    return {ref: pull["title"] for ref, pull in open_release_pulls(life).items()}


def test_the_action_pins_one_component_of_the_release_pr(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        monorepo(life, CONFIG)
        runner = Runner(life, tmp_path / "runs")
        assert runner.run("push", push_payload(life)).code == 0
        number = open_release_pulls(life)["release-regent/main"]["number"]
        people = Commenters(life)

        plain = people.comment(number, "!set-version 2.0.0")
        refresh(life.checkout)
        answered = runner.run("issue_comment", plain.payload)
        assert answered.code == 0, answered.stdout + answered.stderr
        assert commands(answered) == [("!set-version 2.0.0", "refused")]
        [reply] = people.replies(number)
        assert "releases several components (`api`, `cli`): name the one to pin" in reply
        assert "`!set-version <component> <version>`" in reply
        assert titles(life) == {"release-regent/main": "chore(release): api 1.1.0, cli 0.3.1"}

        named = people.comment(number, "!set-version api 2.0.0")
        refresh(life.checkout)
        life.forget_requests()
        pinned = runner.run("issue_comment", named.payload)
        requests = [f"{r['method']} {r['path']}" for r in life.requests()]
        assert len(requests) <= UPDATE_BUDGET + COMMAND_CALLS, requests
        assert pinned.code == 0, pinned.stdout + pinned.stderr
        assert commands(pinned) == [("!set-version api 2.0.0", "accepted")]
        assert people.reactions(named.id) == ["+1"]
        assert titles(life) == {"release-regent/main": "chore(release): api 2.0.0, cli 0.3.1"}

        land(life, "fix(api): more", {"packages/api/more.txt": "m\n"})
        assert runner.run("push", push_payload(life)).code == 0
        assert titles(life) == {"release-regent/main": "chore(release): api 2.0.0, cli 0.3.1"}
        body = open_release_pulls(life)["release-regent/main"]["body"]
        assert "more" in body, "the release PR follows the base, its pin kept"


def test_regent_serve_pins_a_components_own_release_pr(
    served: tuple[Lifecycle, Server],  # noqa: F811
) -> None:
    life, _ = served
    people = Commenters(life)
    monorepo(life, SEPARATE)
    poll("two release PRs", lambda: len(open_release_pulls(life)) == 2 or None)
    cli = open_release_pulls(life)["release-regent/main/cli"]["number"]
    comment = people.comment(cli, "!set-version 1.0.0")
    poll("the +1 on the maintainer's comment", lambda: people.reactions(comment.id))
    assert poll(
        "cli pinned",
        lambda: titles(life).get("release-regent/main/cli") == "chore(release): cli 1.0.0" or None,
    )
    assert titles(life)["release-regent/main/api"] == "chore(release): api 1.1.0"


def test_the_azure_route_pins_a_components_own_release_pr(
    lifecycle: Lifecycle,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        azure_functions, "door", azure_functions.Door(environ=environment, json_logs=False)
    )
    people = Commenters(lifecycle)
    monorepo(lifecycle, SEPARATE)
    events = lifecycle.client.get("/_sim/events").body
    deliver([e for e in events if e["name"] == "push"][-1])
    api = open_release_pulls(lifecycle)["release-regent/main/api"]["number"]
    comment = people.comment(api, "!set-version 3.0.0-rc.1")
    deliver(comment.event)
    assert people.reactions(comment.id) == ["+1"]
    assert titles(lifecycle) == {
        "release-regent/main/api": "chore(release): api 3.0.0-rc.1",
        "release-regent/main/cli": "chore(release): cli 0.3.1",
    }


def deliver(event: dict[str, Any]) -> None:
    """A recorded event through the Azure Functions route, signed with its secret."""
    body = str(event["body"]).encode("utf-8")
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = dict(event["headers"]) | {"X-Hub-Signature-256": f"sha256={digest}"}
    request = func.HttpRequest(
        method="POST", url="https://regent.example/api/webhook", headers=headers, body=body
    )
    response = azure_functions.respond(request)
    answer: dict[str, Any] = json.loads(response.get_body())
    assert response.status_code == 200, answer
