"""The assets of a GitHub Release: listed, uploaded (never twice), deleted, downloaded, and the
draft that waited for them published."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from github.GithubException import GithubException
from github.GitRelease import GitRelease
from github.GitReleaseAsset import GitReleaseAsset
from github.PaginatedList import PaginatedList

from regent.adapters.github import values
from regent.adapters.github.call import RepoCall, absent
from regent.core.asset_ports import AssetFiles
from regent.core.assets import UPLOADED, AssetFile, ReleaseAsset
from regent.core.model import Release

PAGE_SIZE = 100
CONTENT_TYPE = "application/octet-stream"
_CHUNK = 1 << 20


def release_assets(call: RepoCall, release: Release) -> tuple[ReleaseAsset, ...]:
    """Every asset of ``release``, in pages of 100."""
    listed: PaginatedList[GitReleaseAsset] = PaginatedList(
        GitReleaseAsset,
        call.api.requester,
        f"{call.api.url}/releases/{release.id}/assets",
        {"per_page": PAGE_SIZE},
    )
    return tuple(_listed(item) for item in listed)


def upload_asset(
    call: RepoCall, release: Release, file: AssetFile, *, content: AssetFiles
) -> ReleaseAsset:
    """POST the file to the release's ``upload_url``; after a lost answer or GitHub's 422 for
    a name already taken, the listing decides: the same file there (size, and digest when
    given) is the upload, an unfinished one is deleted and the file sent again."""

    def send() -> ReleaseAsset:
        stream = io.BytesIO(file.content) if file.content is not None else content.open(file)
        with stream:
            _, data = call.api.requester.requestMemoryBlobAndCheck(
                "POST",
                release.upload_url.split("{?")[0],
                parameters={"name": file.name},
                headers={"Content-Type": CONTENT_TYPE, "Content-Length": str(file.size)},
                file_like=stream,
            )
        return _asset(data)

    def recheck() -> ReleaseAsset | None:
        found = next((a for a in release_assets(call, release) if a.name == file.name), None)
        if found is None:
            return None
        if (
            found.state == UPLOADED
            and found.size == file.size
            and found.sha256 in (None, file.sha256)
        ):
            return found
        delete_asset(call, found)
        return None

    return call.writer.create(send, recheck=recheck)


def delete_asset(call: RepoCall, asset: ReleaseAsset) -> bool:
    """DELETE the asset; False when GitHub no longer had it."""
    try:
        call.request("DELETE", f"/releases/assets/{asset.id}")
    except GithubException as error:
        if absent(error):
            return False
        raise
    return True


def asset_sha256(call: RepoCall, asset: ReleaseAsset) -> str:
    """The SHA-256 of the asset's bytes, streamed (GitHub answers 200, or 302 to a download)."""
    _, _, chunks = call.api.requester.getStream(
        f"{call.api.url}/releases/assets/{asset.id}", chunk_size=_CHUNK
    )
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def publish_draft(call: RepoCall, release: Release, *, latest: bool) -> Release:
    """PATCH the draft release published (and latest or not)."""
    body = {"draft": False, "make_latest": "true" if latest else "false"}
    requester = call.api.requester
    headers, data = requester.requestJsonAndCheck(
        "PATCH", f"{call.api.url}/releases/{release.id}", input=body
    )
    return values.release(GitRelease(requester, headers, data, completed=True))


def _listed(item: GitReleaseAsset) -> ReleaseAsset:
    """A listed asset, read from the fields the listing sent (``raw_data`` would fetch each)."""
    return ReleaseAsset(
        id=item.id,
        name=item.name,
        size=item.size,
        digest=item.digest or None,
        state=item.state or UPLOADED,
    )


def _asset(data: dict[str, Any]) -> ReleaseAsset:
    digest = data.get("digest")
    return ReleaseAsset(
        id=int(data["id"]),
        name=str(data["name"]),
        size=int(data["size"]),
        digest=digest if isinstance(digest, str) and digest else None,
        state=str(data.get("state") or UPLOADED),
    )
