"""An HTTP server standing in for an attacker's host: it answers 404 to every GET and records
the path and ``Authorization`` header of each request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Seen = list[tuple[str, str | None]]


@contextmanager
def recording_server() -> Iterator[tuple[str, Seen]]:
    """The server's base URL (``http://127.0.0.1:PORT``) and the requests it saw, while open."""
    seen: Seen = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Authorization")))
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
