"""`python -m regent serve` as a real process on a free loopback port (tests, benchmarks)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
KEPT_ENVIRONMENT = {"PATH", "HOME", "LANG", "LC_ALL"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def serve_environment(
    *, app_id: int, key: str, secret: str, api_url: str, cache: Path, git_url: str = ""
) -> dict[str, str]:
    """The settings a webhook door reads, pointing at a local simulator (no API pauses);
    ``git_url``: the simulator's repositories folder as a file URL (``REGENT_GIT_URL``)."""
    keep = {name: value for name, value in os.environ.items() if name in KEPT_ENVIRONMENT}
    return keep | {
        "PYTHONPATH": str(ROOT),
        "GITHUB_APP_ID": str(app_id),
        "GITHUB_APP_PRIVATE_KEY": key,
        "GITHUB_WEBHOOK_SECRET": secret,
        "GITHUB_API_URL": api_url,
        "REGENT_CACHE_DIR": str(cache),
        "REGENT_GIT_URL": git_url,
        "REGENT_GITHUB_THROTTLE": "off",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


class ServeProcess:
    """The server with ``arguments`` after ``--port``; its stderr (JSON lines) in a file."""

    def __init__(self, work: Path, environment: dict[str, str], *arguments: str) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = work / "serve.log"
        self.command = [sys.executable, "-m", "regent", "serve", "--port", str(self.port)]
        self.command += arguments
        self._stderr = self.log.open("wb")
        self.process = subprocess.Popen(
            self.command,
            cwd=work,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )

    def get(self, path: str) -> tuple[int, str]:
        """Status and text of ``GET path``; (0, "") while nothing answers."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            connection.request("GET", path)
            reply = connection.getresponse()
            return reply.status, reply.read().decode()
        except OSError:
            return 0, ""
        finally:
            connection.close()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until ``/healthz`` answers 200; RuntimeError (with the log) if it exits or never does."""
        deadline = time.monotonic() + timeout
        while self.get("/healthz")[0] != 200:
            if self.process.poll() is not None:
                raise RuntimeError(f"regent serve exited:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"regent serve did not answer /healthz:\n{self.log.read_text()}")
            time.sleep(0.1)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, then its exit code (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        finally:
            self._stderr.close()

    def log_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]
