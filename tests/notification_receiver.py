"""A local HTTP server standing in for Slack or a webhook receiver: it records each POST
(path, headers, body) and answers the status it is told to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Posted:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """The base URL, what was posted, and the status the next POSTs get."""

    url: str
    posted: list[Posted] = field(default_factory=list)
    status: int = 200


@contextmanager
def notification_receiver() -> Iterator[Receiver]:
    """A receiver on ``http://127.0.0.1:PORT``, while open."""
    receiver = Receiver("")

    class Record(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            receiver.posted.append(Posted(self.path, dict(self.headers.items()), body))
            reply = b"ok" if receiver.status < 300 else b"invalid_token"
            self.send_response(receiver.status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
