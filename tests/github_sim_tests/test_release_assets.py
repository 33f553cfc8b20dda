"""Release assets over HTTP: the uploads host named by ``upload_url``, GitHub's 422 for a name
taken, the list, the bytes back, delete, the release's ``assets``, and GitHub's renaming."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.release_assets import asset_store
from tests.github_sim.server import SimServer
from tests.github_sim_tests.scenarios import REPO, Widget, build_source, make_widget

pytestmark = pytest.mark.contract

RELEASES = f"{REPO}/releases"


@pytest.fixture(scope="module")
def widget_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_source(tmp_path_factory.mktemp("widget") / "source")


@pytest.fixture
def widget(sim: SimServer, widget_source: Path, tmp_path: Path) -> Widget:
    return make_widget(sim, widget_source, tmp_path)


def _release(widget: Widget, **fields: Any) -> dict[str, Any]:
    reply = widget.client.post(RELEASES, {"tag_name": "v1.0.0", **fields})
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def _upload(release: dict[str, Any], name: str, data: bytes) -> tuple[int, Any]:
    url = release["upload_url"].split("{?")[0] + f"?name={name}"
    headers = {"Authorization": "token x", "Content-Type": "application/octet-stream"}
    call = urllib.request.Request(url, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(call, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _download(sim: SimServer, asset: dict[str, Any]) -> bytes:
    headers = {"Authorization": "token x", "Accept": "application/octet-stream"}
    call = urllib.request.Request(asset["url"], headers=headers)
    with urllib.request.urlopen(call, timeout=10) as response:
        data: bytes = response.read()
        return data


def test_upload_url_names_the_uploads_host_and_an_upload_lists_with_size_and_digest(
    sim: SimServer, widget: Widget
) -> None:
    release = _release(widget)
    assert release["upload_url"] == (
        f"{sim.url}/api/uploads{RELEASES}/{release['id']}/assets{{?name,label}}"
    )
    assert release["assets"] == []
    status, asset = _upload(release, "widget-1.0.0.tar.gz", b"built bytes")
    assert status == 201, asset
    assert (asset["name"], asset["size"], asset["state"]) == ("widget-1.0.0.tar.gz", 11, "uploaded")
    assert asset["digest"] == "sha256:" + hashlib.sha256(b"built bytes").hexdigest()
    listed = widget.client.get(f"{RELEASES}/{release['id']}/assets").body
    assert [item["id"] for item in listed] == [asset["id"]]
    again = widget.client.get(f"{RELEASES}/{release['id']}").body
    assert [item["name"] for item in again["assets"]] == ["widget-1.0.0.tar.gz"]
    assert _download(sim, asset) == b"built bytes"
    assert widget.client.get(f"{RELEASES}/assets/{asset['id']}").body["name"] == asset["name"]


def test_a_name_already_taken_is_422_already_exists(widget: Widget) -> None:
    release = _release(widget)
    assert _upload(release, "a.txt", b"one")[0] == 201
    status, body = _upload(release, "a.txt", b"two")
    assert status == 422
    assert body["message"] == "Validation Failed"
    assert body["errors"] == [
        {"resource": "ReleaseAsset", "code": "already_exists", "field": "name"}
    ]


def test_delete_frees_the_name_and_a_second_delete_is_404(widget: Widget) -> None:
    release = _release(widget)
    _, asset = _upload(release, "a.txt", b"one")
    assert widget.client.delete(f"{RELEASES}/assets/{asset['id']}").status == 204
    assert widget.client.delete(f"{RELEASES}/assets/{asset['id']}").status == 404
    assert _upload(release, "a.txt", b"two")[0] == 201


def test_github_renames_special_characters_and_outer_periods(widget: Widget) -> None:
    release = _release(widget)
    _, asset = _upload(release, ".my%20file.zip", b"x")
    assert asset["name"] == "my.file.zip"


def test_without_digests_the_asset_says_null(widget: Widget, sim: SimServer) -> None:
    release = _release(widget)
    asset_store(sim.state.repo("acme", "widget")).digests = False
    _, asset = _upload(release, "a.txt", b"one")
    assert asset["digest"] is None


def test_an_unknown_release_is_404_and_no_name_is_422(widget: Widget) -> None:
    release = _release(widget)
    missing = {**release, "upload_url": release["upload_url"].replace(str(release["id"]), "999")}
    assert _upload(missing, "a.txt", b"x")[0] == 404
    status, body = _upload(release, "", b"x")
    assert status == 422
    assert error_codes_of(body) == ["missing_field"]


def error_codes_of(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["errors"]]
