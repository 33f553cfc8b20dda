"""Which components a release makes dependents of, and what their manifests become (pure)."""

from __future__ import annotations

import json

import pytest

from regent.core.components.dependents import (
    Member,
    find_dependents,
    read_workspace,
    workspace_edits,
)
from regent.core.version_files.kinds import VersionFileKind
from regent.core.version_files.workspace import Manifest


def npm(folder: str, name: str, **requires: str) -> Manifest:
    text = json.dumps({"name": name, "version": "1.0.0", "dependencies": requires}, indent=2)
    return Manifest(f"{folder}/package.json", VersionFileKind.PACKAGE_JSON, text + "\n")


def member(name: str, *, follows: bool = True, **requires: str) -> Member:
    return Member(name, (npm(name, name, **requires),), follows=follows)


def patch(name: str) -> dict[str, str]:
    return {name: "1.0.1"}


@pytest.mark.parametrize(
    ("members", "released", "expected"),
    [
        # a chain: api -> cli -> app, each released in turn
        (
            [member("api"), member("cli", api="^1.0.0"), member("app", cli="^1.0.0")],
            {"api": "1.1.0"},
            {"api": "1.1.0", "cli": "1.0.1", "app": "1.0.1"},
        ),
        # a requirement that follows the workspace without an edit releases nothing
        (
            [member("api"), member("cli", api="workspace:*")],
            {"api": "1.1.0"},
            {"api": "1.1.0"},
        ),
        # dependents: none on the dependent
        (
            [member("api"), member("cli", follows=False, api="^1.0.0")],
            {"api": "1.1.0"},
            {"api": "1.1.0"},
        ),
        # a cycle ends once every member of it releases
        (
            [member("api", cli="^1.0.0"), member("cli", api="^1.0.0")],
            {"api": "1.1.0"},
            {"api": "1.1.0", "cli": "1.0.1"},
        ),
        # a dependent already releasing keeps its own version
        (
            [member("api"), member("cli", api="^1.0.0")],
            {"api": "1.1.0", "cli": "2.0.0"},
            {"api": "1.1.0", "cli": "2.0.0"},
        ),
        # nothing releases: nothing moves
        ([member("api"), member("cli", api="^1.0.0")], {}, {}),
    ],
)
def test_dependents_released(
    members: list[Member], released: dict[str, str], expected: dict[str, str]
) -> None:
    assert find_dependents(read_workspace(members), released, patch=patch) == expected


def test_a_cycle_rewrites_both_requirements_and_names_the_versions() -> None:
    workspace = read_workspace([member("api", cli="^1.0.0"), member("cli", api="^1.0.0")])
    versions = find_dependents(workspace, {"api": "1.1.0"}, patch=patch)
    edits = workspace_edits(workspace, versions)
    assert edits["cli"].reason == "dependencies: api 1.1.0"
    assert edits["api"].reason == "dependencies: cli 1.0.1"
    assert '"cli": "^1.0.1"' in edits["api"].files[0].new_text
    assert '"api": "^1.1.0"' in edits["cli"].files[0].new_text


CARGO_ROOT = """\
[workspace]
members = ["api", "web"]

[workspace.dependencies]
api = { path = "api", version = "1.0.0" }  # shared
"""


def test_a_cargo_member_inheriting_the_root_requirement_is_a_dependent() -> None:
    api = Manifest("api/Cargo.toml", VersionFileKind.CARGO, '[package]\nname = "api"\n')
    web = Manifest(
        "web/Cargo.toml",
        VersionFileKind.CARGO,
        '[package]\nname = "web"\n\n[dependencies]\napi = { workspace = true }\n',
    )
    root = Manifest("Cargo.toml", VersionFileKind.CARGO, CARGO_ROOT)
    workspace = read_workspace([Member("api", (api,)), Member("web", (web,))], (root,))
    versions = find_dependents(workspace, {"api": "1.1.0"}, patch=patch)
    assert versions == {"api": "1.1.0", "web": "1.0.1"}
    edits = workspace_edits(workspace, versions)
    (root_edit,) = edits["api"].files  # the root goes with the package it rewrites
    assert root_edit.new_text == CARGO_ROOT.replace('version = "1.0.0"', 'version = "1.1.0"')
    assert edits["api"].changes == ()  # not a dependency of api's own
    assert edits["web"].reason == "dependencies: api 1.1.0"
    assert edits["web"].files == ()
