"""Load benchmark: how fast ``regent serve`` acknowledges signed deliveries of ignored events.

Usage, from the repository root: ``.venv/bin/python bench/serve_load.py [--output FILE]``
(``--quick`` for a short smoke run; ``--help`` for the options).

``python -m regent serve --workers 2`` runs as a real process, the GitHub App of K repositories
on the GitHub simulator (started in this process). A load generator in a separate process
POSTs signed ``pull_request`` ``opened`` deliveries (routed to "ignored") to ``/webhook`` from C
keep-alive connections as fast as the server answers, each with a new ``X-GitHub-Delivery``,
and times every request from the write of its bytes to the last byte of its response.

- Phase 1: the workers are idle.
- Phase 2: the same load while a feeder POSTs ``push`` deliveries to the repositories' default
  branches every few hundred milliseconds, so both workers are reconciling and every
  repository has a delivery waiting; the reconciles completed during the phase are counted
  from the server's ``/metrics``.
- Phase 3: N signed ``push`` deliveries to N distinct repositories (default 2,000), sent once
  each over the same connections (``serve_distinct.py``): every one is journalled durably
  before it is acknowledged, none folds into another.

The target (issue 6): at least 500 acknowledgements per second with p99 under 50 ms, and
queued reconciles never make an acknowledgement wait (phase 2 meets the same bar). The
report is a Markdown section, printed and, with ``--output``, written into that file in place
of any earlier one. The exit code is 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import hmac
import http.client
import json
import math
import multiprocessing
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sections  # noqa: E402  (bench/, the script's folder, is on sys.path)
import serve_distinct  # noqa: E402

from tests.serve_process import ServeProcess, serve_environment  # noqa: E402  (after sys.path)

HEADING = "## regent serve: acknowledging deliveries"
HOST = "127.0.0.1"
APP_ID = 4242
INSTALLATION = 77
SECRET = "bench webhook secret"
OWNER = "bench"
WORKERS = 2
TARGET_RATE = 500.0
TARGET_P99_MS = 50.0
FEED_INTERVAL_S = 0.25
RECEIVE_OUTCOMES = {
    "accepted",
    "folded",
    "duplicate",
    "ignored",
    "pong",
    "rejected_signature",
    "rejected_payload",
    "too_large",
    "shutting_down",
}


# --- deliveries -----------------------------------------------------------------------------


def signature(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def _repository_json(full_name: str, clone_url: str) -> dict[str, Any]:
    """A repository object shaped like GitHub's webhook one (its size matters, not its URLs)."""
    owner = full_name.split("/", 1)[0]
    api = f"https://api.github.com/repos/{full_name}"
    url_fields = (
        "forks",
        "assignees",
        "branches",
        "blobs",
        "collaborators",
        "comments",
        "commits",
        "compare",
        "contents",
        "contributors",
        "deployments",
        "downloads",
        "events",
        "git_commits",
        "git_refs",
        "git_tags",
        "hooks",
        "issue_comment",
        "issue_events",
        "issues",
        "keys",
        "labels",
        "languages",
        "merges",
        "milestones",
        "notifications",
        "pulls",
        "releases",
        "stargazers",
        "statuses",
        "subscribers",
        "subscription",
        "tags",
        "teams",
        "trees",
    )
    repository: dict[str, Any] = {
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": full_name.split("/", 1)[1],
        "full_name": full_name,
        "private": False,
        "owner": {
            "login": owner,
            "id": 1,
            "node_id": "MDQ6VXNlcjE=",
            "avatar_url": "https://github.com/images/error/octocat_happy.gif",
            "url": f"https://api.github.com/users/{owner}",
            "html_url": f"https://github.com/{owner}",
            "type": "Organization",
            "site_admin": False,
        },
        "html_url": f"https://github.com/{full_name}",
        "description": "A repository for the regent serve load benchmark",
        "fork": False,
        "url": api,
        "clone_url": clone_url,
        "git_url": f"git://github.com/{full_name}.git",
        "ssh_url": f"git@github.com:{full_name}.git",
        "svn_url": f"https://github.com/{full_name}",
        "homepage": None,
        "size": 108,
        "stargazers_count": 80,
        "watchers_count": 80,
        "language": "Python",
        "has_issues": True,
        "has_projects": True,
        "has_downloads": True,
        "has_wiki": True,
        "has_pages": False,
        "forks_count": 9,
        "archived": False,
        "disabled": False,
        "open_issues_count": 0,
        "license": None,
        "topics": [],
        "visibility": "public",
        "forks": 9,
        "open_issues": 0,
        "watchers": 80,
        "default_branch": "main",
        "created_at": "2023-01-01T00:00:00Z",
        "updated_at": "2026-11-26T00:00:00Z",
        "pushed_at": "2026-11-26T00:00:00Z",
    }
    repository.update({f"{name}_url": f"{api}/{name}" for name in url_fields})
    return repository


def ignored_body(full_name: str, clone_url: str) -> bytes:
    """A ``pull_request`` ``opened`` payload: acknowledged and ignored (only merges count)."""
    repository = _repository_json(full_name, clone_url)
    user = repository["owner"] | {"login": "octo", "type": "User"}
    branch = {"label": f"{OWNER}:main", "ref": "main", "sha": "0" * 40, "user": user}
    payload = {
        "action": "opened",
        "number": 1,
        "pull_request": {
            "url": f"{repository['url']}/pulls/1",
            "id": 1,
            "number": 1,
            "state": "open",
            "locked": False,
            "title": "feat: a knob to turn",
            "user": user,
            "body": "Adds a knob.\n" * 20,
            "created_at": "2026-11-26T00:00:00Z",
            "updated_at": "2026-11-26T00:00:00Z",
            "merged": False,
            "draft": False,
            "head": branch | {"label": "octo:knob", "ref": "knob", "repo": repository},
            "base": branch | {"repo": repository},
            "commits": 1,
            "additions": 10,
            "deletions": 2,
            "changed_files": 1,
        },
        "repository": repository,
        "sender": user,
        "installation": {"id": INSTALLATION, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u"},
    }
    return json.dumps(payload).encode()


def push_body(full_name: str, clone_url: str) -> bytes:
    """A ``push`` to the default branch: routed to a reconcile of ``main``."""
    payload = {
        "ref": "refs/heads/main",
        "before": "0" * 40,
        "after": "1" * 40,
        "created": False,
        "deleted": False,
        "forced": False,
        "commits": [],
        "repository": _repository_json(full_name, clone_url),
        "installation": {"id": INSTALLATION},
        "sender": {"login": "octo", "id": 2},
    }
    return json.dumps(payload).encode()


def request_parts(port: int, event: str, body: bytes) -> tuple[bytes, bytes]:
    """The request's bytes before and after its delivery id (the id is not signed)."""
    head = (
        f"POST /webhook HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "User-Agent: GitHub-Hookshot/bench\r\nAccept: */*\r\n"
        "Content-Type: application/json\r\n"
        f"X-GitHub-Event: {event}\r\nX-GitHub-Hook-ID: 1\r\n"
        f"X-Hub-Signature-256: {signature(body)}\r\n"
        f"Content-Length: {len(body)}\r\nX-GitHub-Delivery: "
    )
    return head.encode(), b"\r\n\r\n" + body


# --- the load generator (runs in its own process) --------------------------------------------


@dataclass
class LoadResult:
    latencies: array[float] = field(default_factory=lambda: array("d"))
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


async def _connection(
    port: int,
    parts: tuple[bytes, bytes],
    window: tuple[float, float],
    result: LoadResult,
) -> None:
    head, tail = parts
    start, stop = window
    perf = time.perf_counter
    while perf() < stop:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError as error:
            result.errors[f"connect: {type(error).__name__}"] += 1
            await asyncio.sleep(0.05)
            continue
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while (began := perf()) < stop:
                writer.write(head + str(uuid.uuid4()).encode() + tail)  # GitHub's ids are UUIDs
                response = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", response)
                if length is None:
                    raise ValueError("a response without Content-Length")
                await reader.readexactly(int(length.group(1)))
                ended = perf()
                if began >= start:
                    result.latencies.append(ended - began)
                    result.statuses[int(response[9:12])] += 1
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            if perf() < stop:
                result.errors[type(error).__name__] += 1
        finally:
            writer.close()


async def _load(spec: dict[str, Any]) -> LoadResult:
    port, warmup, seconds = spec["port"], spec["warmup"], spec["seconds"]
    parts = request_parts(port, spec["event"], spec["body"])
    result = LoadResult()
    start = time.perf_counter() + warmup
    stop = start + seconds
    await asyncio.gather(
        *(_connection(port, parts, (start, stop), result) for _ in range(spec["connections"]))
    )
    result.seconds = seconds
    return result


def load_process(spec: dict[str, Any], window: Any, output: Any) -> None:
    """Child process: run the load, set the window events, send back the raw figures."""
    measuring = threading.Timer(spec["warmup"], window[0].set)
    measuring.start()
    ending = threading.Timer(spec["warmup"] + spec["seconds"], window[1].set)
    ending.start()
    result = asyncio.run(_load(spec))
    output.put(
        (result.latencies.tobytes(), dict(result.statuses), dict(result.errors), result.seconds)
    )


def run_load(
    port: int,
    body: bytes,
    args: argparse.Namespace,
    window: tuple[Any, Any] = (None, None),
) -> LoadResult:
    """Run the load in ``args.processes`` processes; ``window`` holds callbacks at its edges."""
    context = multiprocessing.get_context("spawn")
    output = context.Queue()
    started, ended = context.Event(), context.Event()
    per = [args.connections // args.processes] * args.processes
    for index in range(args.connections % args.processes):
        per[index] += 1
    specs = [
        {
            "port": port,
            "event": "pull_request",
            "body": body,
            "connections": count,
            "warmup": args.warmup,
            "seconds": args.seconds,
        }
        for count in per
    ]
    children = [
        context.Process(target=load_process, args=(spec, (started, ended), output), daemon=True)
        for spec in specs
    ]
    for child in children:
        child.start()
    on_start, on_end = window
    started.wait()
    if on_start is not None:
        on_start()
    ended.wait()
    if on_end is not None:
        on_end()
    merged = LoadResult()
    for _ in children:
        raw, statuses, errors, seconds = output.get(timeout=60 + args.seconds)
        chunk = array("d")
        chunk.frombytes(raw)
        merged.latencies.extend(chunk)
        merged.statuses.update(statuses)
        merged.errors.update(errors)
        merged.seconds = seconds
    for child in children:
        child.join(timeout=30)
    return merged


# --- figures ---------------------------------------------------------------------------------


@dataclass
class PhaseFigures:
    name: str
    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    max: float
    non_2xx: int
    errors: dict[str, int]
    server_cpu_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, result: LoadResult, server_cpu_s: float) -> PhaseFigures:
        ordered = sorted(result.latencies)

        def at(fraction: float) -> float:
            if not ordered:
                return float("nan")
            rank = max(1, math.ceil(fraction * len(ordered)))
            return ordered[min(rank, len(ordered)) - 1] * 1000

        return cls(
            name=name,
            requests=len(ordered),
            rate=len(ordered) / result.seconds if result.seconds else 0.0,
            p50=at(0.50),
            p95=at(0.95),
            p99=at(0.99),
            max=ordered[-1] * 1000 if ordered else float("nan"),
            non_2xx=sum(n for status, n in result.statuses.items() if not 200 <= status < 300),
            errors=dict(result.errors),
            server_cpu_s=server_cpu_s,
        )


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (and its waited-for children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


# --- the server and the simulator ------------------------------------------------------------


class Serve(ServeProcess):
    """``regent serve --workers 2`` against the simulator, with the report's readings."""

    def __init__(self, work: Path, api_url: str, key: str, *, repositories: Path) -> None:
        environment = serve_environment(
            app_id=APP_ID,
            key=key,
            secret=SECRET,
            api_url=api_url,
            cache=work / "cache",
            git_url=repositories.as_uri(),  # REGENT_GIT_URL: the simulator's bare repositories
        )
        super().__init__(work, environment, "--workers", str(WORKERS), "--shutdown-timeout", "2")

    def metrics(self) -> dict[tuple[str, str, str], float]:
        """``{(name, event, outcome): value}`` of the counters the report reads."""
        status, text = self.get("/metrics")
        found: dict[tuple[str, str, str], float] = {}
        if status != 200:
            return found
        for line in text.splitlines():
            if line.startswith("regent_deliveries_total{"):
                event = re.search(r'event="([^"]*)"', line)
                outcome = re.search(r'outcome="([^"]*)"', line)
                key = (
                    "deliveries",
                    event.group(1) if event else "",
                    outcome.group(1) if outcome else "",
                )
                found[key] = found.get(key, 0.0) + float(line.rsplit(" ", 1)[1])
            elif line.startswith("regent_delivery_processing_seconds_count"):
                found[("handled", "", "")] = float(line.rsplit(" ", 1)[1])
        return found

    def cpu_s(self) -> float:
        return process_cpu_s(self.process.pid)


def build_source(work: Path, commits: int) -> Path:
    """A local repository: ``v1.0.0`` and ``commits`` conventional commits after it."""
    source = work / "source"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            *("--commits", str(commits), "--out", str(source), "--force"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return source


class Feeder:
    """POSTs a ``push`` to each repository's default branch every ``interval`` seconds."""

    def __init__(self, serve: Serve, bodies: list[bytes], interval: float) -> None:
        self.serve = serve
        self.bodies = bodies
        self.interval = interval
        self.statuses: Counter[int] = Counter()
        self.depths: list[int] = []
        self.window_depths: list[int] = []
        self.measuring = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.serve.port, timeout=30)
        while not self._stop.is_set():
            # Twice each: the second waits behind a run already started (or folds into one
            # waiting), so every repository keeps a delivery queued.
            for body in [*self.bodies, *self.bodies]:
                headers = {
                    "Content-Type": "application/json",
                    "X-GitHub-Event": "push",
                    "X-GitHub-Delivery": str(uuid.uuid4()),
                    "X-Hub-Signature-256": signature(body),
                }
                try:
                    connection.request("POST", "/webhook", body, headers)
                    reply = connection.getresponse()
                    reply.read()
                    self.statuses[reply.status] += 1
                except (OSError, http.client.HTTPException):
                    self.statuses[0] += 1
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, self.serve.port, timeout=30)
            if self._stop.wait(self.interval / 2):
                break
            try:
                connection.request("GET", "/healthz")
                reply = connection.getresponse()
                depth = int(json.loads(reply.read())["queue_depth"])
                self.depths.append(depth)
                if self.measuring:
                    self.window_depths.append(depth)
            except (OSError, http.client.HTTPException, ValueError, KeyError):
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.serve.port, timeout=30)
            self._stop.wait(self.interval / 2)
        connection.close()


def prime(serve: Serve, bodies: list[bytes], timeout: float = 300) -> float:
    """One push per repository, handled before phase 2: the first clones are not measured."""
    began = time.monotonic()
    handled = serve.metrics().get(("handled", "", ""), 0.0)
    connection = http.client.HTTPConnection(HOST, serve.port, timeout=30)
    for body in bodies:
        headers = {
            "Content-Type": "application/json",
            "X-GitHub-Event": "push",
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": signature(body),
        }
        connection.request("POST", "/webhook", body, headers)
        connection.getresponse().read()
    connection.close()
    while serve.metrics().get(("handled", "", ""), 0.0) < handled + len(bodies):
        if time.monotonic() - began > timeout:
            raise SystemExit(f"the first reconciles did not finish:\n{serve.log.read_text()}")
        time.sleep(0.1)
    return time.monotonic() - began


def distinct_phase(serve: Serve, args: argparse.Namespace) -> PhaseFigures:
    """Phase 3: one push to each of ``args.distinct`` repositories, each journalled."""
    bodies = [
        push_body(f"{OWNER}/spread-{index}", f"https://github.com/{OWNER}/spread-{index}.git")
        for index in range(args.distinct)
    ]
    requests = serve_distinct.distinct_requests(serve.port, bodies, signature)
    before = serve.cpu_s()
    latencies, statuses, errors, seconds = serve_distinct.run_distinct(
        serve.port, requests, args.connections
    )
    result = LoadResult(latencies, statuses, errors, seconds)
    phase = PhaseFigures.of("3: distinct repositories", result, serve.cpu_s() - before)
    phase.extra = {"statuses": dict(statuses)}
    return phase


def handled_outcomes(
    before: dict[tuple[str, str, str], float], after: dict[tuple[str, str, str], float]
) -> dict[str, int]:
    """Outcomes of push deliveries handled by the workers between two /metrics readings."""
    outcomes: Counter[str] = Counter()
    for key, value in after.items():
        name, event, outcome = key
        if name == "deliveries" and event == "push" and outcome not in RECEIVE_OUTCOMES:
            delta = round(value - before.get(key, 0.0))
            if delta:
                outcomes[outcome] += delta
    return dict(outcomes)


# --- the run ---------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from tests.app_keys import private_pem
    from tests.github_sim.client import SimClient
    from tests.github_sim.server import SimServer

    work = Path(tempfile.mkdtemp(prefix="regent-serve-load-"))
    facts: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_start": load_average(),
    }
    try:
        source = build_source(work, args.commits)
        key = private_pem()
        with SimServer(work / "sim") as sim:
            client = SimClient(sim.url)
            names = [f"{OWNER}/app-{index}" for index in range(args.repos)]
            clone_urls = {}
            for name in names:
                client.create_repo(name, source)
                clone_urls[name] = client.get(f"/repos/{name}").body["clone_url"]
            apps = {"app_id": APP_ID, "public_key": key}
            reply = client.post(
                "/_sim/apps", apps | {"installations": dict.fromkeys(names, INSTALLATION)}
            )
            if reply.status != 201:
                raise SystemExit(f"the simulator refused the App: {reply.body}")
            serve = Serve(work, sim.url, key, repositories=sim.state.state_dir / "repos")
            facts["command"] = shlex.join(["python", *serve.command[1:]])
            try:
                serve.wait_ready()
                ignored = ignored_body(names[0], clone_urls[names[0]])
                facts["ignored_bytes"] = len(ignored)

                cpu_marks: list[float] = []
                mark = lambda: cpu_marks.append(serve.cpu_s())  # noqa: E731
                idle = run_load(serve.port, ignored, args, (mark, mark))
                phase1 = PhaseFigures.of("1: idle workers", idle, cpu_marks[1] - cpu_marks[0])

                pushes = [push_body(name, clone_urls[name]) for name in names]
                facts["prime_s"] = prime(serve, pushes)
                feeder = Feeder(serve, pushes, FEED_INTERVAL_S)
                readings: list[dict[tuple[str, str, str], float]] = []
                cpu_marks.clear()

                def window_start() -> None:
                    cpu_marks.append(serve.cpu_s())
                    readings.append(serve.metrics())
                    feeder.measuring = True

                def window_end() -> None:
                    feeder.measuring = False
                    cpu_marks.append(serve.cpu_s())
                    readings.append(serve.metrics())

                feeder.start()
                try:
                    busy = run_load(serve.port, ignored, args, (window_start, window_end))
                finally:
                    feeder.stop()
                phase2 = PhaseFigures.of("2: queued reconciles", busy, cpu_marks[1] - cpu_marks[0])
                before, after = readings
                handled_before = before.get(("handled", "", ""), 0.0)
                handled_after = after.get(("handled", "", ""), 0.0)
                outcomes = handled_outcomes(before, after)
                depths = feeder.window_depths or [0]
                phase2.extra = {
                    "reconciles": round(handled_after - handled_before),
                    "outcomes": outcomes,
                    "failed": outcomes.get("failed", 0),
                    "push_statuses": dict(feeder.statuses),
                    "queue_depth_min": min(depths),
                    "queue_depth_mean": sum(depths) / len(depths),
                    "queue_waiting_share": sum(1 for d in depths if d > 0) / len(depths),
                    "queue_depth_samples": len(depths),
                }
                phase3 = distinct_phase(serve, args)
                facts["violations"] = len(sim.state.violations)
            finally:
                facts["serve_exit"] = serve.stop()
        facts["load_end"] = load_average()
        return {"facts": facts, "phases": [phase1, phase2, phase3]}
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


# --- the report ------------------------------------------------------------------------------


def targets(phases: list[PhaseFigures]) -> list[tuple[str, str, bool]]:
    idle, busy, distinct = phases
    labels = {
        id(idle): "idle workers",
        id(busy): "reconciles running and queued",
        id(distinct): "distinct repositories, each journalled",
    }
    rows = []
    for phase in phases:
        label = labels[id(phase)]
        rows.append(
            (
                f"{label}: at least {TARGET_RATE:.0f} acknowledgements/s",
                f"{phase.rate:.0f}/s",
                phase.rate >= TARGET_RATE,
            )
        )
        rows.append(
            (
                f"{label}: p99 under {TARGET_P99_MS:.0f} ms",
                f"{phase.p99:.1f} ms",
                phase.p99 < TARGET_P99_MS,
            )
        )
        rows.append(
            (
                f"{label}: every answer 2xx, no connection errors",
                f"{phase.non_2xx} non-2xx, {sum(phase.errors.values())} errors",
                phase.non_2xx == 0 and not phase.errors,
            )
        )
    reconciles = busy.extra.get("reconciles", 0)
    waiting = busy.extra.get("queue_waiting_share", 0.0)
    rows.append(
        (
            "phase 2 had work: reconciles completed, deliveries waiting in 90% of samples",
            f"{reconciles} completed, deliveries waiting in {waiting:.0%} of samples",
            reconciles > 0 and waiting >= 0.9,
        )
    )
    return rows


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def render(report: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    facts, phases = report["facts"], report["phases"]
    idle, busy, distinct = phases
    lines = [
        HEADING,
        "",
        f"Written by `{command}`.",
        "",
        f"- date: {facts['date']}",
        f"- machine: {facts['cpus']} CPUs, {facts['platform']}",
        f"- Python {facts['python']}",
        f"- load average (1 min) at start / end: {facts['load_start']:.2f} / "
        f"{facts['load_end']:.2f}",
        f"- server: `{facts['command']}` (GitHub App of {args.repos} repositories on the GitHub "
        f"simulator, run in the benchmark's process)",
        f"- load: {args.connections} keep-alive HTTP/1.1 connections from {args.processes} "
        f"process(es), {args.warmup:g} s warm-up, then {args.seconds:g} s measured per phase",
        f"- each request: a signed `pull_request` `opened` delivery ({facts['ignored_bytes']} "
        "bytes, acknowledged `200` as ignored), with a new `X-GitHub-Delivery`",
        f"- phase 2: a `push` to `main` of each repository ({args.commits} commits after "
        f"`v1.0.0`) twice every {FEED_INTERVAL_S:g} s, so both workers reconcile and every "
        "repository has a delivery waiting; before it, one push per repository is handled "
        f"(the first clone and release PR, {facts['prime_s']:.1f} s, not measured)",
        f"- phase 3: one signed `push` to `main` of each of {args.distinct} distinct "
        "repositories (not on the simulator: the workers fail each quickly), sent once each "
        f"over the {args.connections} connections; every one is journalled durably before "
        "its `202`; acks/s is the count over the time from the first send to the last answer",
        "",
        "Latency: from writing a request's bytes to reading its response's last byte, in ms.",
        "Server CPU: user + system seconds of the `regent serve` process during the window.",
        "",
        "| phase | requests | acks/s | p50 | p95 | p99 | max | non-2xx | errors | server CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        lines.append(
            f"| {phase.name} | {phase.requests} | {phase.rate:.0f} | {_fmt(phase.p50)} | "
            f"{_fmt(phase.p95)} | {_fmt(phase.p99)} | {_fmt(phase.max)} | {phase.non_2xx} | "
            f"{sum(phase.errors.values())} | {phase.server_cpu_s:.2f} |"
        )
    extra = busy.extra
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(extra["outcomes"].items()))
    pushes = ", ".join(f"{status}: {n}" for status, n in sorted(extra["push_statuses"].items()))
    ratio = busy.p99 / idle.p99 if idle.p99 else float("nan")
    lines += [
        "",
        f"Phase 2: {extra['reconciles']} reconciles completed in the measured window "
        f"({outcomes or 'none'}); queue depth (accepted, not started) sampled "
        f"{extra['queue_depth_samples']} times: min {extra['queue_depth_min']}, mean "
        f"{extra['queue_depth_mean']:.1f}, above 0 in {extra['queue_waiting_share']:.0%}; "
        f"push deliveries answered {pushes or 'none'}. "
        f"p99 with queued reconciles / p99 idle: {ratio:.2f}x.",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    for name, measured, passed in targets(phases):
        lines.append(f"| {name} | {measured} | {'PASS' if passed else 'FAIL'} |")
    errors = {**idle.errors, **busy.errors, **distinct.errors}
    notes = []
    if errors:
        notes.append(f"connection errors: {errors}")
    if facts.get("violations"):
        notes.append(f"the simulator recorded {facts['violations']} violation(s)")
    if facts.get("serve_exit") not in (0, None):
        notes.append(f"regent serve exited {facts['serve_exit']}")
    if notes:
        lines += ["", "Notes: " + "; ".join(notes) + "."]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace the section under ``HEADING`` in ``path`` (or append it), keeping the rest."""
    sections.write_section(path, HEADING, section)


def as_json(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "facts": report["facts"],
        "phases": [vars(phase) for phase in report["phases"]],
        "targets": [
            {"target": name, "measured": measured, "pass": passed}
            for name, measured, passed in targets(report["phases"])
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per phase")
    parser.add_argument("--repos", type=int, default=6, help="repositories reconciled in phase 2")
    parser.add_argument("--commits", type=int, default=400, help="commits after v1.0.0 per repo")
    parser.add_argument("--processes", type=int, default=1, help="load generator processes")
    parser.add_argument(
        "--distinct", type=int, default=2000, help="repositories pushed to once each in phase 3"
    )
    parser.add_argument("--output", type=Path, help="write the section into this Markdown file")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 2 s phases, 2 tiny repositories"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.warmup, args.repos, args.commits = 2.0, 1.0, 2, 20
        args.distinct = min(args.distinct, 300)
    if (
        min(args.connections, args.processes, args.repos, args.distinct) < 1
        or args.connections < args.processes
    ):
        parser.error(
            "--connections, --processes, --repos, --distinct: at least 1, connections >= processes"
        )
    command = shlex.join([".venv/bin/python", "bench/serve_load.py", *sys.argv[1:]])
    report = measure(args)
    section = render(report, command, args)
    print(section, end="")
    if args.output is not None:
        write_section(args.output, section)
    if args.json is not None:
        args.json.write_text(json.dumps(as_json(report), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
