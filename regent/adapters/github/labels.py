"""Labels on a pull request: set, add (creating labels the repository lacks) and remove."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from github.GithubException import GithubException

from regent.adapters.github.call import RepoCall
from regent.adapters.github.writes import already_exists, nothing_to_check

LABEL_COLOR = "ededed"


def set_labels(call: RepoCall, number: int, labels: Sequence[str]) -> tuple[str, ...]:
    """Replace the labels; labels the repository lacks are created, then the labels set again."""
    return _send_labels(call, "PUT", number, labels)


def add_labels(call: RepoCall, number: int, labels: Sequence[str]) -> tuple[str, ...]:
    """Add the labels (creating missing ones as ``set_labels`` does); all the labels after."""
    return _send_labels(call, "POST", number, labels)


def remove_label(call: RepoCall, number: int, label: str) -> bool:
    """Take the label off; False on GitHub's 404 "Label does not exist" (not on the PR)."""
    try:
        call.request("DELETE", f"/issues/{number}/labels/{quote(label, safe='')}")
    except GithubException as error:
        if error.status == 404 and "label does not exist" in _message(error):
            return False
        raise
    return True


def _send_labels(call: RepoCall, verb: str, number: int, labels: Sequence[str]) -> tuple[str, ...]:
    path, body = f"/issues/{number}/labels", {"labels": list(labels)}
    try:
        data = call.request(verb, path, body=body)
    except GithubException as error:
        if error.status not in (404, 422):
            raise
        for label in labels:
            _create_label(call, label)
        data = call.request(verb, path, body=body)
    return tuple(str(item["name"]) for item in data)


def _create_label(call: RepoCall, name: str) -> None:
    try:
        call.writer.create(
            lambda: call.api.create_label(name, LABEL_COLOR), recheck=nothing_to_check
        )
    except GithubException as error:
        if not already_exists(error):
            raise


def _message(error: GithubException) -> str:
    data = error.data if isinstance(error.data, dict) else {}
    return str(data.get("message", "")).lower()
