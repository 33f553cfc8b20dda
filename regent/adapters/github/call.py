"""One port operation on one repository: the lazy PyGithub repository and how to write to it."""

from __future__ import annotations

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


def absent(error: GithubException) -> bool:
    """A 404: the thing asked for does not exist (or the token cannot see it)."""
    return error.status == 404
