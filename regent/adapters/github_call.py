"""One port operation on one repository: the lazy PyGithub repository and how to write to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from github.GithubException import GithubException
from github.Repository import Repository

from regent.adapters.github_writes import Writer
from regent.core.github_port import RepoRef


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


def already_exists(error: GithubException) -> bool:
    """GitHub's 422 for creating something that is already there (ref, pull request, release)."""
    if error.status != 422:
        return False
    data = error.data if isinstance(error.data, dict) else {}
    details = [item for item in data.get("errors") or () if isinstance(item, dict)]
    codes = {str(item.get("code")) for item in details}
    said = " ".join(
        [str(data.get("message", ""))] + [str(item.get("message", "")) for item in details]
    )
    return "already_exists" in codes or "already exists" in said.lower()
