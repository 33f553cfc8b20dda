"""Links in release notes come only from a plain repository web address (a remote may say
anything: its text lands in the release PR, the Release and the CHANGELOG heading)."""

from __future__ import annotations

import pytest

from regent.core.changelog import web_address


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme/widget",
        "https://ghe.example.com/acme-corp/widget.js",
        "http://127.0.0.1:8080/a/b_c-d.e",
        "https://github.com/A1/.github",
    ],
)
def test_a_repository_web_address_is_kept(url: str) -> None:
    assert web_address(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
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
        "https://github.com/acme/widget\n",
        "https://github.com/" + "a" * 40 + "/widget",
        "https://github.com/acme/" + "w" * 101,
    ],
)
def test_anything_else_gives_no_links(url: str | None) -> None:
    assert web_address(url) is None
