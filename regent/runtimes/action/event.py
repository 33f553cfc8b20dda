"""Which base branch an Actions event asks to reconcile, or why the event is ignored.

Standard library only: an ignored event must finish without importing PyGithub or GitPython.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from regent.core.errors import UsageError
from regent.runtimes.action.settings import ActionSettings, flag, prerelease_channel

BRANCH_PREFIX = "refs/heads/"
INPUT_SOURCE = "release-as input"
DISPATCH_SOURCE = "workflow_dispatch input"


@dataclass(frozen=True, slots=True)
class Target:
    """Reconcile ``base_branch`` with these overrides."""

    base_branch: str
    release_as: str | None
    prerelease: str | None
    dry_run: bool
    source: str = INPUT_SOURCE
    default_branch: str | None = None
    """Set when ``base_branch`` is not the default branch and only the configuration's
    ``base_branches`` can make it a base branch (a push the workflow let through)."""


@dataclass(frozen=True, slots=True)
class Ignored:
    """Nothing to do for this event, and why."""

    reason: str


Route = Callable[[Mapping[str, Any], ActionSettings], "Target | Ignored"]


def route_event(settings: ActionSettings) -> Target | Ignored:
    """The target of ``settings.event_name``; the payload is read only for a routed event."""
    name = settings.event_name
    if name == "issue_comment":
        return Ignored("issue_comment ignored: comment commands are not handled yet")
    route = _ROUTES.get(name)
    if route is None:
        return Ignored(
            f"{name} ignored: Release Regent runs on push, pull_request (closed), "
            "workflow_dispatch and schedule"
        )
    return route(load_payload(settings.event_path), settings)


def load_payload(path: Path | None) -> Mapping[str, Any]:
    """The JSON object in the event file, or a ``UsageError`` saying what is wrong with it."""
    if path is None:
        raise UsageError("GITHUB_EVENT_PATH is not set; run Release Regent as a workflow step")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read the event file {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"the event file {path} is not JSON: {error}") from None
    except RecursionError:
        raise UsageError(
            f"the event file {path} nests arrays and objects too deeply to read; GitHub's "
            "events nest a few levels: give the file the event came in"
        ) from None
    except ValueError as error:  # a number over Python's 4300-digit limit
        raise UsageError(
            f"the event file {path} holds a number too long to read "
            f"({str(error).split(';')[0]}); give the file the event came in"
        ) from None
    if not isinstance(payload, dict):
        raise UsageError(f"the event file {path} does not hold a JSON object")
    return payload


def _push(payload: Mapping[str, Any], settings: ActionSettings) -> Target | Ignored:
    ref = _text(payload, "ref")
    if not ref.startswith(BRANCH_PREFIX) or payload.get("deleted") is True:
        return Ignored(f"push of {ref} ignored: only pushes to the release base branch count")
    branch = ref.removeprefix(BRANCH_PREFIX)
    chosen = settings.inputs.target_branch
    if chosen is not None and branch != chosen:
        return Ignored(f"push to {branch} ignored: releases are made from {chosen}")
    default = _text(payload, "repository", "default_branch")
    if chosen is None and branch != default:
        return replace(_target(branch, settings), default_branch=default)
    return _target(branch, settings)


def _pull_request(payload: Mapping[str, Any], settings: ActionSettings) -> Target | Ignored:
    action = _text(payload, "action")
    if action != "closed":
        return Ignored(f"pull_request {action} ignored: only closed pull requests count")
    base = _text(payload, "pull_request", "base", "ref")
    target = settings.inputs.target_branch
    if target is not None and base != target:
        return Ignored(f"pull request into {base} ignored: releases are made from {target}")
    return _target(base, settings)


def _dispatch(payload: Mapping[str, Any], settings: ActionSettings) -> Target:
    given = payload.get("inputs")
    dispatched: Mapping[str, Any] = given if isinstance(given, dict) else {}
    inputs = settings.inputs
    ref = payload.get("ref")
    branch = inputs.target_branch or (
        ref.removeprefix(BRANCH_PREFIX) if isinstance(ref, str) and ref else None
    )
    return Target(
        base_branch=branch or _text(payload, "repository", "default_branch"),
        release_as=inputs.release_as or _dispatched(dispatched, "release-as") or None,
        prerelease=inputs.prerelease or prerelease_channel(_dispatched(dispatched, "prerelease")),
        dry_run=inputs.dry_run or flag("dry-run", _dispatched(dispatched, "dry-run")),
        source=DISPATCH_SOURCE,
    )


def _schedule(payload: Mapping[str, Any], settings: ActionSettings) -> Target:
    branch = settings.inputs.target_branch or settings.ref_name
    if branch is None:
        raise UsageError("a scheduled run needs GITHUB_REF_NAME or the target-branch input")
    return _target(branch, settings)


def _target(branch: str, settings: ActionSettings) -> Target:
    inputs = settings.inputs
    return Target(branch, inputs.release_as, inputs.prerelease, inputs.dry_run)


def _dispatched(inputs: Mapping[str, Any], name: str) -> str:
    value = inputs.get(name, inputs.get(name.replace("-", "_")))
    if isinstance(value, bool):
        return str(value).lower()
    return value.strip() if isinstance(value, str) else ""


def _text(payload: Mapping[str, Any], *keys: str) -> str:
    value: Any = payload
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value:
        raise UsageError(
            f"the event payload has no {'.'.join(keys)}; GITHUB_EVENT_PATH must hold this "
            "run's event"
        )
    return value


_ROUTES: dict[str, Route] = {
    "push": _push,
    "pull_request": _pull_request,
    "pull_request_target": _pull_request,
    "workflow_dispatch": _dispatch,
    "schedule": _schedule,
}
