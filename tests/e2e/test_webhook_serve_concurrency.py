"""`regent serve` under concurrent and duplicate deliveries for two repositories, against the
simulator: one run at a time per repository, no duplicate work, every delivery answered."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_webhook_serve import (
    APP_ID,
    INSTALLATION,
    SECRET,
    Server,
    all_handled,
    poll,
    server_environment,
)
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

GADGET = "acme/gadget"
DELIVERIES_PER_REPO = 8


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as running:
        yield running


def add_gadget(lifecycle: Lifecycle, work: Path) -> None:
    """A second repository on the simulator, with one feature since v1.0.0."""
    git_dir = lifecycle.client.create_repo(GADGET, source_repository(work / "gadget-source"))
    clone = work / "gadget"
    git(work, "clone", "--quiet", str(git_dir), str(clone))
    (clone / "gadget.txt").write_text("knob\n", encoding="utf-8")
    git(clone, "add", "gadget.txt")
    git(clone, "commit", "--quiet", "-m", "feat: a gadget knob")
    git(clone, "push", "--quiet", "origin", "HEAD:main")


def push_delivery(lifecycle: Lifecycle, full_name: str) -> tuple[dict[str, str], bytes]:
    """A push to main of ``full_name`` as GitHub sends it: headers and the signed body."""
    repository = lifecycle.client.get(f"/repos/{full_name}").body
    payload = {
        "ref": "refs/heads/main",
        "before": "0" * 40,
        "after": "1" * 40,
        "repository": repository,
        "installation": {"id": INSTALLATION},
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


def post(server: Server, delivery: tuple[dict[str, str], bytes]) -> int:
    headers, body = delivery
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("POST", "/webhook", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def runs_by_repository(lines: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each repository's reconcile log lines in order: ``start`` and ``end``."""
    runs: dict[str, list[str]] = {}
    for line in lines:
        repository, message = line.get("repository"), str(line["message"])
        if repository and line.get("logger") == "regent.services.deliveries":
            runs.setdefault(repository, []).append(
                "start" if message.startswith("reconciling ") else "end"
            )
    return runs


def test_concurrent_and_duplicate_deliveries(lifecycle: Lifecycle, tmp_path: Path) -> None:
    add_gadget(lifecycle, tmp_path)
    lifecycle.land("feat: a knob to turn", [Commit("feat: a knob to turn")], method="squash")
    key = private_pem()
    installations = {REPO.full_name: INSTALLATION, GADGET: INSTALLATION}  # one per account
    app = {"app_id": APP_ID, "public_key": key, "installations": installations}
    assert lifecycle.client.post("/_sim/apps", app).status == 201
    deliveries = [
        push_delivery(lifecycle, full_name)
        for _ in range(DELIVERIES_PER_REPO)
        for full_name in (REPO.full_name, GADGET)
    ]
    repeated = deliveries[:4]
    server = Server(tmp_path, server_environment(lifecycle, tmp_path / "cache", key))
    try:
        server.wait_ready()
        lifecycle.forget_requests()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda d: post(server, d), deliveries))
        assert set(statuses) <= {200, 202}
        assert statuses.count(202) >= 2
        poll("every accepted delivery handled", lambda: all_handled(server.get("/metrics")[1]))
        assert [post(server, delivery) for delivery in repeated] == [200] * len(repeated)
        requests = lifecycle.requests()
        poll("the workers idle", lambda: all_handled(server.get("/metrics")[1]))
    finally:
        assert server.stop() == 0, server.log.read_text()

    opened = [r["path"] for r in requests if r["operation_id"] == "pulls/create"]
    assert sorted(opened) == [f"/repos/{GADGET}/pulls", f"/repos/{REPO.full_name}/pulls"]
    commits = [r["path"] for r in requests if r["operation_id"] == "git/create-commit"]
    assert len(commits) == 2, commits
    for full_name in (REPO.full_name, GADGET):
        pulls = lifecycle.client.get(f"/repos/{full_name}/pulls?state=all").body
        released = [p["title"] for p in pulls if p["head"]["ref"] == "release-regent/main"]
        assert released == ["chore(release): v1.1.0"], full_name

    runs = runs_by_repository(server.log_lines())
    assert set(runs) == {REPO.full_name, GADGET}
    for full_name, sequence in runs.items():
        assert sequence == ["start", "end"] * (len(sequence) // 2), (full_name, sequence)
