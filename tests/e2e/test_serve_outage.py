"""`regent serve` when GitHub fails one installation: its circuit breaker opens after
REGENT_BREAKER_FAILURES requests, or its rate limit is spent; the installation is paused, its
deliveries wait in the journal (not dropped), and another installation's delivery proceeds."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_webhook_serve import APP_ID, SECRET, Server, poll, server_environment
from tests.e2e.test_webhook_serve_concurrency import post
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

FAILING, HEALTHY = 77, 88
OTHER = "umbrella/gadget"
"""A repository of another account: another installation of the App."""
FAILURES = 3
PAUSED = f'regent_installation_paused{{installation="{FAILING}"}}'
BREAKER = f'regent_breaker_state{{installation="{FAILING}"}}'


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


def add_other(lifecycle: Lifecycle, work: Path) -> None:
    """``umbrella/gadget`` on the simulator, with one feature since v1.0.0."""
    git_dir = lifecycle.client.create_repo(OTHER, source_repository(work / "other-source"))
    clone = work / "other"
    git(work, "clone", "--quiet", str(git_dir), str(clone))
    (clone / "gadget.txt").write_text("knob\n", encoding="utf-8")
    git(clone, "add", "gadget.txt")
    git(clone, "commit", "--quiet", "-m", "feat: a gadget knob")
    git(clone, "push", "--quiet", "origin", "HEAD:main")


def push(lifecycle: Lifecycle, full_name: str, installation: int) -> tuple[dict[str, str], bytes]:
    """A signed push to main of ``full_name`` from ``installation``."""
    payload = {
        "ref": "refs/heads/main",
        "before": "0" * 40,
        "after": "1" * 40,
        "repository": lifecycle.client.get(f"/repos/{full_name}").body,
        "installation": {"id": installation},
        "sender": {"login": "octo"},
    }
    body = json.dumps(payload).encode()
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": f"sha256={digest}",
    }
    return headers, body


def started(lifecycle: Lifecycle, tmp_path: Path) -> Server:
    add_other(lifecycle, tmp_path)
    lifecycle.land("feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash")
    key = private_pem()
    installations = {REPO.full_name: FAILING, OTHER: HEALTHY}
    app = {"app_id": APP_ID, "public_key": key, "installations": installations}
    assert lifecycle.client.post("/_sim/apps", app).status == 201
    environment = server_environment(lifecycle, tmp_path / "cache", key) | {
        "REGENT_BREAKER_FAILURES": str(FAILURES),
        "REGENT_BREAKER_COOLDOWN_SECONDS": "600",
    }
    server = Server(tmp_path, environment)
    server.wait_ready()
    return server


def metric_value(server: Server, line_start: str) -> float | None:
    for line in server.get("/metrics")[1].splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return None


def released_pull(lifecycle: Lifecycle, full_name: str) -> list[str]:
    pulls = lifecycle.client.get(f"/repos/{full_name}/pulls?state=all").body
    return [pull["title"] for pull in pulls if pull["head"]["ref"] == "release-regent/main"]


def assert_waiting_in_the_journal(server: Server, tmp_path: Path) -> None:
    """The failing installation's delivery is neither handled nor dropped: the journal keeps it
    and shutting down names it."""
    journal = tmp_path / "cache" / "journal"
    poll("the other delivery done", lambda: len(list(journal.glob("*.json"))) == 1)
    assert metric_value(server, "regent_queue_depth") == 1.0
    assert server.stop() == 0
    assert "deliveries left in the journal" in server.log.read_text()


def test_an_outage_opens_one_installations_breaker_while_another_proceeds(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    server = started(lifecycle, tmp_path)
    failing_push, healthy_push = (
        push(lifecycle, REPO.full_name, FAILING),
        push(lifecycle, OTHER, HEALTHY),
    )
    outage = {"path": f"^/repos/{REPO.full_name}", "status": 502, "times": 100_000}
    try:
        with lifecycle.faults([outage]):
            lifecycle.forget_requests()
            assert post(server, failing_push) == 202
            poll("the failing installation paused", lambda: metric_value(server, PAUSED))
            assert post(server, healthy_push) == 202
            poll("the other installation released", lambda: released_pull(lifecycle, OTHER))
            failing = [r for r in lifecycle.requests() if r["path"].startswith("/repos/acme/")]
            assert metric_value(server, BREAKER) == 2.0  # open
            assert metric_value(server, f'regent_breaker_state{{installation="{HEALTHY}"}}') == 0.0
            assert metric_value(server, "regent_requeued_deliveries_total") == 1.0
            assert_waiting_in_the_journal(server, tmp_path)
    finally:
        server.stop()
    statuses = [r["status"] for r in failing]
    # the bound, from the log: FAILURES failed requests (the organisation's .github repository,
    # outside the outage, answered 404: no shared configuration), then nothing
    assert statuses.count(502) == FAILURES, statuses
    assert set(statuses) <= {404, 502}, statuses
    assert released_pull(lifecycle, OTHER) == ["chore(release): v1.1.0"]
    assert released_pull(lifecycle, REPO.full_name) == []
    log = server.log.read_text()
    assert f"the circuit breaker for installation {FAILING} opened after {FAILURES}" in log


def test_a_spent_rate_limit_pauses_one_installation_while_another_proceeds(
    lifecycle: Lifecycle, tmp_path: Path
) -> None:
    server = started(lifecycle, tmp_path)
    failing_push, healthy_push = (
        push(lifecycle, REPO.full_name, FAILING),
        push(lifecycle, OTHER, HEALTHY),
    )
    try:
        spent = {"installation_id": FAILING, "remaining": 0, "reset_in_s": 900}
        assert lifecycle.client.post("/_sim/rate_limit", spent).status == 200
        assert post(server, failing_push) == 202
        poll("the installation paused", lambda: metric_value(server, PAUSED))
        lifecycle.forget_requests()
        assert post(server, healthy_push) == 202
        poll("the other installation released", lambda: released_pull(lifecycle, OTHER))
        assert metric_value(server, "regent_requeued_deliveries_total") == 1.0
        assert metric_value(server, BREAKER) == 0.0  # a spent limit is no failure
        assert not [r for r in lifecycle.requests() if r["path"].startswith("/repos/acme/")]
        assert_waiting_in_the_journal(server, tmp_path)
    finally:
        server.stop()
    assert released_pull(lifecycle, OTHER) == ["chore(release): v1.1.0"]
    assert "installation 77 paused for 90" in server.log.read_text()
