"""`regent serve` under a flood of pushes from two App installations, with
REGENT_INSTALLATION_CONCURRENCY=2: every delivery is handled (none dropped), no installation
ever has more than two reconciles at once (read from the simulator's request log), and /usage
and /metrics count each installation's deliveries, reconciles and API requests."""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_keys import private_pem
from tests.e2e.test_webhook_serve import poll
from tests.github_sim.client import SimClient
from tests.github_sim.server import SimServer
from tests.serve_process import ServeProcess, serve_environment

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import serve_load  # noqa: E402  (bench/: the load benchmark's building blocks)

pytestmark = pytest.mark.e2e

CAP = 2
BUSY, QUIET = 77, 88
"""Installations: BUSY has six repositories (more than its cap), QUIET one, of another owner."""
REPOSITORIES = {
    **{f"bench/app-{n}": BUSY for n in range(6)},
    "quiet/tool": QUIET,
}
KEY = private_pem()
PUSHES_EACH = 3
"""Pushes per repository, sent at once: the later ones are folded into a waiting one, or
queued behind the one running."""


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[tuple[SimServer, SimClient]]:
    source = serve_load.build_source(tmp_path, 8)
    with SimServer(tmp_path / "sim") as server:
        client = SimClient(server.url)
        for name in REPOSITORIES:
            client.create_repo(name, source)
        app = {
            "app_id": serve_load.APP_ID,
            "public_key": KEY,
            "installations": REPOSITORIES,
        }
        assert client.post("/_sim/apps", app).status == 201
        yield server, client


def push(client: SimClient, name: str) -> bytes:
    """serve_load's push to main, from the repository's installation."""
    clone_url = client.get(f"/repos/{name}").body["clone_url"]
    payload = json.loads(serve_load.push_body(name, clone_url))
    payload["installation"] = {"id": REPOSITORIES[name]}
    return json.dumps(payload).encode()


def flood(port: int, bodies: list[bytes]) -> Counter[tuple[int, int]]:
    """Every body POSTed from four connections at once: (installation, status) counted."""
    statuses: Counter[tuple[int, int]] = Counter()
    lock = threading.Lock()
    work = list(enumerate(bodies))

    def sender() -> None:
        connection = http.client.HTTPConnection(serve_load.HOST, port, timeout=30)
        while True:
            with lock:
                if not work:
                    break
                _, body = work.pop()
            headers = {
                "Content-Type": "application/json",
                "X-GitHub-Event": "push",
                "X-GitHub-Delivery": str(uuid.uuid4()),
                "X-Hub-Signature-256": serve_load.signature(body),
            }
            connection.request("POST", "/webhook", body, headers)
            reply = connection.getresponse()
            reply.read()
            with lock:
                statuses[(json.loads(body)["installation"]["id"], reply.status)] += 1
        connection.close()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def most_at_once(requests: list[dict[str, Any]], owner: str) -> int:
    """The most reconciles of ``owner``'s repositories seen at once in the request log: a run
    starts with its first request for its repository (reading ``.release-regent.yml``) and
    spans to its last, before the repository's next run (one run per repository at a time,
    each run's requests sent one after another)."""
    runs: dict[str, list[list[int]]] = {}
    for index, request in enumerate(requests):
        found = re.match(rf"/repos/({owner}/[^/]+)(/.*)?$", request["path"])
        if not found or found.group(1) == f"{owner}/.github":
            continue
        repository_runs = runs.setdefault(found.group(1), [])
        if found.group(2) == "/contents/.release-regent.yml" or not repository_runs:
            repository_runs.append([index, index])
        repository_runs[-1][1] = index
    spans = [span for found in runs.values() for span in found]
    return max(
        sum(1 for first, last in spans if first <= index <= last) for index in range(len(requests))
    )


def metric(text: str, line_start: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_a_flood_is_all_handled_within_each_installations_cap(
    sim: tuple[SimServer, SimClient], tmp_path: Path
) -> None:
    server, client = sim
    environment = serve_environment(
        app_id=serve_load.APP_ID,
        key=KEY,
        secret=serve_load.SECRET,
        api_url=server.url,
        cache=tmp_path / "cache",
        git_url=(server.state.state_dir / "repos").as_uri(),
    ) | {"REGENT_INSTALLATION_CONCURRENCY": str(CAP)}
    serve = ServeProcess(tmp_path, environment, "--workers", "6", "--shutdown-timeout", "5")
    try:
        serve.wait_ready()
        bodies = [push(client, name) for name in REPOSITORIES for _ in range(PUSHES_EACH)]
        client.delete("/_sim/requests")
        statuses = flood(serve.port, bodies)
        queued = {key: statuses[(key, 202)] for key in (BUSY, QUIET)}
        folded = {key: statuses[(key, 200)] for key in (BUSY, QUIET)}
        assert sum(statuses.values()) == len(bodies)
        assert {status for _, status in statuses} <= {200, 202}, statuses

        def done() -> bool:
            text = serve.get("/metrics")[1]
            handled = metric(text, "regent_delivery_processing_seconds_count")
            return handled == sum(queued.values()) and metric(text, "regent_queue_depth") == 0

        poll("every delivery handled", done, timeout=120)
        usage = json.loads(serve.get("/usage")[1])
        metrics = serve.get("/metrics")[1]
        requests = list(client.get("/_sim/requests").body)
    finally:
        serve.stop()
    assert "shut down with no delivery left waiting" in serve.log.read_text()

    installations = usage["installations"]
    for key in (BUSY, QUIET):
        counts = installations[str(key)]
        assert (
            counts["deliveries"]
            == queued[key] + folded[key]
            == PUSHES_EACH * sum(1 for name in REPOSITORIES if REPOSITORIES[name] == key)
        )
        assert counts["reconciles"] == queued[key]
        outcomes = f'regent_outcomes_total{{installation="{key}",outcome="release_pr_opened"}}'
        opened = metric(metrics, outcomes) or 0
        assert opened == sum(1 for name in REPOSITORIES if REPOSITORIES[name] == key)
        for kind in ("deliveries", "reconciles", "api_calls"):
            line = f'regent_installation_usage_total{{installation="{key}",kind="{kind}"}}'
            assert metric(metrics, line) == counts[kind]
    assert metric(metrics, 'regent_deliveries_total{event="push",outcome="failed"}') is None

    # each installation's API requests: its repositories' and its owner's shared configuration,
    # as the simulator counted them; the installation tokens' requests (one per installation
    # here) are in regent_github_api_calls_total only
    tokens = [r for r in requests if r["path"].startswith("/app/installations/")]
    for key, owner in ((BUSY, "bench"), (QUIET, "quiet")):
        sent = [r for r in requests if r["path"].startswith(f"/repos/{owner}/")]
        assert installations[str(key)]["api_calls"] == len(sent) > 0
    assert sum(i["api_calls"] for i in installations.values()) + len(tokens) == len(requests)
    assert metric(metrics, "regent_github_api_calls_total") == len(requests)

    # never more than the cap at once, and the cap was reached: the six repositories waited
    assert most_at_once(requests, "bench") == CAP
    assert most_at_once(requests, "quiet") == 1
    assert metric(
        metrics, f'regent_installation_held_total{{cap="concurrency",installation="{BUSY}"}}'
    )
    for name in REPOSITORIES:
        pulls = client.get(f"/repos/{name}/pulls?state=all").body
        assert [p["head"]["ref"] for p in pulls] == ["release-regent/main"], name
