"""Releases: create, get (by id, by tag, latest), list, update, delete, generate notes."""

from __future__ import annotations

from typing import Any

from tests.github_sim.auth import token_info
from tests.github_sim.records import ReleaseRecord, now_iso
from tests.github_sim.releases import (
    check_make_latest,
    check_tag_name,
    ensure_tag,
    generate_notes,
    latest,
    release_json,
    set_latest,
    validation_failed,
)
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

RELEASES = "/repos/{owner}/{repo}/releases"
RELEASE = RELEASES + "/{release_id}"
READ = ("contents", "read")
WRITE = ("contents", "write")


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _body(request: Request) -> dict[str, Any]:
    return request.body if isinstance(request.body, dict) else {}


def _release(repo: SimRepo, request: Request) -> ReleaseRecord:
    text = request.params["release_id"]
    release = repo.releases.get(int(text)) if text.isdigit() else None
    if release is None:
        raise SimError(404, "Not Found")
    return release


RELEASE_BODY_LIMIT = 125_000
"""GitHub's 422 past this many characters: "body is too long (maximum is 125000 characters)"."""


def _text(body: dict[str, Any], name: str, default: str | None) -> str | None:
    value = body.get(name, default)
    if value is not None and not isinstance(value, str):
        raise validation_failed(name, "invalid")
    if name == "body" and value is not None and len(value) > RELEASE_BODY_LIMIT:
        raise validation_failed(name, "too_long")
    return value


@route("POST", RELEASES, "repos/create-release", permission=WRITE)
def create_release(state: SimState, request: Request) -> Response:
    repo, body = _repo(state, request), _body(request)
    tag = check_tag_name(repo, body.get("tag_name"))
    choice = check_make_latest(body.get("make_latest")) or "true"
    text = _text(body, "body", None)
    if body.get("generate_release_notes"):
        notes = generate_notes(state, repo, {"tag_name": tag, **body}, request.base_url)["body"]
        text = f"{text}\n\n{notes}" if text else notes
    draft = bool(body.get("draft", False))
    release = ReleaseRecord(
        id=state.next_id(),
        tag_name=tag,
        target_commitish=_text(body, "target_commitish", None) or repo.default_branch,
        name=_text(body, "name", None),
        body=text,
        author=token_info(state, request.token).login,
        draft=draft,
        prerelease=bool(body.get("prerelease", False)),
        published_at=None if draft else now_iso(),
    )
    ensure_tag(state, repo, release, request.base_url)
    repo.releases[release.id] = release
    set_latest(state, repo, release, choice)
    rendered = release_json(repo, release, request.base_url)
    return Response(201, rendered, {"Location": rendered["url"]})


@route("GET", RELEASES, "repos/list-releases", permission=READ)
def list_releases(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    newest_first = [release for _, release in sorted(repo.releases.items(), reverse=True)]
    return paginate(
        request,
        newest_first,
        render=lambda page: [release_json(repo, r, request.base_url) for r in page],
    )


@route("GET", RELEASES + "/latest", "repos/get-latest-release", permission=READ)
def get_latest_release(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    found = latest(state, repo)
    if found is None:
        raise SimError(404, "Not Found")
    return Response(200, release_json(repo, found, request.base_url))


@route("GET", RELEASES + "/tags/{tag}", "repos/get-release-by-tag", permission=READ)
def get_release_by_tag(state: SimState, request: Request) -> Response:
    repo, tag = _repo(state, request), request.params["tag"]
    for release in repo.releases.values():
        if release.tag_name == tag and not release.draft:
            return Response(200, release_json(repo, release, request.base_url))
    raise SimError(404, "Not Found")


@route("GET", RELEASE, "repos/get-release", permission=READ)
def get_release(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    return Response(200, release_json(repo, _release(repo, request), request.base_url))


@route("PATCH", RELEASE, "repos/update-release", permission=WRITE)
def update_release(state: SimState, request: Request) -> Response:
    repo, body = _repo(state, request), _body(request)
    release = _release(repo, request)
    choice = check_make_latest(body.get("make_latest"))
    was_draft = release.draft
    if "tag_name" in body:
        release.tag_name = check_tag_name(repo, body["tag_name"], release.id)
    target = _text(body, "target_commitish", None)
    release.target_commitish = target or release.target_commitish
    for name in ("name", "body"):
        if name in body:
            setattr(release, name, _text(body, name, None))
    release.draft = bool(body.get("draft", release.draft))
    release.prerelease = bool(body.get("prerelease", release.prerelease))
    if was_draft and not release.draft:
        release.published_at = now_iso()
        choice = choice or "true"
    ensure_tag(state, repo, release, request.base_url)
    if choice is not None or release.draft or release.prerelease:
        set_latest(state, repo, release, choice or "false")
    return Response(200, release_json(repo, release, request.base_url))


@route("DELETE", RELEASE, "repos/delete-release", permission=WRITE)
def delete_release(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    release = _release(repo, request)
    set_latest(state, repo, release, "false")
    del repo.releases[release.id]
    return Response(204)


@route("POST", RELEASES + "/generate-notes", "repos/generate-release-notes", permission=WRITE)
def generate_release_notes(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    return Response(200, generate_notes(state, repo, _body(request), request.base_url))
