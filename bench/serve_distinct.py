"""The distinct-repositories phase of ``serve_load.py``: N signed pushes to N repositories.

Every delivery needs work (a reconcile of its repository's ``main``) and none can fold into
another, so each one is journalled before it is acknowledged: the phase measures the journal's
cost per acknowledgement, which the ignored deliveries of phases 1 and 2 never pay. The
repositories are not on the simulator: the workers fail each reconcile quickly (no such
repository), as they would for an installation's repositories they cannot read, and keep
both worker threads busy while the acknowledgements are timed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import socket
import time
import uuid
from array import array
from collections import Counter
from collections.abc import Callable
from typing import Any

HOST = "127.0.0.1"


async def _connection(
    port: int, requests: list[bytes], taken: list[int], result: dict[str, Any]
) -> None:
    """Send the next untaken request, read its answer, until every request was sent."""
    perf = time.perf_counter
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while taken[0] < len(requests):
            index = taken[0]
            taken[0] += 1
            began = perf()
            writer.write(requests[index])
            response = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", response)
            if length is None:
                raise ValueError("a response without Content-Length")
            await reader.readexactly(int(length.group(1)))
            ended = perf()
            result["latencies"].append(ended - began)
            result["statuses"][int(response[9:12])] += 1
            result["first"] = min(result["first"], began)
            result["last"] = max(result["last"], ended)
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        result["errors"][type(error).__name__] += 1
    finally:
        writer.close()


async def _load(port: int, requests: list[bytes], connections: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "latencies": array("d"),
        "statuses": Counter(),
        "errors": Counter(),
        "first": float("inf"),
        "last": float("-inf"),
    }
    taken = [0]
    await asyncio.gather(*(_connection(port, requests, taken, result) for _ in range(connections)))
    return result


def load_process(port: int, requests: list[bytes], connections: int, output: Any) -> None:
    """Child process: send every request once over ``connections`` connections."""
    result = asyncio.run(_load(port, requests, connections))
    output.put(
        (
            result["latencies"].tobytes(),
            dict(result["statuses"]),
            dict(result["errors"]),
            max(0.0, result["last"] - result["first"]),
        )
    )


def distinct_requests(port: int, bodies: list[bytes], sign: Callable[[bytes], str]) -> list[bytes]:
    """One signed ``push`` request per body, each with its own delivery id."""
    requests = []
    for body in bodies:
        head = (
            f"POST /webhook HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            "User-Agent: GitHub-Hookshot/bench\r\nAccept: */*\r\n"
            "Content-Type: application/json\r\n"
            "X-GitHub-Event: push\r\nX-GitHub-Hook-ID: 1\r\n"
            f"X-Hub-Signature-256: {sign(body)}\r\n"
            f"Content-Length: {len(body)}\r\nX-GitHub-Delivery: {uuid.uuid4()}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    return requests


def run_distinct(
    port: int, requests: list[bytes], connections: int
) -> tuple[array[float], Counter[int], Counter[str], float]:
    """Latencies (s), statuses, errors and the seconds from the first send to the last answer."""
    context = multiprocessing.get_context("spawn")
    output = context.Queue()
    child = context.Process(
        target=load_process, args=(port, requests, connections, output), daemon=True
    )
    child.start()
    raw, statuses, errors, seconds = output.get(timeout=600)
    child.join(timeout=30)
    latencies = array("d")
    latencies.frombytes(raw)
    return latencies, Counter(statuses), Counter(errors), seconds
