"""Links in release notes come only from a plain repository web address: the origin's URL is
read by ``GitHistory.repository_url`` with GitHub's name rules (a remote may say anything, and
its text lands in the release PR, the Release and the CHANGELOG heading)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regent.adapters.git.history import GitHistory


def origin_url(tmp_path: Path, url: str) -> str | None:
    """``repository_url()`` of a new repository whose origin is ``url``."""
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", url], check=True)
    return GitHistory(tmp_path).repository_url()


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://github.com/acme/widget.git", "https://github.com/acme/widget"),
        ("https://x-access-token@github.com/acme/widget", "https://github.com/acme/widget"),
        ("git@github.com:acme/widget.git", "https://github.com/acme/widget"),
        (
            "ssh://git@ghe.example.com/acme-corp/widget.js",
            "https://ghe.example.com/acme-corp/widget.js",
        ),
        ("https://github.com/A1/.github/", "https://github.com/A1/.github"),
        ("https://github.com/a/b_c-d.e.git", "https://github.com/a/b_c-d.e"),
    ],
)
def test_a_repository_web_address_is_kept(tmp_path: Path, url: str, address: str) -> None:
    assert origin_url(tmp_path, url) == address


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme/x <img src=x onerror=alert(1)> <!--",
        'https://github.com/acme/x"onmouseover="alert(1)',
        "https://github.com/acme/x)[click](https://evil.example",
        "https://github.com/ac me/widget",
        "https://github.com/acme/widget/extra",
        "https://github.com/-acme/widget",
        "https://github.com/acme/..",
        "https://github.com/acme/.",
        "https://evil.example#/acme/widget",
        "https://gith<b>ub.com/acme/widget",
        "javascript://github.com/acme/widget",
        "ftp://github.com/acme/widget",
        "https://github.com/" + "a" * 40 + "/widget",
        "https://github.com/acme/" + "w" * 101,
        "/srv/git/acme/widget.git",
    ],
)
def test_anything_else_gives_no_links(tmp_path: Path, url: str) -> None:
    assert origin_url(tmp_path, url) is None
