"""Release assets: upload (on the uploads host), list, get (JSON, or the bytes with ``Accept:
application/octet-stream``), delete."""

from __future__ import annotations

from tests.github_sim.auth import token_info
from tests.github_sim.release_assets import (
    UPLOADS_PATH,
    AssetRecord,
    asset_json,
    asset_store,
    github_name,
)
from tests.github_sim.routing import Request, Response, SimError, paginate, route
from tests.github_sim.state import SimRepo, SimState

RELEASE_ASSETS = "/repos/{owner}/{repo}/releases/{release_id}/assets"
ASSET = "/repos/{owner}/{repo}/releases/assets/{asset_id}"
READ = ("contents", "read")
WRITE = ("contents", "write")
OCTET_STREAM = "application/octet-stream"


def _repo(state: SimState, request: Request) -> SimRepo:
    return state.repo(request.params["owner"], request.params["repo"])


def _release_id(repo: SimRepo, request: Request) -> int:
    text = request.params["release_id"]
    if not text.isdigit() or int(text) not in repo.releases:
        raise SimError(404, "Not Found")
    return int(text)


def _asset(state: SimState, repo: SimRepo, request: Request) -> AssetRecord:
    text = request.params["asset_id"]
    found = asset_store(repo).assets.get(int(text)) if text.isdigit() else None
    if found is None or found.release_id not in repo.releases:
        raise SimError(404, "Not Found")
    return found


def _invalid(field: str, code: str) -> SimError:
    return SimError(
        422,
        "Validation Failed",
        errors=[{"resource": "ReleaseAsset", "code": code, "field": field}],
    )


@route("POST", UPLOADS_PATH + RELEASE_ASSETS, "repos/upload-release-asset", permission=WRITE)
def upload_release_asset(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    release_id = _release_id(repo, request)
    given = request.arg("name")
    if not given or not github_name(given):
        raise _invalid("name", "missing_field")
    name, store = github_name(given), asset_store(repo)
    if any(asset.name == name for asset in store.of_release(release_id)):
        raise _invalid("name", "already_exists")
    asset = AssetRecord(
        id=state.next_id(),
        release_id=release_id,
        name=name,
        content_type=request.headers.get("Content-Type") or OCTET_STREAM,
        data=request.raw_body,
        uploader=token_info(state, request.token).login,
        label=request.arg("label") or None,
    )
    store.assets[asset.id] = asset
    return Response(201, asset_json(repo, asset, request.base_url, digests=store.digests))


@route("GET", RELEASE_ASSETS, "repos/list-release-assets", permission=READ)
def list_release_assets(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    store = asset_store(repo)
    found = store.of_release(_release_id(repo, request))
    return paginate(
        request,
        found,
        render=lambda page: [
            asset_json(repo, asset, request.base_url, digests=store.digests) for asset in page
        ],
    )


@route("GET", ASSET, "repos/get-release-asset", permission=READ)
def get_release_asset(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    asset = _asset(state, repo, request)
    if OCTET_STREAM in (request.headers.get("Accept") or ""):
        return Response(200, asset.data, {"Content-Type": OCTET_STREAM})
    store = asset_store(repo)
    return Response(200, asset_json(repo, asset, request.base_url, digests=store.digests))


@route("DELETE", ASSET, "repos/delete-release-asset", permission=WRITE)
def delete_release_asset(state: SimState, request: Request) -> Response:
    repo = _repo(state, request)
    asset = _asset(state, repo, request)
    del asset_store(repo).assets[asset.id]
    return Response(204)
