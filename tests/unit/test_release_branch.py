"""Release branch names: one per base branch, never colliding in git's refs."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.release_pr.branch import release_branch_name


@pytest.mark.parametrize(
    ("base", "branch"),
    [
        pytest.param("main", "release-regent/main", id="main"),
        pytest.param("develop", "release-regent/develop", id="develop"),
        pytest.param("release/1.x", "release-regent/release%2F1.x", id="slash"),
        pytest.param("a/b/c", "release-regent/a%2Fb%2Fc", id="two-slashes"),
        pytest.param("100%", "release-regent/100%25", id="percent"),
        pytest.param("a%2Fb", "release-regent/a%252Fb", id="looks-escaped"),
        pytest.param("fix-ü", "release-regent/fix-ü", id="unicode"),
    ],
)
def test_release_branch_name(base: str, branch: str) -> None:
    assert release_branch_name(base) == branch


def test_branches_that_cannot_coexist_in_git_get_release_branches_that_can() -> None:
    names = {release_branch_name(base) for base in ("a", "a/b", "a/b/c", "a%2Fb")}
    assert len(names) == 4
    assert all(name.count("/") == 1 for name in names)


@pytest.mark.parametrize(
    "base", ["main", "release/1.x", "feature/a.b/c", "x.y", "100%", "a-b_c", "v1.0"]
)
def test_a_valid_base_name_gives_a_valid_branch_name(base: str) -> None:
    checked = subprocess.run(
        ["git", "check-ref-format", "--branch", release_branch_name(base)],
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


@given(st.text(min_size=1), st.text(min_size=1))
def test_the_escape_is_injective(first: str, second: str) -> None:
    if first != second:
        assert release_branch_name(first) != release_branch_name(second)
    assert release_branch_name(first).count("/") == 1
