"""A small JSON client for the simulator (standard library only), for tests and scripts."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any

DEFAULT_TOKEN = "sim-token"
TIMEOUT_S = 30


@dataclass(frozen=True)
class Reply:
    """Status, headers (case-insensitive lookup) and parsed JSON body (None when empty)."""

    status: int
    headers: Mapping[str, str]
    body: Any


class SimClient:
    """Calls the simulator at ``url`` with ``token`` (None: no Authorization header)."""

    def __init__(self, url: str, token: str | None = DEFAULT_TOKEN) -> None:
        self.url = url
        self.token = token

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | EllipsisType | None = ...,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """Send one request (``token`` ``...``: the client's); error statuses are returned."""
        token = self.token if isinstance(token, EllipsisType) else token
        sent = {"Accept": "application/vnd.github+json", **(headers or {})}
        if token is not None:
            sent.setdefault("Authorization", f"token {token}")
        data = None if body is None else json.dumps(body).encode("utf-8")
        if data is not None:
            sent["Content-Type"] = "application/json"
        call = urllib.request.Request(self.url + path, data=data, method=method, headers=sent)
        try:
            return _send(call)
        except ConnectionResetError:
            # Under load on 2 cores a fresh connection is, rarely, reset before any answer (no
            # server error is logged). A read of the control API (which never drops a
            # connection on purpose, unlike an injected fault) is safe to send again.
            if method != "GET" or not path.startswith("/_sim/"):
                raise
            return _send(call)

    def get(self, path: str, **options: Any) -> Reply:
        return self.request("GET", path, **options)

    def post(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.request("POST", path, body, **options)

    def patch(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.request("PATCH", path, body, **options)

    def put(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.request("PUT", path, body, **options)

    def delete(self, path: str, **options: Any) -> Reply:
        return self.request("DELETE", path, **options)

    def create_repo(
        self, full_name: str, source: Path | None = None, default_branch: str = "main"
    ) -> Path:
        """Register ``full_name`` (a bare clone of ``source``) and return its git directory."""
        body = {"full_name": full_name, "default_branch": default_branch}
        if source is not None:
            body["source"] = str(source)
        reply = self.post("/_sim/repos", body)
        if reply.status != 201:
            raise AssertionError(f"cannot create {full_name}: {reply.body}")
        return Path(reply.body["git_dir"])


def _reply(status: int, headers: Any, raw: bytes) -> Reply:
    return Reply(status, headers, json.loads(raw) if raw.strip() else None)


def _send(call: urllib.request.Request) -> Reply:
    """One request; an error status is a reply like any other."""
    try:
        with urllib.request.urlopen(call, timeout=TIMEOUT_S) as response:
            return _reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return _reply(error.code, error.headers, error.read())
