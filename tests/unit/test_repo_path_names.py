"""Repository paths that name git's own folder or hold control characters: refused, through any
link, before anything is opened."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.errors import ConfigError
from regent.core.repo_paths import Links, resolve_repo_path


def resolve(path: str, links: dict[str, str]) -> str:
    return resolve_repo_path(path, read_link=links.get, links=Links.FOLLOW_INSIDE)


@pytest.mark.parametrize(
    ("path", "links"),
    [
        pytest.param(".git/config", {}, id="direct"),
        pytest.param(".git", {}, id="worktree-git-file"),
        pytest.param("vendor/lib/.git/config", {}, id="submodule"),
        pytest.param(".GIT/config", {}, id="upper-case"),
        pytest.param(".Git./config", {}, id="windows-trailing-dot"),
        pytest.param(".git /config", {}, id="windows-trailing-space"),
        pytest.param("GIT~1/config", {}, id="windows-short-name"),
        pytest.param("docs/../.git/config", {}, id="dotdot"),
        pytest.param("notes.j2", {"notes.j2": ".git/config"}, id="link-to-file"),
        pytest.param("meta/config", {"meta": ".git"}, id="link-to-folder"),
        pytest.param("a/n", {"a/n": "../b/x", "b/x": "../.git/HEAD"}, id="second-hop"),
    ],
)
def test_a_path_into_the_git_folder_is_refused(path: str, links: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as refused:
        resolve(path, links)
    assert refused.value.path == path
    assert "the repository's '.git' folder" in str(refused.value)


@pytest.mark.parametrize("path", [".github/workflows/x.yml", "a.git/config", ".gitignore", "git"])
def test_names_only_like_the_git_folder_are_files(path: str) -> None:
    assert resolve(path, {}) == path


@pytest.mark.parametrize(
    ("path", "links", "shown"),
    [
        pytest.param("a\x00b", {}, "U+0000", id="nul"),
        pytest.param("docs/\x1b[31mred", {}, "U+001B", id="escape"),
        pytest.param("a\x7f", {}, "U+007F", id="delete"),
        pytest.param("n", {"n": "x\x00y"}, "U+0000", id="in-link-target"),
    ],
)
def test_a_path_holding_a_control_character_is_refused(
    path: str, links: dict[str, str], shown: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        resolve(path, links)
    assert shown in str(refused.value)
    assert not any(ord(character) < 0x20 for character in str(refused.value))


PARTS = st.sampled_from([".git", ".GIT", "git~1", "a", "..", ".", "b", ".gitx"])


@given(
    path=st.lists(PARTS, min_size=1, max_size=6).map("/".join),
    links=st.dictionaries(st.sampled_from(["a", "b", "a/b"]), st.sampled_from(["..", ".git", "a"])),
)
def test_a_resolved_path_never_enters_the_git_folder(path: str, links: dict[str, str]) -> None:
    try:
        resolved = resolve(path, links)
    except ConfigError:
        return
    assert all(part.lower() not in (".git", "git~1") for part in resolved.split("/"))
