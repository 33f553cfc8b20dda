"""`regent serve`'s hint installs the server extra from where this copy came from (PEP 610)."""

from __future__ import annotations

from typing import Any

import pytest

from regent.cli.install_hint import install_command

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("direct_url", "command"),
    [
        pytest.param(None, "pip install 'release-regent[server]'", id="from-an-index"),
        pytest.param({}, "pip install 'release-regent[server]'", id="empty-record"),
        pytest.param(
            {
                "url": "https://github.com/acme/release-regent",
                "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
            },
            f"pip install 'release-regent[server] @ git+https://github.com/acme/release-regent@{COMMIT}'",
            id="git-url-at-the-commit-installed",
        ),
        pytest.param(
            {"url": "file:///home/me/release-regent", "dir_info": {}},
            "pip install '/home/me/release-regent[server]'",
            id="a-clone",
        ),
        pytest.param(
            {"url": "file:///home/me/my%20clones/release-regent", "dir_info": {"editable": True}},
            "pip install -e '/home/me/my clones/release-regent[server]'",
            id="a-clone-editable-with-a-space",
        ),
        pytest.param(
            {"url": "file:///tmp/release_regent-1.0.0-py3-none-any.whl", "archive_info": {}},
            "pip install 'release-regent[server] @ file:///tmp/release_regent-1.0.0-py3-none-any.whl'",
            id="a-wheel-file",
        ),
    ],
)
def test_the_install_command_follows_the_installation(
    direct_url: dict[str, Any] | None, command: str
) -> None:
    assert install_command("server", direct_url) == command
