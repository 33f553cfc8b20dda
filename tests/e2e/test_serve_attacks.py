"""``regent serve`` as a real process, attacked over real sockets as a stranger on the internet
could: slow requests, large unsigned or forged bodies, deliveries with made-up headers, and
delivery ids GitHub never sends. Each attack must fail safe: the service stays answerable, its
memory and its metrics stay bounded, and nothing it accepted is lost.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import resource
import selectors
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_keys import private_pem
from tests.github_sim.webhooks import signature
from tests.serve_process import HOST, ServeProcess, serve_environment

pytestmark = pytest.mark.e2e

SECRET = "attack webhook secret"
DEADLINE_S = 1.5
"""The delivery deadline the attacked servers run with (REGENT_DELIVERY_TIMEOUT)."""
ANSWER_GUARD_S = 30.0
"""Generous bound on waiting for answers (not a speed assertion: the deadline is what counts)."""
PING = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()
MIB = 1024 * 1024
PUSH = {
    "ref": "refs/heads/main",
    "repository": {
        "full_name": "octo/widget",
        "default_branch": "main",
        "clone_url": "http://127.0.0.1:9/octo/widget.git",
    },
    "installation": {"id": 1},
}
"""A push to a base branch: work to queue (its handling fails later: the API is unreachable)."""


@contextlib.contextmanager
def serving(work: Path, *, deadline: float, **settings: str) -> Iterator[ServeProcess]:
    """A server acting for an App on an API nobody needs to reach: these attacks end before any
    GitHub call. ``settings``: more environment variables (REGENT_MAX_CONNECTIONS...)."""
    environment = serve_environment(
        app_id=1, key=private_pem(), secret=SECRET, api_url="http://127.0.0.1:9", cache=work
    )
    environment["REGENT_DELIVERY_TIMEOUT"] = str(deadline)
    environment |= settings
    started = ServeProcess(work, environment)
    try:
        started.wait_ready()
        yield started
    finally:
        started.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    with serving(tmp_path, deadline=DEADLINE_S) as started:
        yield started


def request_head(length: int, **headers: str) -> bytes:
    """A POST /webhook request line and headers announcing ``length`` body bytes."""
    lines = [
        "POST /webhook HTTP/1.1",
        f"Host: {HOST}",
        "Content-Type: application/json",
        f"Content-Length: {length}",
        "Connection: close",  # as GitHub's deliveries: one request per connection
    ]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def github_headers(
    body: bytes, *, event: str = "ping", delivery: str | None = None
) -> dict[str, str]:
    return {
        "X_GitHub_Event": event,
        "X_GitHub_Delivery": delivery or str(uuid.uuid4()),
        "X_Hub_Signature_256": signature(SECRET, body),
    }


def connect(server: ServeProcess) -> socket.socket:
    return socket.create_connection((HOST, server.port), timeout=ANSWER_GUARD_S)


def answers(sockets: list[socket.socket], timeout: float) -> list[int | None]:
    """Each socket's response status once the server has answered and closed it; None for a
    socket the server closed without an answer, and the test fails for one still open."""
    selector = selectors.DefaultSelector()
    received: dict[int, bytes] = {}
    for index, sock in enumerate(sockets):
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, index)
        received[index] = b""
    open_ones = len(sockets)
    deadline = time.monotonic() + timeout
    while open_ones and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.2):
            try:
                chunk = key.fileobj.recv(65536)  # type: ignore[union-attr]
            except (ConnectionResetError, BlockingIOError):
                chunk = b""
            if chunk:
                received[key.data] += chunk
                continue
            selector.unregister(key.fileobj)
            open_ones -= 1
    assert open_ones == 0, f"{open_ones} connections still held after {timeout} s"
    return [_status(received[index]) for index in range(len(sockets))]


def _status(response: bytes) -> int | None:
    if not response.startswith(b"HTTP/1.1 "):
        return None
    return int(response.split(b" ", 2)[1])


def enough_files(count: int) -> None:
    """Let this test process hold ``count`` sockets (within the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def test_a_thousand_half_sent_bodies_cannot_hold_the_service(server: ServeProcess) -> None:
    """1,000 connections send their headers and half a body, then wait: /healthz is answered
    while they are held, and every one is answered 408 (its body did not arrive within the
    deadline) or 503 (the bodies being read were all taken) and closed."""
    enough_files(1000)
    body = PING + b" " * 1000
    head = request_head(len(body), **github_headers(body))
    slow = []
    for _ in range(1000):
        sock = connect(server)
        sock.sendall(head + body[: len(body) // 2])
        slow.append(sock)

    assert server.get("/healthz")[0] == 200

    statuses = answers(slow, ANSWER_GUARD_S)
    assert set(statuses) <= {408, 503}, statuses
    assert 408 in statuses
    assert 503 in statuses
    assert server.get("/healthz")[0] == 200
    metrics = server.get("/metrics")[1]
    assert 'regent_deliveries_total{event="ping",outcome="timed_out"}' in metrics


def test_headers_that_never_end_are_dropped_at_the_deadline(server: ServeProcess) -> None:
    """Slowloris: request headers sent in part and never finished get 408 and are closed."""
    enough_files(200)
    slow = []
    for index in range(200):
        sock = connect(server)
        sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nX-Slow-" + str(index).encode())
        slow.append(sock)
    assert server.get("/healthz")[0] == 200
    assert set(answers(slow, ANSWER_GUARD_S)) == {408}


def test_endless_headers_are_refused(server: ServeProcess) -> None:
    sock = connect(server)
    sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nX-Long: ")
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused while sending
        for _ in range(64):  # 4 MiB of one header value
            sock.sendall(b"a" * 65536)
    assert answers([sock], ANSWER_GUARD_S) in ([431], [None])
    assert server.get("/healthz")[0] == 200


def peak_memory(server: ServeProcess) -> int:
    """The server process's peak resident memory so far, in bytes (VmHWM)."""
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def test_large_unsigned_bodies_are_refused_before_they_are_read(server: ServeProcess) -> None:
    """16 bodies of 24 MB announced without a signature: each answered 401 from its headers
    alone, before a byte of the body is sent."""
    sockets = []
    for _ in range(16):
        sock = connect(server)
        sock.sendall(
            request_head(24 * MIB, X_GitHub_Event="push", X_GitHub_Delivery=str(uuid.uuid4()))
        )
        sockets.append(sock)
    assert answers(sockets, ANSWER_GUARD_S) == [401] * 16


def test_large_forged_bodies_do_not_raise_memory(tmp_path: Path) -> None:
    """8 concurrent 24 MiB bodies under a well-formed but wrong signature (as many as the bodies
    read at once): each is hashed as it streams into a spool and refused 401 before it is read
    back, so the server's peak memory grows by less than one body, not by the 192 MiB sent.
    The deadline is long here, so that the bodies are read whole."""
    with serving(tmp_path, deadline=60.0) as server:
        before = peak_memory(server)
        statuses = forge_concurrently(server, 8, size=24 * MIB)
        growth = peak_memory(server) - before
        assert server.get("/healthz")[0] == 200
    assert statuses == [401] * 8, statuses
    assert growth < 20 * MIB, f"peak memory grew by {growth // MIB} MiB"


def forge_concurrently(server: ServeProcess, count: int, *, size: int) -> list[int | None]:
    """Send ``count`` bodies of ``size`` bytes at once, under a wrong signature: the statuses."""
    body = b"{" + b" " * (size - 2) + b"}"
    forged = {"X_Hub_Signature_256": "sha256=" + "0" * 64}
    statuses: list[int | None] = []
    lock = threading.Lock()

    def send() -> None:
        sock = connect(server)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused early
            sock.sendall(request_head(len(body), **github_headers(PING) | forged) + body)
        [status] = answers([sock], ANSWER_GUARD_S)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def series(metrics: str) -> list[str]:
    return [line for line in metrics.splitlines() if line and not line.startswith("#")]


def test_made_up_headers_do_not_grow_the_metrics(server: ServeProcess) -> None:
    """Thousands of deliveries carrying a body GitHub signed, and headers (which no signature
    covers) made up each time: the metrics keep a small, fixed set of series."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    statuses: Counter[int] = Counter()
    for index in range(2000):
        headers = github_headers(PING, event=f"made_up_{index}")
        headers[f"X_Made_Up_{index}"] = str(index)
        if index % 10 == 1:
            headers["X_GitHub_Delivery"] = f"not-an-id-{index}"
        named = {name.replace("_", "-"): value for name, value in headers.items()}
        connection.request("POST", "/webhook", body=PING, headers=named)
        reply = connection.getresponse()
        reply.read()
        statuses[reply.status] += 1
    connection.close()
    metrics = server.get("/metrics")[1]
    assert "made_up" not in metrics
    assert "not-an-id" not in metrics
    counted = [line for line in metrics.splitlines() if line.startswith("regent_deliveries_total{")]
    assert len(counted) == 2, counted
    assert len(metrics) < 16 * 1024
    assert statuses == {200: 1800, 400: 200}
    assert 'regent_deliveries_total{event="other",outcome="ignored"} 1800.0' in metrics


@pytest.mark.parametrize(
    "delivery",
    [
        pytest.param("x" * 300, id="300-characters"),
        pytest.param("abc.1", id="dotted"),
        pytest.param("abc_1", id="underscored"),
        pytest.param("../../escape", id="path"),
    ],
)
def test_a_delivery_id_github_never_sends_is_400_and_not_remembered(
    server: ServeProcess, tmp_path: Path, delivery: str
) -> None:
    """Refused from its headers, before anything is remembered or stored: the same push under
    the id GitHub's redelivery carries is then accepted (202), not "already received"."""
    push = json.dumps(PUSH).encode()
    response = exchange(server, push, github_headers(push, event="push", delivery=delivery))
    assert response.startswith(b"HTTP/1.1 400 ")
    assert b"is not a GitHub delivery id" in response
    assert len(response) < 600, "the refused id is echoed in full"
    assert list((tmp_path / "journal").iterdir()) == []

    redelivery = github_headers(push, event="push")
    assert exchange(server, push, redelivery).startswith(b"HTTP/1.1 202 ")
    assert b"already received" in exchange(server, push, redelivery)
    metrics = server.get("/metrics")[1]
    assert 'regent_deliveries_total{event="push",outcome="rejected_payload"} 1.0' in metrics
    assert 'regent_deliveries_total{event="push",outcome="accepted"} 1.0' in metrics
    server.process.kill()  # rather than wait for the accepted push's calls to an absent API


def exchange(server: ServeProcess, body: bytes, headers: dict[str, str]) -> bytes:
    """One request on its own connection: the whole response, read until the server closes."""
    with connect(server) as sock:
        sock.sendall(request_head(len(body), **headers) + body)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    return response


def test_chunked_bodies_are_refused_before_any_trailer_is_read(server: ServeProcess) -> None:
    """A chunked body (GitHub always sends Content-Length) under a well-shaped signature, ended
    by endless trailer lines: refused 411 from its headers, and memory stays flat however many
    trailer bytes follow."""
    before = peak_memory(server)
    sock = connect(server)
    head = request_head(0, **github_headers(PING) | {"X_Hub_Signature_256": "sha256=" + "0" * 64})
    head = head.replace(b"Content-Length: 0\r\n", b"Transfer-Encoding: chunked\r\n")
    trailers = (b"X-T: " + b"a" * 8000 + b"\r\n") * 64
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # closed while sending
        sock.sendall(head + b"2\r\n{}\r\n0\r\n")
        for _ in range(128):  # 64 MiB of trailer fields
            sock.sendall(trailers)
    assert answers([sock], ANSWER_GUARD_S) in ([411], [None])
    growth = peak_memory(server) - before
    assert growth < 16 * MIB, f"peak memory grew by {growth // MIB} MiB"
    assert server.get("/healthz")[0] == 200


def test_many_small_header_fields_are_refused(server: ServeProcess) -> None:
    """200 connections each sending 60 KiB of 5-byte header fields: each refused 431 at its
    101st field, so the fields held never add up (they took 731 MiB for 1,000 connections)."""
    enough_files(200)
    before = peak_memory(server)
    fields = b"POST /webhook HTTP/1.1\r\nHost: x\r\n" + b"a:b\r\n" * 12_000
    sockets = []
    for _ in range(200):
        sock = connect(server)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused while sending
            sock.sendall(fields)
        sockets.append(sock)
    assert set(answers(sockets, ANSWER_GUARD_S)) <= {431, None}
    growth = peak_memory(server) - before
    assert growth < 32 * MIB, f"peak memory grew by {growth // MIB} MiB"
    assert server.get("/healthz")[0] == 200


def open_files(server: ServeProcess) -> int:
    return len(list(Path(f"/proc/{server.process.pid}/fd").iterdir()))


def test_connections_over_the_cap_are_closed_at_once(tmp_path: Path) -> None:
    """500 idle connections to a server capped at 50: it holds at most 50 (the rest are answered
    503 and closed as they come), /healthz is answered at once (503 while the cap is full,
    never held), and 200 once the held ones are dropped at the deadline."""
    enough_files(500)
    with serving(tmp_path, deadline=3.0, REGENT_MAX_CONNECTIONS="50") as server:
        idle = open_files(server)
        flood = [connect(server) for _ in range(500)]
        time.sleep(0.5)  # let the server accept what it will
        held = open_files(server) - idle
        assert server.get("/healthz")[0] in (503, 0)
        statuses = Counter(answers(flood, ANSWER_GUARD_S))
        assert server.get("/healthz")[0] == 200
    assert held <= 50, f"the server held {held} connections"
    assert statuses[503] >= 450, statuses
    assert set(statuses) <= {408, 503, None}, statuses


def test_a_pipelined_request_is_held_to_the_same_header_limits(server: ServeProcess) -> None:
    """A request sent behind another on one connection, before the first is answered, with
    12,000 header fields: its fields are counted as they are parsed, and it is refused 431."""
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    second = b"POST /webhook HTTP/1.1\r\nHost: x\r\n" + b"a:b\r\n" * 12_000
    with connect(server) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused while sending
            sock.sendall(first + second)
        response = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                response += chunk
    assert b"HTTP/1.1 431 " in response
    assert server.get("/healthz")[0] == 200


def test_a_body_still_trickling_after_the_answer_is_dropped_at_the_deadline(
    server: ServeProcess,
) -> None:
    """A request the service answers without reading its body (a POST where only GET is
    served), whose announced megabyte then arrives a byte at a time: the connection is closed
    at the deadline after the answer, not held for as long as the bytes keep coming."""
    with connect(server) as sock:
        sock.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n{")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # closed meanwhile
            for _ in range(int(4 * DEADLINE_S / 0.1)):
                sock.sendall(b" ")
                time.sleep(0.1)
        response = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                response += chunk
    assert response.startswith(b"HTTP/1.1 405 ")
    assert b"HTTP/1.1 408 " in response
