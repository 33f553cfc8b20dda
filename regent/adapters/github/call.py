"""One port operation on one repository: the lazy PyGithub repository and how to write to it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from github.GithubException import GithubException
from github.Repository import Repository

from regent.adapters.github.writes import Writer
from regent.core.model import RepoRef


@dataclass(frozen=True, slots=True)
class RepoCall:
    """What an operation works with; ``api`` costs no request until used."""

    ref: RepoRef
    api: Repository
    writer: Writer

    def request(self, verb: str, path: str, *, body: Any = None) -> Any:
        """One REST request under the repository's URL (for endpoints PyGithub wraps wastefully)."""
        _, data = self.api.requester.requestJsonAndCheck(verb, f"{self.api.url}{path}", input=body)
        return data

    def request_status(self, verb: str, path: str, *, body: Any = None) -> tuple[int, Any]:
        """As ``request``, with the status, for endpoints whose 200 and 201 differ in meaning."""
        requester = self.api.requester
        status, headers, text = requester.requestJson(verb, f"{self.api.url}{path}", input=body)
        data = json.loads(text) if text else None
        if status >= 400:
            raise requester.createException(status, headers, data if isinstance(data, dict) else {})
        return status, data


def absent(error: GithubException) -> bool:
    """A 404: the thing asked for does not exist (or the token cannot see it)."""
    return error.status == 404
