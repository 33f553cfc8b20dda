"""Every write to GitHub leaves an audit record: a full release through the simulator, each
non-GET request in its log matched by one record (docs/operations.md#audit)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from hashlib import sha256
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from regent.adapters.audit_log import AuditLog
from regent.adapters.github.audit import NOT_WRITES, SCHEMA_VERSION
from regent.adapters.github.routes import route_template
from regent.core.assets import AssetFile
from regent.core.errors import GitHubValidationError
from regent.core.run_context import RunContext, running
from tests.contract.conftest import Connect, World
from tests.contract.sim_remote import SimRemote
from tests.release_world import ReleaseWorld
from tests.remote import REPO

pytestmark = pytest.mark.contract

RUN = RunContext(
    door="action", run_id="4242", repository=REPO.full_name, event="push", sender="octocat"
)
FIELDS = {
    "schema",
    "time",
    "correlation_id",
    "door",
    "actor",
    "installation_id",
    "repository",
    "operation",
    "object",
    "action",
    "before",
    "after",
    "outcome",
    "request",
}


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="ascii").splitlines()]


def sim_writes(world: World) -> list[tuple[str, str, int | None]]:
    """The simulator's log of writes: method, route template, status."""
    logged = [
        (entry["method"], route_template(entry["path"]), entry["status"])
        for entry in world.requests()
        if entry["method"] not in ("GET", "HEAD")
    ]
    return [
        (method, route, status)
        for method, route, status in logged
        if (method, route) not in NOT_WRITES
    ]


def test_a_release_leaves_a_record_for_every_write(
    world: World, connect: Connect, tmp_path: Path
) -> None:
    audit_file = tmp_path / "audit" / "trail.jsonl"
    github = connect(audit=AuditLog(audit_file))
    release_world = ReleaseWorld.create(SimRemote(world), github, tmp_path)
    logged: list[tuple[str, str, int | None]] = []

    def reconcile() -> None:
        """One run; the simulator's log of its writes kept (the test's own writes are not)."""
        world.forget()
        with running(RUN):
            release_world.reconcile()
        logged.extend(sim_writes(world))

    reconcile()
    release_world.merge_change("fix: one more")
    reconcile()
    (pull,) = release_world.open_pulls()
    release_world.remote.merge(pull["number"], method="squash")
    reconcile()

    written = records(audit_file)
    seen = [
        (r["request"]["method"], r["request"]["route"], r["request"]["status"]) for r in written
    ]
    assert seen == logged
    assert len(seen) >= 14  # the writes of issue 4's lifecycle budget
    for record in written:
        assert set(record) == FIELDS
        assert record["schema"] == SCHEMA_VERSION
        assert record["correlation_id"] == "4242"
        assert record["actor"] == "octocat"
        assert record["door"] == "action"
        assert record["repository"] == REPO.full_name
        assert record["outcome"] == "done"
        assert record["time"].endswith("Z")

    by_action = {(r["object"]["kind"], r["action"]) for r in written}
    assert {
        ("tree", "create"),
        ("commit", "create"),
        ("branch", "create"),
        ("pull_request", "create"),
        ("labels", "replace"),
        ("branch", "update"),
        ("pull_request", "update"),
        ("tag", "create"),
        ("release", "create"),
        ("branch", "delete"),
        ("comment", "create"),
    } <= by_action

    tag = next(r for r in written if r["object"]["kind"] == "tag")
    assert tag["object"]["id"] == release_world.releases()[0]["tag_name"]
    ref = world.client.get(f"{world.api}/git/ref/tags/{tag['object']['id']}").body
    assert tag["after"]["sha"] == ref["object"]["sha"]
    assert tag["operation"] == "ensure_tag"
    release = next(r for r in written if r["object"]["kind"] == "release")
    assert release["after"]["tag_name"] == tag["object"]["id"]

    update = next(
        r for r in written if r["object"]["kind"] == "pull_request" and r["action"] == "update"
    )
    assert update["object"]["id"] == str(pull["number"])
    assert update["before"]["number"] == pull["number"]
    assert update["before"]["head"] == "release-regent/main"
    assert update["after"]["body"]["length"] > 0
    deleted = next(r for r in written if r["action"] == "delete")
    assert deleted["object"] == {"kind": "branch", "id": "release-regent/main"}
    assert deleted["after"] is None


def test_a_refused_write_is_recorded_with_its_status(
    world: World, connect: Connect, tmp_path: Path
) -> None:
    audit_file = tmp_path / "trail.jsonl"
    github = connect(audit=AuditLog(audit_file))
    world.fault("POST", r"/git/refs$", status=422, times=1)
    world.forget()
    with pytest.raises(GitHubValidationError):
        github.ensure_tag(tag="v9.9.9", sha=world.base)
    (record,) = [r for r in records(audit_file) if r["object"]["kind"] == "tag"]
    assert record["outcome"] == "refused"
    assert record["request"]["status"] == 422
    assert record["after"] is None
    assert record["correlation_id"] is None
    assert len(records(audit_file)) == len(sim_writes(world))


class NoFiles:
    """The checkout's files: none is read (the asset carries its own bytes)."""

    def matching(self, patterns: Sequence[str]) -> tuple[AssetFile, ...]:
        raise AssertionError(patterns)

    def open(self, file: AssetFile) -> BinaryIO:
        raise AssertionError(file)


def test_release_assets_leave_a_record_each(world: World, connect: Connect, tmp_path: Path) -> None:
    """A draft release, an asset uploaded (through the upload URL, another path prefix),
    the draft published, the asset deleted: one record per write in the simulator's log."""
    audit_file = tmp_path / "trail.jsonl"
    github = connect(audit=AuditLog(audit_file))
    world.forget()
    with running(RUN):
        github.ensure_tag(tag="v2.0.0", sha=world.base)
        draft = github.ensure_release(tag="v2.0.0", name="v2.0.0", body="notes", draft=True).value
        content = b"wheel bytes"
        file = AssetFile("a.whl", "dist/a.whl", len(content), sha256(content).hexdigest(), content)
        asset = github.upload_asset(draft, file, content=NoFiles())
        github.publish_draft(draft, latest=True)
        assert github.delete_asset(asset)
    written = records(audit_file)
    seen = [
        (r["request"]["method"], r["request"]["route"], r["request"]["status"]) for r in written
    ]
    assert seen == sim_writes(world)
    kinds = [(r["object"]["kind"], r["action"]) for r in written]
    assert kinds == [
        ("tag", "create"),
        ("release", "create"),
        ("asset", "create"),
        ("release", "update"),
        ("asset", "delete"),
    ]
    upload = written[2]
    assert upload["after"] == {"name": "a.whl", "size": len(content), "release": str(draft.id)}
    assert upload["object"]["id"] == str(asset.id)
    published = written[3]
    assert published["before"]["draft"] is True
    assert published["after"]["draft"] is False
