"""The control API under ``/_sim/``: repositories, tokens, faults, rate limits, logs and events."""

from __future__ import annotations

import math
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tests.github_sim.faults import fault_json, parse_fault
from tests.github_sim.records import CommentRecord, PullRecord, ReleaseRecord
from tests.github_sim.routing import Request, Response, SimError, control
from tests.github_sim.state import DEFAULT_LOGIN, RateLimit, SimRepo, SimState, TokenInfo

COLLABORATOR_PERMISSIONS = ("admin", "maintain", "write", "triage", "read", "none")


@control("POST", "/_sim/repos")
def create_repo(state: SimState, request: Request) -> Response:
    body = _object(request)
    full_name = body.get("full_name")
    if not isinstance(full_name, str):
        raise SimError(422, "'full_name' (owner/name) is required")
    source = body.get("source")
    repo = state.add_repo(
        full_name,
        source=Path(source) if source else None,
        default_branch=body.get("default_branch") or "main",
    )
    return Response(201, {"full_name": repo.full_name, "git_dir": str(repo.git_dir)})


@control("GET", "/_sim/repos/{owner}/{repo}/state")
def repo_state(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    return Response(
        200,
        {
            "branches": _short_refs(repo, "refs/heads/"),
            "tags": _peeled_tags(repo),
            "pulls": [_pull_state(pull) for _, pull in sorted(repo.pulls.items())],
            "releases": [_release_state(release) for _, release in sorted(repo.releases.items())],
            "comments": [_comment_state(comment) for _, comment in sorted(repo.comments.items())],
        },
    )


@control("POST", "/_sim/repos/{owner}/{repo}/collaborators")
def set_collaborator(state: SimState, request: Request) -> Response:
    repo = state.repo(request.params["owner"], request.params["repo"])
    body = _object(request)
    login, permission = body.get("login"), body.get("permission", "write")
    if not isinstance(login, str) or permission not in COLLABORATOR_PERMISSIONS:
        raise SimError(422, f"'login' and 'permission' (one of {COLLABORATOR_PERMISSIONS}) needed")
    repo.collaborators[login.lower()] = permission
    if body.get("member") is True:
        repo.members.add(login.lower())
    return Response(201, {"login": login, "permission": permission})


@control("POST", "/_sim/tokens")
def register_token(state: SimState, request: Request) -> Response:
    body = _object(request)
    token = body.get("token")
    if not isinstance(token, str) or not token:
        raise SimError(422, "'token' is required")
    expires_in = body.get("expires_in_s")
    state.tokens[token] = TokenInfo(
        permissions=body.get("permissions"),
        expires_at=time.time() + float(expires_in) if expires_in is not None else None,
        installation_id=body.get("installation_id"),
        revoked=bool(body.get("revoked", False)),
        login=body.get("login") or DEFAULT_LOGIN,
    )
    return Response(201, {"token": token})


@control("GET", "/_sim/requests")
def list_requests(state: SimState, request: Request) -> Response:
    return Response(200, [asdict(entry) for entry in state.requests])


@control("DELETE", "/_sim/requests")
def clear_requests(state: SimState, request: Request) -> Response:
    state.requests.clear()
    return Response(204)


@control("POST", "/_sim/faults")
def add_fault(state: SimState, request: Request) -> Response:
    fault = parse_fault(request.body)
    state.faults.append(fault)
    return Response(201, fault_json(fault))


@control("GET", "/_sim/faults")
def list_faults(state: SimState, request: Request) -> Response:
    return Response(200, [fault_json(fault) for fault in state.faults])


@control("DELETE", "/_sim/faults")
def clear_faults(state: SimState, request: Request) -> Response:
    state.faults.clear()
    return Response(204)


@control("POST", "/_sim/rate_limit")
def set_rate_limit(state: SimState, request: Request) -> Response:
    """Set the primary limit: ``limit``, ``remaining`` (0 exhausts it), ``reset_in_s``; with
    ``installation_id``, that installation's own limit (its tokens no longer share the rest's)."""
    body = _object(request)
    rate = state.rate
    if body.get("installation_id") is not None:
        rate = state.installation_rates.setdefault(int(body["installation_id"]), RateLimit())
    rate.limit = int(body.get("limit", rate.limit))
    rate.used = rate.limit - int(body.get("remaining", rate.remaining))
    if "reset_in_s" in body:
        seconds = float(body["reset_in_s"])
        now = time.time()
        rate.reset = math.ceil(now + seconds) if seconds > 0 else int(now)
    return Response(200, {"limit": rate.limit, "remaining": rate.remaining, "reset": rate.reset})


@control("GET", "/_sim/events")
def list_events(state: SimState, request: Request) -> Response:
    return Response(200, list(state.events))


@control("DELETE", "/_sim/events")
def clear_events(state: SimState, request: Request) -> Response:
    state.events.clear()
    return Response(204)


@control("GET", "/_sim/violations")
def list_violations(state: SimState, request: Request) -> Response:
    return Response(200, list(state.violations))


@control("DELETE", "/_sim/violations")
def clear_violations(state: SimState, request: Request) -> Response:
    state.violations.clear()
    return Response(204)


def _object(request: Request) -> dict[str, Any]:
    if not isinstance(request.body, dict):
        raise SimError(422, "Expected a JSON object")
    return request.body


def _short_refs(repo: SimRepo, prefix: str) -> dict[str, str]:
    return {name.removeprefix(prefix): sha for name, sha in repo.refs(prefix).items()}


def _peeled_tags(repo: SimRepo) -> dict[str, str]:
    """Tag name -> the commit it points at (through an annotated tag object if any), read in
    one git process."""
    listed = repo.git(
        "for-each-ref", "--format=%(refname:strip=2) %(objectname) %(*objectname)", "refs/tags/"
    )
    rows = (line.split(" ") for line in listed.splitlines())
    return {name: peeled or sha for name, sha, peeled in rows}


def _pull_state(pull: PullRecord) -> dict[str, Any]:
    return {
        "number": pull.number,
        "title": pull.title,
        "body": pull.body,
        "state": pull.state,
        "merged": pull.merged,
        "head": pull.head,
        "base": pull.base,
        "labels": list(pull.labels),
    }


def _comment_state(comment: CommentRecord) -> dict[str, Any]:
    return {
        "id": comment.id,
        "issue": comment.issue_number,
        "user": comment.user,
        "body": comment.body,
        "reactions": [
            {"user": reaction["login"], "content": reaction["content"]}
            for reaction in comment.reactions
        ],
    }


def _release_state(release: ReleaseRecord) -> dict[str, Any]:
    return {
        "tag_name": release.tag_name,
        "name": release.name,
        "body": release.body,
        "draft": release.draft,
        "prerelease": release.prerelease,
        "target_commitish": release.target_commitish,
    }
