"""The Action's outputs for the releases a run published: ``releases_created``, ``releases``
and, in a monorepo, each component's outputs named by its path as release-please-action's
manifest mode names them (docs/action.md)."""

from __future__ import annotations

import json

from regent.core.components.model import Component, Monorepo
from regent.core.model import PullRequest, PullState, Release
from regent.core.policy import ReleasePolicy
from regent.core.release_pr.actions import NothingToRelease, PublishRelease, ReleaseDecision
from regent.core.versioning.semver import SEMVER
from regent.runtimes.action.report import action_outputs
from regent.services.release import ReconcileOutcome
from regent.services.release_apply import Published

PULL = PullRequest(
    number=7, title="chore(release): api 1.2.0", body="", head_branch="release-regent/main",
    head_sha="b" * 40, base_branch="main", state=PullState.CLOSED, merged=True,
    merge_commit_sha="c" * 40, labels=(), draft=False, html_url="https://github.test/a/b/pull/7",
)  # fmt: skip
MONOREPO = Monorepo(
    components=(
        Component("api", "packages/api", ReleasePolicy()),
        Component("cli", "packages/cli", ReleasePolicy()),
        Component("web", "apps/web", ReleasePolicy()),
        Component("root", "", ReleasePolicy()),
    )
)


def published(tag: str, version: str, component: str | None, number: int) -> Published:
    action = PublishRelease(
        pull=PULL, version=version, tag=tag, commit="c" * 40, notes="notes", prerelease=False,
        latest=False, draft=False, tag_message=None, labels=(), delete_branch=False, reason="",
        component=component,
    )  # fmt: skip
    url = f"https://github.test/a/b/releases/tag/{tag}"
    release = Release(number, tag, tag, "notes", False, False, url, f"https://uploads/{number}")
    return Published(action, release)


def outcome(*done: Published) -> ReconcileOutcome:
    decision = ReleaseDecision(
        base_branch="main", release_branch="release-regent/main", base_sha="a" * 40,
        actions=(NothingToRelease(reason="released"),),
    )  # fmt: skip
    last = done[-1] if done else None
    return ReconcileOutcome(
        decision,
        decision.events,
        None,
        last.release if last else None,
        last.tag if last else None,
        last.version if last else None,
        published=done,
    )


def test_each_component_has_outputs_named_by_its_path() -> None:
    api = published("api-v1.2.0", "1.2.0", "api", 1)
    cli = published("cli-v0.3.1", "0.3.1", "cli", 2)
    outputs = action_outputs(outcome(api, cli), scheme=SEMVER, monorepo=MONOREPO)
    assert outputs["releases_created"] == "true"
    assert outputs["paths_released"] == '["packages/api", "packages/cli"]'
    assert {
        key.removeprefix("packages/api--"): value
        for key, value in outputs.items()
        if key.startswith("packages/api--")
    } == {
        "release_created": "true",
        "tag_name": "api-v1.2.0",
        "version": "1.2.0",
        "major": "1",
        "minor": "2",
        "patch": "0",
        "sha": "c" * 40,
        "html_url": "https://github.test/a/b/releases/tag/api-v1.2.0",
        "upload_url": "https://uploads/1",
    }
    assert (outputs["packages/cli--tag_name"], outputs["packages/cli--patch"]) == (
        "cli-v0.3.1",
        "1",
    )
    assert outputs["apps/web--release_created"] == "false"
    assert outputs["apps/web--tag_name"] == outputs["apps/web--version"] == ""
    assert outputs[".--release_created"] == "false"
    assert (outputs["release_created"], outputs["tag_name"]) == ("true", "cli-v0.3.1")


def test_releases_lists_every_release_as_json() -> None:
    api = published("api-v1.2.0", "1.2.0", "api", 1)
    releases = json.loads(
        action_outputs(outcome(api), scheme=SEMVER, monorepo=MONOREPO)["releases"]
    )
    assert releases == [
        {
            "component": "api",
            "path": "packages/api",
            "tag_name": "api-v1.2.0",
            "version": "1.2.0",
            "major": 1,
            "minor": 2,
            "patch": 0,
            "sha": "c" * 40,
            "html_url": "https://github.test/a/b/releases/tag/api-v1.2.0",
            "upload_url": "https://uploads/1",
            "prerelease": False,
        }
    ]


def test_a_single_package_has_releases_but_no_path_outputs() -> None:
    single = action_outputs(outcome(published("v2.0.0", "2.0.0", None, 3)), scheme=SEMVER)
    assert single["releases_created"] == "true"
    (release,) = json.loads(single["releases"])
    assert (release["component"], release["path"], release["tag_name"]) == (None, ".", "v2.0.0")
    assert not any("--" in key for key in single)
    assert "paths_released" not in single


def test_nothing_released() -> None:
    outputs = action_outputs(outcome(), scheme=SEMVER, monorepo=MONOREPO)
    assert (outputs["releases_created"], outputs["releases"]) == ("false", "[]")
    assert outputs["paths_released"] == "[]"
    assert outputs["packages/api--release_created"] == "false"
