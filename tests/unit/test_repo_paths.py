"""Repository paths: followed like the operating system would, never out of the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.adapters.checkout_files import read_checkout_file
from regent.core.errors import ConfigError
from regent.core.repo_paths import Links, resolve_repo_path

FOLLOW, REFUSE = Links.FOLLOW_INSIDE, Links.REFUSE


def resolve(path: str, links: dict[str, str], mode: Links = FOLLOW) -> str:
    return resolve_repo_path(path, read_link=links.get, links=mode)


@pytest.mark.parametrize(
    ("path", "links", "expected"),
    [
        pytest.param("a/b.txt", {}, "a/b.txt", id="plain"),
        pytest.param("./a//b.txt", {}, "a/b.txt", id="dots-and-slashes"),
        pytest.param("a/../b.txt", {}, "b.txt", id="inner-dotdot"),
        pytest.param("n.j2", {"n.j2": "docs/n.j2"}, "docs/n.j2", id="link-to-file"),
        pytest.param("d/n.j2", {"d": "docs"}, "docs/n.j2", id="link-to-folder"),
        pytest.param("d/n.j2", {"d": "x/y", "x": "z"}, "z/y/n.j2", id="chained"),
        pytest.param(
            "a/l/../n", {"a/l": "../b/c"}, "b/n", id="dotdot-after-link-is-target-relative"
        ),
    ],
)
def test_paths_inside_the_repository_resolve(
    path: str, links: dict[str, str], expected: str
) -> None:
    assert resolve(path, links) == expected


@pytest.mark.parametrize(
    ("path", "links", "cause"),
    [
        pytest.param("/etc/passwd", {}, "not a path relative", id="absolute"),
        pytest.param("", {}, "not a path relative", id="empty"),
        pytest.param("../x", {}, "outside the repository ('..')", id="dotdot"),
        pytest.param("a/../../x", {}, "outside the repository ('..')", id="inner-dotdot-out"),
        pytest.param(
            "n", {"n": "/proc/self/environ"}, "n -> '/proc/self/environ'", id="absolute-link"
        ),
        pytest.param("d/n", {"d": "../.."}, "outside the repository ('..')", id="climbing-link"),
        pytest.param("n", {"n": "m", "m": "n"}, "through the symbolic link", id="loop"),
        pytest.param("n", {"n": ""}, "through the symbolic link", id="empty-target"),
    ],
)
def test_paths_leaving_the_repository_are_config_errors(
    path: str, links: dict[str, str], cause: str
) -> None:
    with pytest.raises(ConfigError, match=r"leads outside|not a path") as refused:
        resolve(path, links)
    assert cause in str(refused.value)
    assert refused.value.path == path


def test_a_written_file_may_not_go_through_any_link() -> None:
    with pytest.raises(ConfigError, match=r"goes through the symbolic link d -> 'docs'"):
        resolve("d/CHANGELOG.md", {"d": "docs"}, REFUSE)


def test_a_link_target_is_shown_escaped_and_short() -> None:
    with pytest.raises(ConfigError) as refused:
        resolve("n", {"n": "/\x1b[31m" + "x" * 500})
    assert "\x1b" not in str(refused.value)
    assert len(str(refused.value)) < 300


PARTS = st.sampled_from(["a", "b", "..", ".", ""])
PATHS = st.lists(PARTS, min_size=1, max_size=6).map("/".join)


@given(path=PATHS, links=st.dictionaries(PATHS, PATHS | st.just("/abs"), max_size=4))
def test_a_resolved_path_never_leaves_the_repository(path: str, links: dict[str, str]) -> None:
    try:
        resolved = resolve(path, links)
    except ConfigError:
        return
    parts = resolved.split("/")
    assert not resolved.startswith("/")
    assert not {"..", "."} & set(parts)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "notes.md.j2")
    with pytest.raises(ConfigError, match="is not a regular file"):
        read_checkout_file(tmp_path, "notes.md.j2", limit=100, links=FOLLOW)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(ConfigError, match="is not a regular file"):
        read_checkout_file(tmp_path, "docs", limit=100, links=FOLLOW)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 101)
    (tmp_path / "fits").write_bytes(b"x" * 100)
    with pytest.raises(ConfigError, match="big: is larger than 100 bytes"):
        read_checkout_file(tmp_path, "big", limit=100, links=FOLLOW)
    assert read_checkout_file(tmp_path, "fits", limit=100, links=FOLLOW) == "x" * 100


def test_an_absent_file_is_none_and_a_dangling_link_an_error(tmp_path: Path) -> None:
    os.symlink("nowhere", tmp_path / "dangling")
    assert read_checkout_file(tmp_path, "absent", limit=100, links=FOLLOW) is None
    with pytest.raises(ConfigError, match="dangling: is a symbolic link to 'nowhere'"):
        read_checkout_file(tmp_path, "dangling", limit=100, links=FOLLOW)


def test_a_path_longer_than_path_max_is_refused_unread() -> None:
    with pytest.raises(ConfigError, match="is longer than 4096 characters"):
        resolve("a/" * 300_000 + "n", {})


def test_a_path_through_too_many_folders_and_links_is_refused() -> None:
    deep = {f"d{i}": f"d{i + 1}/x/y/z" for i in range(39)}
    with pytest.raises(ConfigError, match="more than 128 folders and links"):
        resolve("d0", deep)
