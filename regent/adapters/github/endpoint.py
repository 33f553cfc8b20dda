"""Where the GitHub API is and how hard to press it: one default URL and one throttle knob.

Standard library only (no PyGithub): every door reads these before its heavy imports.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_GIT_URL = "https://github.com"
THROTTLE_SETTING = "REGENT_GITHUB_THROTTLE"
"""Test knob: ``off`` drops PyGithub's pauses between requests (a local simulator only)."""


def api_url(value: str | None) -> str:
    """``value`` without surrounding whitespace or a trailing ``/``; the default when empty."""
    return (value or "").strip().rstrip("/") or DEFAULT_API_URL


def throttle_off(value: str | None) -> bool:
    """Whether a ``REGENT_GITHUB_THROTTLE`` value turns the pauses off."""
    return (value or "").strip().lower() == "off"


def git_server_url(*, api_url: str, server_url: str | None = None) -> str:
    """The GitHub git server (``https://HOST``) for an API URL; ``server_url`` wins when set.

    ``https://api.github.com`` -> ``https://github.com``; GitHub Enterprise Server
    ``https://HOST/api/v3`` -> ``https://HOST``; ``https://api.SUB.ghe.com`` ->
    ``https://SUB.ghe.com``; any other API URL: its scheme and host.
    """
    given = (server_url or "").strip().rstrip("/")
    if given:
        return given
    parts = urlsplit(api_url.strip())
    host = parts.netloc
    if parts.path.rstrip("/").endswith("/api/v3"):
        return f"{parts.scheme}://{host}"
    if host.startswith("api."):
        host = host.removeprefix("api.")
    return f"{parts.scheme}://{host}"
