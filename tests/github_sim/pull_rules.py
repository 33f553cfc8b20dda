"""GitHub's rules for pull requests: lookups, validation errors, list filters and sorting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.github_sim import pull_git
from tests.github_sim.pull_json import comment_count
from tests.github_sim.records import PullRecord, now_iso
from tests.github_sim.routing import Request, SimError
from tests.github_sim.state import SimRepo

STATES = ("open", "closed", "all")
SortKey = Callable[[PullRecord], Any]


@dataclass(frozen=True)
class Edited:
    """What an edit may change on a pull request, as it was before the edit."""

    title: str
    body: str | None
    base: str
    base_sha: str

    @classmethod
    def before(cls, pull: PullRecord) -> Edited:
        return cls(pull.title, pull.body, pull.base, pull.base_sha)

    def changes(self, pull: PullRecord) -> dict[str, Any]:
        """The ``changes`` of a ``pull_request`` ``edited`` event (empty: nothing edited)."""
        found: dict[str, Any] = {}
        if pull.title != self.title:
            found["title"] = {"from": self.title}
        if pull.body != self.body:
            found["body"] = {"from": self.body or ""}
        if pull.base != self.base:
            found["base"] = {"ref": {"from": self.base}, "sha": {"from": self.base_sha}}
        return found


def validation_failed(*errors: dict[str, Any]) -> SimError:
    """GitHub's 422 "Validation Failed" with its ``errors`` list."""
    return SimError(422, "Validation Failed", errors=list(errors))


def invalid(resource: str, field: str) -> SimError:
    return validation_failed({"resource": resource, "field": field, "code": "invalid"})


def custom(message: str) -> SimError:
    return validation_failed({"resource": "PullRequest", "code": "custom", "message": message})


def find_pull(repo: SimRepo, number: str) -> PullRecord:
    """The pull request ``number`` (a path segment), or a 404."""
    pull = repo.pulls.get(int(number)) if number.isdigit() else None
    if pull is None:
        raise SimError(404, "Not Found")
    return pull


def head_branch(repo: SimRepo, head: Any) -> str:
    """The branch named by ``head``: ``branch`` or ``owner:branch`` (forks are not modelled)."""
    if not isinstance(head, str) or not head:
        raise invalid("PullRequest", "head")
    owner, colon, branch = head.rpartition(":")
    if colon and owner.lower() != repo.owner.lower():
        raise invalid("PullRequest", "head")
    return branch


def text_field(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """A string field of a request body; 422 when required and missing, or not a string."""
    value = body.get(name)
    if value is None and required:
        raise validation_failed({"resource": "PullRequest", "field": name, "code": "missing_field"})
    if value is not None and not isinstance(value, str):
        raise invalid("PullRequest", name)
    return value


def check_new_pull(repo: SimRepo, head: str, base: Any) -> str:
    """The base branch; GitHub's 422 when a pull request from ``head`` into it cannot be opened."""
    if not isinstance(base, str) or repo.ref_sha(f"refs/heads/{base}") is None:
        raise invalid("PullRequest", "base")
    head_sha = repo.ref_sha(f"refs/heads/{head}")
    if head_sha is None:
        raise invalid("PullRequest", "head")
    if _open_pull_for(repo, head, base) is not None:
        raise custom(f"A pull request already exists for {repo.owner}:{head}.")
    if head == base or not repo.git("rev-list", "-n", "1", f"refs/heads/{base}..{head_sha}"):
        raise custom(f"No commits between {base} and {head}")
    return base


def check_reopen(repo: SimRepo, pull: PullRecord) -> None:
    """Raise GitHub's 422 when a closed pull request cannot be reopened."""
    if pull.merged:
        raise invalid("PullRequest", "state")
    if repo.ref_sha(f"refs/heads/{pull.head}") is None:
        raise custom(f"state cannot be changed. The {pull.head} branch has been deleted.")
    if _open_pull_for(repo, pull.head, pull.base) is not None:
        raise custom(f"A pull request already exists for {repo.owner}:{pull.head}.")


def change_state(repo: SimRepo, pull: PullRecord, wanted: Any) -> str | None:
    """Close or reopen ``pull``; the webhook action to send when its state changed."""
    if wanted is None or wanted == pull.state:
        return None
    if wanted == "closed":
        pull.state, pull.closed_at = "closed", now_iso()
        return "closed"
    if wanted != "open":
        raise invalid("PullRequest", "state")
    check_reopen(repo, pull)
    pull.state, pull.closed_at = "open", None
    pull_git.refresh(repo, pull)
    return "reopened"


def _open_pull_for(repo: SimRepo, head: str, base: str) -> PullRecord | None:
    for pull in repo.pulls.values():
        if pull.state == "open" and (pull.head, pull.base) == (head, base):
            return pull
    return None


def filter_pulls(repo: SimRepo, request: Request) -> list[PullRecord]:
    """The pull requests a list request asks for, in the order it asks for."""
    state = request.arg("state") or "open"
    if state not in STATES:
        raise invalid("PullRequest", "state")
    chosen = [pull for pull in repo.pulls.values() if state in ("all", pull.state)]
    chosen = [pull for pull in chosen if _head_matches(repo, pull, request.arg("head"))]
    base = request.arg("base")
    chosen = [pull for pull in chosen if base is None or pull.base == base]
    return _sorted(repo, chosen, request.arg("sort") or "created", request.arg("direction"))


def _head_matches(repo: SimRepo, pull: PullRecord, head: str | None) -> bool:
    """``owner:branch`` filters; a value without an owner is ignored, as GitHub ignores it."""
    if head is None or ":" not in head:
        return True
    owner, _, branch = head.partition(":")
    return owner.lower() == repo.owner.lower() and pull.head == branch


def _sorted(
    repo: SimRepo, pulls: list[PullRecord], sort: str, direction: str | None
) -> list[PullRecord]:
    keys: dict[str, SortKey] = {
        "created": lambda pull: (pull.created_at, pull.number),
        "updated": lambda pull: (pull.updated_at, pull.number),
        "popularity": lambda pull: (comment_count(repo, pull.number), pull.number),
        "long-running": lambda pull: (pull.created_at, pull.number),
    }
    if sort not in keys:
        raise invalid("PullRequest", "sort")
    descending = (direction or ("desc" if sort == "created" else "asc")) == "desc"
    if sort == "long-running":
        descending = not descending
    return sorted(pulls, key=keys[sort], reverse=descending)


def associated_pulls(repo: SimRepo, sha: str) -> list[PullRecord]:
    """Pull requests for a commit: the merged ones once it is on the default branch, else all."""
    on_default = pull_git.reachable(repo, sha, repo.default_branch)
    return [
        pull
        for _, pull in sorted(repo.pulls.items())
        if (pull.merged or not on_default) and pull_git.associated_with(repo, pull, sha)
    ]
