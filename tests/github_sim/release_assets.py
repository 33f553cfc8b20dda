"""Release assets as GitHub keeps them: bytes, size, ``sha256:`` digest and upload state, per
release; the uploads host (``<base>/api/uploads``, GitHub Enterprise Server's form, which
PyGithub accepts on the API's own host) and the asset JSON."""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from tests.github_sim.records import now_iso
from tests.github_sim.render import node_id, repo_api_url, user_json
from tests.github_sim.state import SimRepo

UPLOADS_PATH = "/api/uploads"
"""Where uploads go, under the simulator's URL (GitHub: ``https://uploads.github.com``)."""
_RENAMED = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class AssetRecord:
    """One asset: ``state`` is ``uploaded``, or ``starter`` for one an upload left unfinished."""

    id: int
    release_id: int
    name: str
    content_type: str
    data: bytes
    uploader: str
    state: str = "uploaded"
    label: str | None = None
    created_at: str = field(default_factory=now_iso)

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.data).hexdigest()


@dataclass
class AssetStore:
    """Every asset by id; ``digests`` False answers ``digest: null`` (assets uploaded before
    GitHub computed digests, or a GitHub Enterprise Server that has none)."""

    assets: dict[int, AssetRecord] = field(default_factory=dict)
    digests: bool = True

    def of_release(self, release_id: int) -> list[AssetRecord]:
        return [asset for _, asset in sorted(self.assets.items()) if asset.release_id == release_id]


_BY_REPO: dict[int, AssetStore] = {}
"""By ``id()`` of the repository object, dropped with it (a ``SimRepo`` is not hashable)."""


def asset_store(repo: SimRepo) -> AssetStore:
    """The release assets of ``repo`` (created on first use; handlers hold the state's lock)."""
    key = id(repo)
    found = _BY_REPO.get(key)
    if found is None:
        found = _BY_REPO[key] = AssetStore()
        weakref.finalize(repo, _BY_REPO.pop, key, None)
    return found


def upload_url(repo: SimRepo, release_id: int, base_url: str) -> str:
    """The release's ``upload_url`` (an RFC 6570 template, as GitHub writes it)."""
    releases = f"{base_url}{UPLOADS_PATH}/repos/{repo.full_name}/releases"
    return f"{releases}/{release_id}/assets{{?name,label}}"


def github_name(name: str) -> str:
    """The name GitHub gives an uploaded file: special characters become ``.``, leading and
    trailing periods go."""
    return _RENAMED.sub(".", name).strip(".")


def asset_json(
    repo: SimRepo, asset: AssetRecord, base_url: str, *, digests: bool
) -> dict[str, Any]:
    api = f"{repo_api_url(repo, base_url)}/releases/assets/{asset.id}"
    download = f"{base_url}/{repo.full_name}/releases/download/{asset.id}/{asset.name}"
    return {
        "url": api,
        "browser_download_url": download,
        "id": asset.id,
        "node_id": node_id("ReleaseAsset", asset.id),
        "name": asset.name,
        "label": asset.label,
        "state": asset.state,
        "content_type": asset.content_type,
        "size": len(asset.data),
        "digest": asset.digest if digests else None,
        "download_count": 0,
        "created_at": asset.created_at,
        "updated_at": asset.created_at,
        "uploader": user_json(asset.uploader, base_url),
    }


def release_assets_json(repo: SimRepo, release_id: int, base_url: str) -> list[dict[str, Any]]:
    """The ``assets`` of a release's JSON."""
    store = asset_store(repo)
    return [
        asset_json(repo, asset, base_url, digests=store.digests)
        for asset in store.of_release(release_id)
    ]
