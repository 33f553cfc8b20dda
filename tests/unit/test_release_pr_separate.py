"""Which release branches a monorepo's reconcile acts on, in each mode, and why the other mode's
release PRs are closed (docs/monorepo.md)."""

from __future__ import annotations

import pytest

from regent.core.release_pr.separate import (
    ReleaseBranch,
    blocking_branches,
    component_branch_name,
    not_a_component,
    now_separate,
    now_together,
    release_branches,
)

MAIN = "release-regent/main"


@pytest.mark.parametrize(
    ("separate", "found", "expected"),
    [
        (False, [], [ReleaseBranch(MAIN, ("api", "cli"))]),
        (
            True,
            [],
            [
                ReleaseBranch(MAIN, (), now_separate("main")),
                ReleaseBranch(f"{MAIN}/api", ("api",)),
                ReleaseBranch(f"{MAIN}/cli", ("cli",)),
            ],
        ),
        (
            True,
            [f"{MAIN}/web", f"{MAIN}/api"],
            [
                ReleaseBranch(MAIN, (), now_separate("main")),
                ReleaseBranch(f"{MAIN}/web", (), not_a_component("web")),
                ReleaseBranch(f"{MAIN}/api", ("api",)),
                ReleaseBranch(f"{MAIN}/cli", ("cli",)),
            ],
        ),
        (
            False,
            [f"{MAIN}/cli", f"{MAIN}/api", f"{MAIN}/cli"],
            [
                ReleaseBranch(f"{MAIN}/api", (), now_together("main")),
                ReleaseBranch(f"{MAIN}/cli", (), now_together("main")),
                ReleaseBranch(MAIN, ("api", "cli")),
            ],
        ),
    ],
)
def test_release_branches(separate: bool, found: list[str], expected: list[ReleaseBranch]) -> None:
    got = release_branches("main", components=("api", "cli"), separate=separate, found=found)
    assert list(got) == expected


@pytest.mark.parametrize(
    ("base", "component", "branch"),
    [
        ("main", "api", "release-regent/main/api"),
        ("release/1.x", "api.core", "release-regent/release%2F1.x/api.core"),
    ],
)
def test_a_component_s_branch_sits_under_its_base_s_release_branch(
    base: str, component: str, branch: str
) -> None:
    assert component_branch_name(base, component) == branch


def test_the_closing_comments_say_why_and_what_replaces_the_pull() -> None:
    assert "under `release-regent/main/`" in now_separate("main")
    assert "`release-regent/main`" in now_together("main")
    assert "`web` is no longer a component" in not_a_component("web")


@pytest.mark.parametrize(
    ("branch", "base", "expected"),
    [
        pytest.param(
            "release-regent/main/api", "main", ("release-regent/main",), id="a-components-own"
        ),
        pytest.param(
            "release-regent/main",
            "main",
            ("release-regent/main/api", "release-regent/main/cli"),
            id="the-one-for-all",
        ),
        pytest.param(
            "release-regent/release%2F1.x/api",
            "release/1.x",
            ("release-regent/release%2F1.x",),
            id="an-escaped-base",
        ),
        pytest.param("release-regent/mainline", "main", (), id="a-name-that-only-starts-alike"),
    ],
)
def test_the_branches_that_can_block_a_release_branch(
    branch: str, base: str, expected: tuple[str, ...]
) -> None:
    assert blocking_branches(branch, base_branch=base, components=("api", "cli")) == expected
