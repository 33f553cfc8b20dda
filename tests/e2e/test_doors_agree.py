"""The simulator's own ``pull_request`` events through every door: a pull request closed without
merging, and one merged, get the same decision from the Action's entrypoint, ``regent run
--event-file`` and the webhook receiver (docs/routing.md). The Action used to reconcile the
unmerged one while the webhook ignored it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from regent.core.routing import Ignored, Reconcile, explain, route
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import WebhookReceiver
from tests.delivery_ids import delivery_id
from tests.e2e.lifecycle_harness import BASE, REPO, Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner
from tests.e2e.test_cli_run import regent_run
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

SECRET = "It's a Secret to Everybody"


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield life


def closed_without_merging(life: Lifecycle) -> dict[str, Any]:
    """The simulator's ``pull_request`` event for a pull request a maintainer closed unmerged."""
    maintainer = life.maintainer
    git(maintainer, "fetch", "--quiet", "origin")
    git(maintainer, "checkout", "--quiet", "-B", "topic/abandoned", f"origin/{BASE}")
    (maintainer / "abandoned.txt").write_text("x\n", encoding="utf-8")
    git(maintainer, "add", "--all")
    git(maintainer, "commit", "--quiet", "-m", "feat: an idea dropped")
    git(maintainer, "push", "--quiet", "origin", "topic/abandoned:refs/heads/topic/abandoned")
    pulls = f"/repos/{REPO.full_name}/pulls"
    opened = life.client.post(
        pulls, {"title": "feat: idea", "head": "topic/abandoned", "base": BASE}
    )
    assert opened.status == 201, opened.body
    number = opened.body["number"]
    assert life.client.patch(f"{pulls}/{number}", {"state": "closed"}).status == 200
    events = life.client.get("/_sim/events").body
    return next(
        event
        for event in reversed(events)
        if event["name"] == "pull_request" and event["payload"]["action"] == "closed"
    )


def received(payload: Mapping[str, Any]) -> object:
    """What the webhook receiver makes of ``payload`` as a signed ``pull_request`` delivery."""
    body = json.dumps(payload).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": delivery_id(f"pull {payload['number']}"),
        "X-Hub-Signature-256": f"sha256={signature}",
    }
    return WebhookReceiver(secrets=(SECRET,)).receive(headers, body)


def test_a_pull_request_closed_without_merging_is_ignored_by_every_door(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    payload = closed_without_merging(lifecycle)["payload"]
    routed = route("pull_request", payload)
    assert isinstance(routed, Ignored)
    line = explain(routed)
    assert (
        line
        == f"pull request #{payload['number']} was closed without merging: nothing reached main"
    )
    lifecycle.forget_requests()

    action = Runner(lifecycle, tmp_path / "runs").run("pull_request", payload)
    assert (action.code, action.last_line, action.outputs) == (0, f"::notice::{line}", {})

    event_file = tmp_path / "closed.json"
    event_file.write_text(json.dumps(payload), encoding="utf-8")
    cli = regent_run(lifecycle, "--event-file", str(event_file), "--event", "pull_request")
    assert (cli.code, cli.stdout) == (0, f"{line}\n")

    reply = received(payload)
    assert not isinstance(reply, Delivery)
    assert (reply.status, reply.body) == (200, {"message": line})
    assert lifecycle.requests() == []
    assert lifecycle.snapshot().release_pulls == ()


def test_a_merged_pull_request_reconciles_its_base_in_every_door(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    landed = lifecycle.land("feat: add gears", [Commit("feat: add gears")], method="squash")
    refresh(lifecycle.checkout)
    payload = landed.pull_request_event()["payload"]
    routed = route("pull_request", payload)
    assert isinstance(routed, Reconcile)
    assert (routed.base_branch, routed.default_branch) == ("main", "main")

    runner = Runner(lifecycle, tmp_path / "runs")
    action = runner.run("pull_request", payload, inputs={"DRY-RUN": "true"})
    assert action.code == 0, action.stdout + action.stderr
    assert "::group::Reconcile acme/widget main" in action.stdout
    assert action.outputs["version"] == "1.1.0"

    event_file = tmp_path / "merged.json"
    event_file.write_text(json.dumps(payload), encoding="utf-8")
    arguments = ("--event-file", str(event_file), "--event", "pull_request", "--dry-run")
    cli = regent_run(lifecycle, *arguments, "--checkout", str(lifecycle.checkout))
    assert cli.code == 0, cli.stdout + cli.stderr
    assert cli.stdout.startswith(f"reconcile acme/widget main: {routed.reason}\n")

    reply = received(payload)
    assert isinstance(reply, Delivery)
    assert reply.route == routed
