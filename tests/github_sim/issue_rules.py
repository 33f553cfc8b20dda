"""Issue lookups, permissions (issues or pull requests) and label-list parsing, as GitHub does."""

from __future__ import annotations

import re
from typing import Any

from tests.github_sim.auth import NOT_ACCESSIBLE, check_permission, token_info
from tests.github_sim.issue_json import Issue
from tests.github_sim.records import LabelRecord, PullRecord
from tests.github_sim.routing import Request, SimError
from tests.github_sim.state import SimRepo, SimState

DEFAULT_COLOR = "ededed"
COLOR = re.compile(r"^[0-9a-fA-F]{6}$")


def find_issue(repo: SimRepo, number: str) -> Issue:
    """The issue or pull request ``number`` (a path segment), or a 404."""
    key = int(number) if number.isdigit() else -1
    found: Issue | None = repo.pulls.get(key) or repo.issues.get(key)
    if found is None:
        raise SimError(404, "Not Found")
    return found


def require(state: SimState, request: Request, issue: Issue | None, level: str) -> None:
    """403 unless the token may touch issues, or pull requests when ``issue`` is one.

    ``issue`` None: a repository-level endpoint (labels), which either permission opens.
    """
    info = token_info(state, request.token)
    either = issue is None or isinstance(issue, PullRecord)
    choices = ("pull_requests", "issues") if either else ("issues",)
    refused = SimError(403, NOT_ACCESSIBLE)
    for name in choices:
        try:
            check_permission(info, (name, level))
        except SimError as error:
            refused = error
        else:
            return
    raise refused


def label_names(body: Any) -> list[str]:
    """The names in a labels body: ``{"labels": [...]}`` or a bare list, of names or objects."""
    raw = body.get("labels") if isinstance(body, dict) else body
    if not isinstance(raw, list):
        raise _invalid_labels()
    names: list[str] = []
    for item in raw:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise _invalid_labels()
        names.append(name.strip())
    return names


def _invalid_labels() -> SimError:
    invalid = {"resource": "Label", "field": "labels", "code": "invalid"}
    return SimError(422, "Validation Failed", errors=[invalid])


def ensure_labels(state: SimState, repo: SimRepo, names: list[str]) -> list[str]:
    """The repository's spelling of each name, creating labels that do not exist yet."""
    spelled = []
    for name in names:
        label = repo.labels.get(name.lower())
        if label is None:
            label = repo.labels[name.lower()] = LabelRecord(state.next_id(), name, DEFAULT_COLOR)
        spelled.append(label.name)
    return list(dict.fromkeys(spelled))


def add_labels(issue: Issue, names: list[str]) -> None:
    present = {name.lower() for name in issue.labels}
    issue.labels.extend(name for name in names if name.lower() not in present)


def remove_label(issue: Issue, name: str) -> None:
    """Take ``name`` off the issue; 404 "Label does not exist" when it is not on it."""
    kept = [label for label in issue.labels if label.lower() != name.lower()]
    if len(kept) == len(issue.labels):
        raise SimError(404, "Label does not exist")
    issue.labels[:] = kept


def new_label(state: SimState, repo: SimRepo, body: Any) -> LabelRecord:
    """A label from a create-label body; 422 for a missing name, bad color or a duplicate."""
    body = body if isinstance(body, dict) else {}
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        missing = {"resource": "Label", "field": "name", "code": "missing_field"}
        raise SimError(422, "Validation Failed", errors=[missing])
    color = _color(body.get("color", DEFAULT_COLOR)).lower()
    _free_name(repo, name.strip())
    description = body.get("description")
    label = LabelRecord(state.next_id(), name.strip(), color, description)
    repo.labels[label.name.lower()] = label
    return label


def change_label(repo: SimRepo, label: LabelRecord, body: Any) -> None:
    """Apply an update-label body (``new_name``, ``color``, ``description``).

    A new name follows the label onto every issue and pull request that carries it; the colour
    keeps the case it is sent in, as GitHub keeps it.
    """
    body = body if isinstance(body, dict) else {}
    if "color" in body:
        label.color = _color(body["color"])
    if "description" in body:
        label.description = body["description"]
    new_name = body.get("new_name")
    if not isinstance(new_name, str) or not new_name.strip() or new_name.strip() == label.name:
        return
    if new_name.strip().lower() != label.name.lower():
        _free_name(repo, new_name.strip())
    old = label.name
    del repo.labels[old.lower()]
    label.name = new_name.strip()
    repo.labels[label.name.lower()] = label
    for issue in _issues(repo):
        issue.labels[:] = [
            label.name if name.lower() == old.lower() else name for name in issue.labels
        ]


def delete_label(repo: SimRepo, label: LabelRecord) -> None:
    """Remove the label from the repository and from every issue and pull request."""
    del repo.labels[label.name.lower()]
    for issue in _issues(repo):
        issue.labels[:] = [name for name in issue.labels if name.lower() != label.name.lower()]


def _issues(repo: SimRepo) -> list[Issue]:
    return [*repo.issues.values(), *repo.pulls.values()]


def _color(color: Any) -> str:
    if not isinstance(color, str) or not COLOR.match(color.removeprefix("#")):
        bad = {"resource": "Label", "field": "color", "code": "invalid"}
        raise SimError(422, "Validation Failed", errors=[bad])
    return color.removeprefix("#")


def _free_name(repo: SimRepo, name: str) -> None:
    if name.lower() in repo.labels:
        taken = {"resource": "Label", "field": "name", "code": "already_exists"}
        raise SimError(422, "Validation Failed", errors=[taken])
