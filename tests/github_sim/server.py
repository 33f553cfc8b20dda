"""The HTTP server: ThreadingHTTPServer on 127.0.0.1 in a background thread."""

from __future__ import annotations

import importlib
import json
import shutil
import socket
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.github_sim.dispatch import dispatch
from tests.github_sim.routing import Headers, Request, Response
from tests.github_sim.state import SimState

PACKAGE = "tests.github_sim"
CORE_MODULES = ("control",)
POLL_S = 0.005


def load_routes() -> None:
    """Import the control module and every ``routes_*.py`` module, which register themselves."""
    for name in CORE_MODULES:
        importlib.import_module(f"{PACKAGE}.{name}")
    for module in sorted(Path(__file__).parent.glob("routes_*.py")):
        importlib.import_module(f"{PACKAGE}.{module.stem}")


class SimServer:
    """The simulator on a free port of 127.0.0.1; a context manager.

    State lives in ``state_dir`` (a temporary directory, removed on stop, when not given).
    """

    def __init__(self, state_dir: Path | None = None, *, port: int = 0) -> None:
        load_routes()
        self._temporary = state_dir is None
        directory = Path(tempfile.mkdtemp(prefix="github-sim-")) if state_dir is None else state_dir
        directory.mkdir(parents=True, exist_ok=True)
        self.state = SimState(directory)
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.state = self.state
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the socket and remove a temporary state directory."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        if self._temporary:
            shutil.rmtree(self.state.state_dir, ignore_errors=True)

    def serve_forever(self) -> None:
        """Block until the process is killed (for the standalone command)."""
        self._thread.join()

    def __enter__(self) -> SimServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # not 5: a loaded machine accepting late makes clients retry SYNs
    state: SimState

    def server_activate(self) -> None:
        """Listen without blocking: a connection gone between the poll and ``accept`` (a client
        that reset it) must not leave ``serve_forever`` blocked in ``accept``, deaf to
        ``shutdown``."""
        super().server_activate()
        self.socket.setblocking(False)

    def get_request(self) -> tuple[socket.socket, Any]:
        request, address = self.socket.accept()
        request.setblocking(True)
        return request, address


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once on kept-alive connections
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is available through ``GET /_sim/requests``."""

    def _handle(self) -> None:
        raw_body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=Headers(dict(self.headers.items())),
            body=None,
            raw_body=raw_body,
            token=None,
            params={},
            base_url=f"http://{self.headers.get('Host') or _address(self.server)}",
        )
        outcome = dispatch(self.server.state, request)
        if outcome.response is None:
            self._drop()
        else:
            self._send(outcome.response)

    def _send(self, response: Response) -> None:
        body = response.body
        payload = (
            body
            if isinstance(body, bytes)  # a download (release asset), sent as it is
            else b""
            if body is None
            else json.dumps(body).encode("utf-8")
        )
        self.send_response(response.status)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-GitHub-Request-Id": _request_id(),
            "X-GitHub-Media-Type": "github.v3; format=json",
            **response.headers,
            "Content-Length": str(len(payload)),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            return


def _address(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"{host!s}:{port}"


def _request_id() -> str:
    """An id shaped like GitHub's: ``ABCD:12345:...`` (five groups of hex digits)."""
    digits = uuid.uuid4().hex.upper()
    return ":".join((digits[:4], digits[4:9], digits[9:16], digits[16:23], digits[23:31]))
