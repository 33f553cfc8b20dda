"""Which components own a file and which commits belong to which component (tables)."""

from __future__ import annotations

import pytest

from regent.core.changes import CommitChange, Effect
from regent.core.components.attribution import attribute_changes, released_before
from regent.core.components.paths import PathIndex, normalise_folder

FOLDERS = (
    ("api", "packages/api"),
    ("api-client", "packages/api/client"),
    ("cli", "packages/cli"),
    ("docs", "docs"),
)


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        pytest.param("packages/api/index.js", ("api",), id="in-a-folder"),
        pytest.param("packages/api/client/x.ts", ("api", "api-client"), id="nested-both"),
        pytest.param("packages/cli/deep/er/file.py", ("cli",), id="deep"),
        pytest.param("packages/apix/file", (), id="a-prefix-is-not-a-folder"),
        pytest.param("packages/api", (), id="a-file-named-like-the-folder"),
        pytest.param("README.md", (), id="root-file"),
        pytest.param("docs/index.md", ("docs",), id="top-folder"),
    ],
)
def test_a_file_belongs_to_every_component_whose_folder_holds_it(
    path: str, owners: tuple[str, ...]
) -> None:
    assert PathIndex(FOLDERS).owners(path) == owners


def test_a_component_at_the_root_holds_every_file() -> None:
    index = PathIndex([("all", ""), ("api", "packages/api")])
    assert index.owners("README.md") == ("all",)
    assert index.owners("packages/api/a.js") == ("all", "api")
    assert index.owners_of(["README.md", "packages/api/a.js"]) == {"all", "api"}


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("packages/api", "packages/api"), ("./packages//api/", "packages/api"), (".", "")],
)
def test_folders_are_normalised(written: str, normalised: str) -> None:
    assert normalise_folder(written) == normalised


def change(sha: str, *, scope: str | None = None) -> CommitChange:
    return CommitChange(sha, Effect.COUNTED, f"feat: {sha}", "feat", scope)


NAMES = ("api", "cli")


@pytest.mark.parametrize(
    ("owners", "scope", "scope_as_component", "where"),
    [
        pytest.param({"api"}, None, False, (True, False, False), id="one-component"),
        pytest.param({"api", "cli"}, None, False, (True, True, False), id="both"),
        pytest.param(set(), None, False, (False, False, True), id="outside"),
        pytest.param(set(), "api", False, (False, False, True), id="scope-ignored-by-default"),
        pytest.param(set(), "api", True, (True, False, False), id="scope-counts"),
        pytest.param(set(), "API", True, (True, False, False), id="scope-any-case"),
        pytest.param({"cli"}, "api", True, (True, True, False), id="scope-and-files"),
        pytest.param(set(), "web", True, (False, False, True), id="scope-not-a-component"),
    ],
)
def test_attribution(
    owners: set[str], scope: str | None, scope_as_component: bool, where: tuple[bool, bool, bool]
) -> None:
    """``where``: in api's changes, in cli's, outside every component."""
    one = change("a" * 40, scope=scope)
    found = attribute_changes(
        (one,),
        owners={one.sha: frozenset(owners)},
        names=NAMES,
        released={"api": frozenset(), "cli": frozenset()},
        scope_as_component=scope_as_component,
    )
    api, cli = (one in found.by_component[name] for name in NAMES)
    assert (api, cli, one in found.outside) == where


def test_a_component_skips_the_commits_of_its_last_release_but_keeps_its_order() -> None:
    old, new, newer = change("1" * 40), change("2" * 40), change("3" * 40)
    owners = {c.sha: frozenset(NAMES) for c in (old, new, newer)}
    found = attribute_changes(
        (old, new, newer),
        owners=owners,
        names=NAMES,
        released={"api": frozenset({old.sha, new.sha}), "cli": frozenset()},
    )
    assert found.by_component == {"api": (newer,), "cli": (old, new, newer)}
    assert found.outside == ()


# a - b - c - m (head), d branches off a and merges at m
PARENTS = {"m": ("c", "d"), "c": ("b",), "d": ("a",), "b": ("a",), "a": ()}


@pytest.mark.parametrize(
    ("start", "released"),
    [
        pytest.param(None, set(), id="no-release"),
        pytest.param("b", {"a", "b"}, id="mainline"),
        pytest.param("d", {"a", "d"}, id="side-branch"),
        pytest.param("m", set(PARENTS), id="at-head"),
        pytest.param("elsewhere", set(), id="outside-the-walk"),
    ],
)
def test_released_before_is_what_the_start_reaches(start: str | None, released: set[str]) -> None:
    assert released_before(start, PARENTS) == released
